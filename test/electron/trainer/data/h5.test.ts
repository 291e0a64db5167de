// Course HDF5 files: counts and class names of the four real files against the dataset README,
// split choice, and clear errors (missing keys, not HDF5, missing file) on files written with h5wasm.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import h5wasm from 'h5wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classCounts, DatasetError, loadDataset } from '../../../../electron/trainer/data/index.ts';
import { COURSE_H5, datasetsPresent, noiseImage, tempDir } from './helpers.ts';

// Published in /work/shared/datasets/README.md (the reference, not our reader).
const README = [
  { file: 'train_catvnoncat.h5', count: 209, classes: ['non-cat', 'cat'], perClass: [137, 72], split: 'train' },
  { file: 'test_catvnoncat.h5', count: 50, classes: ['non-cat', 'cat'], perClass: [17, 33], split: 'test' },
  { file: 'test_happy.h5', count: 150, classes: ['0', '1'], perClass: [66, 84], split: 'test' },
  { file: 'test_signs.h5', count: 120, classes: ['0', '1', '2', '3', '4', '5'], perClass: [20, 20, 20, 20, 20, 20], split: 'test' },
] as const;

describe.skipIf(!datasetsPresent('course HDF5 files'))('course HDF5 files', () => {
  it.each(README)('$file: counts and class names match the README', async ({ file, count, classes, perClass, split }) => {
    const ds = await loadDataset({ kind: 'h5', path: path.join(COURSE_H5, file) });
    expect(ds.count).toBe(count);
    expect(ds.shape).toEqual([64, 64, 3]);
    expect(ds.images.length).toBe(count * 64 * 64 * 3);
    expect(ds.classes).toEqual(classes);
    expect(classCounts(ds)).toEqual(perClass);
    expect(ds.split).toBe(split);
    expect(ds.name).toBe(file);
  });

  it.each(README)('$file: pixels are real photos (uint8, not blank, varied)', async ({ file }) => {
    const ds = await loadDataset({ kind: 'h5', path: path.join(COURSE_H5, file) });
    const first = ds.images.subarray(0, 64 * 64 * 3);
    const distinct = new Set(first).size;
    const mean = first.reduce((a, b) => a + b, 0) / first.length;
    expect(distinct).toBeGreaterThan(50);
    expect(mean).toBeGreaterThan(10);
    expect(mean).toBeLessThan(245);
  });

  it('test_signs.h5 resized to 32x32x1 keeps labels and applies limitPerClass', async () => {
    const ds = await loadDataset({ kind: 'h5', path: path.join(COURSE_H5, 'test_signs.h5') }, { targetShape: [32, 32, 1], limitPerClass: 3 });
    expect(ds.shape).toEqual([32, 32, 1]);
    expect(ds.count).toBe(18);
    expect(classCounts(ds)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(ds.images.length).toBe(18 * 32 * 32);
  });

  it('asking a train-only file for its test split is refused, naming the file', async () => {
    const file = path.join(COURSE_H5, 'train_catvnoncat.h5');
    const err = await loadDataset({ kind: 'h5', path: file, split: 'test' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).file).toBe(file);
    expect((err as DatasetError).message).toMatch(/no test_set_x/);
  });

  it('a test-only file asked for training data loads its test arrays', async () => {
    const ds = await loadDataset({ kind: 'h5', path: path.join(COURSE_H5, 'test_happy.h5'), split: 'train' });
    expect(ds.split).toBe('test');
    expect(ds.count).toBe(150);
  });
});

describe('HDF5 files written here', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  beforeAll(async () => {
    await h5wasm.ready;
  });

  function write(name: string, build: (f: InstanceType<typeof h5wasm.File>) => void): string {
    const file = path.join(tmp.dir, name);
    const f = new h5wasm.File(file, 'w');
    build(f);
    f.close();
    return file;
  }

  it('a file with both splits picks by split; string classes; float pixels in 0..1', async () => {
    const x = noiseImage(4 * 8 * 8 * 3, 1);
    const file = write('both.h5', (f) => {
      f.create_dataset({ name: 'train_set_x', data: x, shape: [4, 8, 8, 3], dtype: '<B' });
      f.create_dataset({ name: 'train_set_y', data: new BigInt64Array([0n, 1n, 2n, 1n]), shape: [4] });
      f.create_dataset({ name: 'test_set_x', data: Float32Array.from(x.subarray(0, 2 * 192), (v) => v / 255), shape: [2, 8, 8, 3] });
      f.create_dataset({ name: 'test_set_y', data: new BigInt64Array([2n, 0n]), shape: [1, 2] });
      f.create_dataset({ name: 'list_classes', data: ['ant', 'bee', 'cow'] });
    });
    const train = await loadDataset({ kind: 'h5', path: file });
    expect(train.split).toBe('train');
    expect(Array.from(train.labels)).toEqual([0, 1, 2, 1]);
    expect(train.classes).toEqual(['ant', 'bee', 'cow']);
    expect(train.images).toEqual(x);
    const test = await loadDataset({ kind: 'h5', path: file, split: 'test' });
    expect(test.split).toBe('test');
    expect(Array.from(test.labels)).toEqual([2, 0]);
    expect(test.images).toEqual(x.subarray(0, 2 * 192));
  });

  it('missing course keys: the error lists what the file holds', async () => {
    const file = write('keys.h5', (f) => {
      f.create_dataset({ name: 'images', data: new Uint8Array(12), shape: [1, 2, 2, 3] });
    });
    const err = (await loadDataset({ kind: 'h5', path: file }).catch((e: unknown) => e)) as DatasetError;
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.file).toBe(file);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/expected train_set_x and train_set_y .* found images/);
  });

  it('labels beyond list_classes, and label/image count mismatch, are explained', async () => {
    const few = write('few.h5', (f) => {
      f.create_dataset({ name: 'train_set_x', data: new Uint8Array(2 * 12), shape: [2, 2, 2, 3] });
      f.create_dataset({ name: 'train_set_y', data: new BigInt64Array([0n, 3n]), shape: [2] });
      f.create_dataset({ name: 'list_classes', data: ['a', 'b'] });
    });
    await expect(loadDataset({ kind: 'h5', path: few })).rejects.toThrow(/labels go up to 3 but list_classes names only 2/);
    const mismatch = write('mismatch.h5', (f) => {
      f.create_dataset({ name: 'train_set_x', data: new Uint8Array(2 * 12), shape: [2, 2, 2, 3] });
      f.create_dataset({ name: 'train_set_y', data: new BigInt64Array([0n, 1n, 1n]), shape: [3] });
    });
    await expect(loadDataset({ kind: 'h5', path: mismatch })).rejects.toThrow(/3 labels for 2 images/);
  });

  it('a file that is not HDF5, and a missing file, name the path', async () => {
    const fake = path.join(tmp.dir, 'fake.h5');
    writeFileSync(fake, 'this is not an HDF5 file at all');
    await expect(loadDataset({ kind: 'h5', path: fake })).rejects.toThrow(new RegExp(`${fake} is not an HDF5 file`));
    const missing = path.join(tmp.dir, 'missing.h5');
    await expect(loadDataset({ kind: 'h5', path: missing })).rejects.toThrow(new RegExp(`${missing} does not exist`));
  });
});
