// Feeding the trainer: images become floats in [0, 1] (x / 255) one batch at a time, so a large
// dataset never exists as a float copy; labels come as class numbers or one-hot rows, whichever
// the loss needs. Augmentation, when given, runs per image on the fly with a seeded RNG.
import type { Augmenter } from './augmenter.ts';
import { createRng } from './rng.ts';
import { DatasetError, type Dataset } from './types.ts';

export interface BatchOptions {
  /** One-hot label rows (categorical cross-entropy, MSE) instead of class numbers. */
  oneHot?: boolean;
  /** Width of the one-hot rows (default: the dataset's class count). */
  numClasses?: number;
  /** Per-image augmentation (see createAugmenter); training batches only. */
  augment?: Augmenter;
  /** Seed for the augmentation RNG (default 0). */
  seed?: number;
  /** Skip a last batch smaller than batchSize. */
  dropRemainder?: boolean;
}

export interface Batch {
  /** size*H*W*C floats in [0, 1]. */
  x: Float32Array;
  /** size labels (class numbers as floats) or size*numClasses one-hot values. */
  y: Float32Array;
  size: number;
  xShape: [number, number, number, number];
  yShape: [number] | [number, number];
  /** Dataset indices of the batch's images. */
  indices: Int32Array;
}

/** Yield batches over `indices` in the given order. */
export function* batches(ds: Dataset, indices: ArrayLike<number>, batchSize: number, opts: BatchOptions = {}): Generator<Batch> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new DatasetError(`Batch size must be a whole number of at least 1; received ${batchSize}.`);
  const [h, w, c] = ds.shape;
  const size = h * w * c;
  const k = opts.numClasses ?? ds.classes.length;
  const rng = createRng(opts.seed ?? 0);
  const scratch = new Float32Array(size);
  for (let start = 0; start < indices.length; start += batchSize) {
    const b = Math.min(batchSize, indices.length - start);
    if (b < batchSize && opts.dropRemainder) return;
    const x = new Float32Array(b * size);
    const y = new Float32Array(opts.oneHot ? b * k : b);
    const batchIdx = new Int32Array(b);
    for (let j = 0; j < b; j++) {
      const i = indices[start + j]!;
      batchIdx[j] = i;
      const src = ds.images.subarray(i * size, (i + 1) * size);
      const off = j * size;
      if (opts.augment) {
        for (let p = 0; p < size; p++) scratch[p] = src[p]!;
        const out = opts.augment(scratch, rng);
        for (let p = 0; p < size; p++) x[off + p] = out[p]! / 255;
      } else {
        for (let p = 0; p < size; p++) x[off + p] = src[p]! / 255;
      }
      const label = ds.labels[i]!;
      if (opts.oneHot) {
        if (label >= k) throw new DatasetError(`Label ${label} of image ${i} does not fit ${k} one-hot classes.`, ds.source);
        y[j * k + label] = 1;
      } else {
        y[j] = label;
      }
    }
    yield { x, y, size: b, xShape: [b, h, w, c], yShape: opts.oneHot ? [b, k] : [b], indices: batchIdx };
  }
}

/** All of `indices` (default: every image) as floats in [0, 1]; for small sets and evaluation. */
export function normalizeImages(ds: Dataset, indices?: ArrayLike<number>): Float32Array {
  const size = ds.shape[0] * ds.shape[1] * ds.shape[2];
  const n = indices ? indices.length : ds.count;
  const out = new Float32Array(n * size);
  for (let k = 0; k < n; k++) {
    const i = indices ? indices[k]! : k;
    for (let p = 0; p < size; p++) out[k * size + p] = ds.images[i * size + p]! / 255;
  }
  return out;
}

/** Labels of `indices` as one-hot rows (n*numClasses) or class numbers (n). */
export function encodeLabels(ds: Dataset, indices: ArrayLike<number>, oneHot: boolean, numClasses = ds.classes.length): Float32Array {
  const out = new Float32Array(oneHot ? indices.length * numClasses : indices.length);
  for (let k = 0; k < indices.length; k++) {
    const label = ds.labels[indices[k]!]!;
    if (oneHot) out[k * numClasses + label] = 1;
    else out[k] = label;
  }
  return out;
}
