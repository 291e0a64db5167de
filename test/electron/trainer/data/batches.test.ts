// Feeding the trainer: batches cover exactly the requested indices with x = pixels / 255 and the
// label form the loss needs; seeded shuffles and (stratified) splits are deterministic partitions;
// class counts and the sample grid for the dataset view.
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  batches, classCounts, createAugmenter, encodeLabels, normalizeImages, sampleGrid, sampleGridPng, shuffledIndices,
  trainValidationSplit, type Dataset,
} from '../../../../electron/trainer/data/index.ts';
import { noiseImage } from './helpers.ts';

// 30 images of 2x2x1, labels 0 (x12), 1 (x12), 2 (x6)
const labels = Int32Array.from({ length: 30 }, (_, i) => (i < 12 ? 0 : i < 24 ? 1 : 2));
const ds: Dataset = { name: 't', source: '/t', images: noiseImage(30 * 4, 1), labels, shape: [2, 2, 1], classes: ['a', 'b', 'c'], count: 30 };

describe('batches', () => {
  it('covers the indices in order with x = pixels / 255 and integer labels', () => {
    const idx = [5, 0, 29, 13, 7];
    const all = [...batches(ds, idx, 2)];
    expect(all.map((b) => b.size)).toEqual([2, 2, 1]);
    expect(all.flatMap((b) => Array.from(b.indices))).toEqual(idx);
    const b0 = all[0]!;
    expect(b0.xShape).toEqual([2, 2, 2, 1]);
    expect(b0.yShape).toEqual([2]);
    expect(Array.from(b0.y)).toEqual([0, 0]);
    expect(Array.from(b0.x)).toEqual(Array.from(ds.images.subarray(20, 24)).concat(Array.from(ds.images.subarray(0, 4))).map((v) => Math.fround(v / 255)));
    expect(Array.from(all[1]!.y)).toEqual([2, 1]);
  });

  it('one-hot rows, drop remainder', () => {
    const all = [...batches(ds, [0, 12, 24, 1], 3, { oneHot: true, dropRemainder: true })];
    expect(all).toHaveLength(1);
    expect(all[0]!.yShape).toEqual([3, 3]);
    expect(Array.from(all[0]!.y)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('augmentation is applied per image and stays in [0, 1]; seeded', () => {
    const aug = createAugmenter(ds, { flip: true, colorShift: 60 });
    const run = (): number[] => [...batches(ds, shuffledIndices(30, 1), 8, { augment: aug, seed: 3 })].flatMap((b) => Array.from(b.x));
    const a = run();
    expect(run()).toEqual(a);
    expect(a.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(a).not.toEqual([...batches(ds, shuffledIndices(30, 1), 8)].flatMap((b) => Array.from(b.x)));
  });

  it('normalizeImages and encodeLabels agree with the batches', () => {
    const idx = [3, 14, 25];
    const [b] = [...batches(ds, idx, 3, { oneHot: true })];
    expect(normalizeImages(ds, idx)).toEqual(b!.x);
    expect(encodeLabels(ds, idx, true)).toEqual(b!.y);
    expect(Array.from(encodeLabels(ds, idx, false))).toEqual([0, 1, 2]);
  });

  it('rejects a bad batch size', () => {
    expect(() => [...batches(ds, [0], 0)]).toThrow(/Batch size must be a whole number/);
  });
});

describe('shuffle and split', () => {
  it('seeded shuffles are permutations, repeatable, seed-dependent', () => {
    const a = shuffledIndices(30, 5);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(shuffledIndices(30, 5)).toEqual(a);
    expect(shuffledIndices(30, 6)).not.toEqual(a);
  });

  it('split partitions the dataset; without shuffle it takes the last part like Keras', () => {
    const s = trainValidationSplit(ds, 0.2, { seed: 1 });
    expect(s.train.length).toBe(24);
    expect(s.validation.length).toBe(6);
    expect([...s.train, ...s.validation].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const k = trainValidationSplit(ds, 0.2, { shuffle: false });
    expect(Array.from(k.validation)).toEqual([24, 25, 26, 27, 28, 29]);
  });

  it('stratified split keeps each class share', () => {
    const s = trainValidationSplit(ds, 0.5, { seed: 2, stratified: true });
    expect(classCounts(ds, s.validation)).toEqual([6, 6, 3]);
    expect(classCounts(ds, s.train)).toEqual([6, 6, 3]);
  });

  it('rejects a fraction outside [0, 1)', () => {
    expect(() => trainValidationSplit(ds, 1)).toThrow(/Validation split must be/);
  });
});

describe('dataset view', () => {
  it('class balance and a sample grid per class', () => {
    expect(classCounts(ds)).toEqual([12, 12, 6]);
    const grid = sampleGrid(ds, 4, 9);
    expect(grid.map((r) => r.length)).toEqual([4, 4, 4]);
    grid.forEach((row, c) => row.forEach((i) => expect(ds.labels[i]).toBe(c)));
    expect(sampleGrid(ds, 4, 9)).toEqual(grid);
  });

  it('the grid PNG has a row per class', () => {
    const png = PNG.sync.read(sampleGridPng(ds, 3, { gap: 1 }));
    expect([png.width, png.height]).toEqual([3 * 2 + 2, 3 * 2 + 2]);
    const first = ds.images[sampleGrid(ds, 3)[0]![0]! * 4]!;
    expect(Array.from(png.data.subarray(0, 4))).toEqual([first, first, first, 255]);
  });
});
