// Ordering and partitioning a dataset by index: seeded Fisher-Yates shuffles, train/validation
// splits (optionally stratified so each class keeps its share) and class balance counts. Indices
// only; images are never copied, batches read them through ./batches.ts.
import { createRng } from './rng.ts';
import { range } from './select.ts';
import { DatasetError, type Dataset } from './types.ts';

/** 0..n-1 in a seeded random order (Fisher-Yates). */
export function shuffledIndices(n: number, seed: number): Int32Array {
  const out = range(n);
  shuffleInPlace(out, seed);
  return out;
}

export function shuffleInPlace(a: Int32Array | number[], seed: number): void {
  const rng = createRng(seed);
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

export interface SplitOptions {
  seed?: number;
  /** Shuffle before splitting (default true). False takes the last fraction, as Keras' validation_split does. */
  shuffle?: boolean;
  /** Split every class separately so both parts keep the class proportions. */
  stratified?: boolean;
}

export interface Split {
  train: Int32Array;
  validation: Int32Array;
}

/** Split indices into training and validation parts; validation gets round(fraction * N). */
export function trainValidationSplit(ds: Dataset, fraction: number, opts: SplitOptions = {}): Split {
  if (!(fraction >= 0 && fraction < 1)) {
    throw new DatasetError(`Validation split must be at least 0 and below 1; received ${fraction}.`);
  }
  const seed = opts.seed ?? 0;
  const shuffle = opts.shuffle ?? true;
  if (!opts.stratified) {
    const order = shuffle ? shuffledIndices(ds.count, seed) : range(ds.count);
    const nVal = Math.round(fraction * ds.count);
    return { train: order.slice(0, ds.count - nVal), validation: order.slice(ds.count - nVal) };
  }
  const byClass: number[][] = ds.classes.map(() => []);
  for (let i = 0; i < ds.count; i++) byClass[ds.labels[i]!]?.push(i);
  const train: number[] = [];
  const validation: number[] = [];
  byClass.forEach((list, c) => {
    if (shuffle) shuffleInPlace(list, seed + c * 7919);
    const nVal = Math.round(fraction * list.length);
    train.push(...list.slice(0, list.length - nVal));
    validation.push(...list.slice(list.length - nVal));
  });
  // Mix the classes again so batches are not grouped by class.
  const t = Int32Array.from(train);
  const v = Int32Array.from(validation);
  if (shuffle) {
    shuffleInPlace(t, seed + 1);
    shuffleInPlace(v, seed + 2);
  }
  return { train: t, validation: v };
}

/** Images per class (index = label), over `indices` or the whole dataset. */
export function classCounts(ds: Dataset, indices?: ArrayLike<number>): number[] {
  const counts = new Array<number>(ds.classes.length).fill(0);
  const n = indices ? indices.length : ds.count;
  for (let k = 0; k < n; k++) {
    const label = ds.labels[indices ? indices[k]! : k]!;
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}
