// Choosing and reshaping a subset of a dataset: per-class and total limits taken round-robin over
// classes (a limited dataset keeps every class), and bringing every image to the model's input
// shape. Used by every loader so `limit` means the same thing for MNIST, HDF5, folders and arrays.
import { conformImage, padImage, type Resample } from './resize.ts';
import { DatasetError, type Dataset } from './types.ts';

export interface LimitOptions {
  limit?: number;
  limitPerClass?: number;
}

/**
 * Indices to keep, ascending. Each class keeps its first `limitPerClass` items (in source order);
 * then classes are visited round-robin until `limit` items are taken.
 */
export function pickIndices(labels: ArrayLike<number>, numClasses: number, opts: LimitOptions): Int32Array {
  const { limit, limitPerClass } = opts;
  for (const [name, v] of [['limit', limit], ['limitPerClass', limitPerClass]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
      throw new DatasetError(`The data option ${name} must be a whole number of at least 1; received ${v}.`);
    }
  }
  if (limit === undefined && limitPerClass === undefined) return range(labels.length);
  const perClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const list = perClass[labels[i]!];
    if (list && (limitPerClass === undefined || list.length < limitPerClass)) list.push(i);
  }
  const total = limit ?? Infinity;
  const picked: number[] = [];
  for (let round = 0; picked.length < total; round++) {
    let any = false;
    for (const list of perClass) {
      if (round < list.length && picked.length < total) {
        picked.push(list[round]!);
        any = true;
      }
    }
    if (!any) break;
  }
  return Int32Array.from(picked.sort((a, b) => a - b));
}

export function range(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** A dataset holding only `indices` (in that order). */
export function subsetDataset(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const size = ds.shape[0] * ds.shape[1] * ds.shape[2];
  const images = new Uint8Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    images.set(ds.images.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = ds.labels[i]!;
  }
  const out: Dataset = { ...ds, images, labels, count: indices.length };
  if (ds.files) out.files = Array.from(indices, (i) => ds.files![i]!);
  return out;
}

export function checkTargetShape(target: readonly number[] | undefined): void {
  if (target === undefined) return;
  const [h, w, c] = target;
  const ok = target.length === 3 && [h, w].every((d) => Number.isInteger(d) && d! >= 1 && d! <= 8192) && (c === 1 || c === 3);
  if (!ok) {
    throw new DatasetError(
      `Target image shape [${target.join(', ')}] is not usable: give [height, width, channels] with channels 1 (grayscale) or 3 (RGB).`,
    );
  }
}

/**
 * Bring every image to `target`. MNIST-style 28x28 digits going to 32x32 are zero-padded by 2 on
 * each side (LeNet-5's input convention) when `padDigits` is set; everything else is resampled.
 */
export function conformDataset(ds: Dataset, target: [number, number, number], opts: { resample?: Resample; padDigits?: boolean } = {}): Dataset {
  const [h, w, c] = ds.shape;
  const [th, tw, tc] = target;
  if (h === th && w === tw && c === tc) return ds;
  const inSize = h * w * c;
  const outSize = th * tw * tc;
  const images = new Uint8Array(ds.count * outSize);
  const pad = opts.padDigits && th - h === tw - w && th > h && (th - h) % 2 === 0 ? (th - h) / 2 : 0;
  for (let i = 0; i < ds.count; i++) {
    let img = ds.images.subarray(i * inSize, (i + 1) * inSize);
    let shape: [number, number, number] = [h, w, c];
    if (pad > 0) {
      img = padImage(img, shape, pad);
      shape = [th, tw, c];
    }
    images.set(conformImage(img, shape, target, opts.resample), i * outSize);
  }
  return { ...ds, images, shape: [th, tw, tc] };
}
