/**
 * Sample order for training: the seeded train/validation split (Keras' validation_split
 * semantics after a seeded shuffle), per-epoch permutations, and pixel chunks for evaluation.
 * Training batches themselves come from the data module's `batches` (with augmentation).
 */
import type * as TF from '@tensorflow/tfjs';
import type { Dataset } from './data/types.ts';
import { createRng } from './data/rng.ts';

/** How labels are fed: class indices, one-hot rows, or one 0/1 column. */
export type LabelEncoding = 'sparse' | 'onehot' | 'binary';

/** The indices 0..n-1 in an order set by `seed` (Fisher-Yates). */
export function seededPermutation(n: number, seed: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = createRng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * Splits 0..n-1 into training and validation indices: shuffled with `seed` (when `shuffle`),
 * then the last `fraction` held out, as Keras' validation_split holds out the last samples.
 * floor(n * (1 - fraction)) samples train: 150 at 0.2 gives 120 / 30.
 */
export function splitIndices(n: number, fraction: number, seed: number, shuffle = true): { train: Int32Array; validation: Int32Array } {
  const order = shuffle ? seededPermutation(n, seed) : Int32Array.from({ length: n }, (_, i) => i);
  const trainCount = fraction > 0 ? Math.min(n, Math.floor(n * (1 - fraction) + 1e-9)) : n;
  return { train: order.slice(0, trainCount), validation: order.slice(trainCount) };
}

/** Bytes of one sample. */
export function sampleSize(dataset: Pick<Dataset, 'shape'>): number {
  return dataset.shape[0] * dataset.shape[1] * dataset.shape[2];
}

/** Copies the samples `indices[from..to)` into one uint8 buffer. */
export function gatherPixels(dataset: Dataset, indices: ArrayLike<number>, from: number, to: number): Uint8Array {
  const size = sampleSize(dataset);
  const out = new Uint8Array((to - from) * size);
  for (let i = from; i < to; i++) {
    const s = indices[i]!;
    out.set(dataset.images.subarray(s * size, (s + 1) * size), (i - from) * size);
  }
  return out;
}

/** Scales uint8 pixels to float32 in [0, 1] and shapes them as [n, ...inputShape]. */
export function pixelTensor(tf: typeof TF, pixels: Uint8Array, n: number, inputShape: readonly number[]): TF.Tensor {
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) x[i] = pixels[i]! / 255;
  return tf.tensor(x, [n, ...inputShape]);
}

/** `indices` in an order set by `seed`. */
export function shuffled(indices: Int32Array, seed: number): Int32Array {
  const p = seededPermutation(indices.length, seed);
  const out = new Int32Array(indices.length);
  for (let i = 0; i < p.length; i++) out[i] = indices[p[i]!]!;
  return out;
}
