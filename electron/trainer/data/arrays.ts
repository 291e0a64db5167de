// Turning raw numeric arrays (from .npy or HDF5) into the Dataset form: uint8 N,H,W,C images and
// integer labels. Shared by the array loaders so both accept the same shapes and value ranges and
// explain the same mistakes the same way.
import { DatasetError } from './types.ts';

export type Numeric = ArrayLike<number>;

/** (N,H,W) -> C=1; (N,H,W,C) with C in 1,3,4. Anything else is explained. */
export function imageLayout(shape: readonly number[], file: string): { n: number; h: number; w: number; c: number } {
  const dims = `(${shape.join(', ')})`;
  if (shape.length === 3) return { n: shape[0]!, h: shape[1]!, w: shape[2]!, c: 1 };
  if (shape.length === 4) {
    const [n, h, w, c] = shape as [number, number, number, number];
    if (c === 1 || c === 3 || c === 4) return { n, h, w, c };
    if ((h === 1 || h === 3) && c > 4) {
      throw new DatasetError(
        `${file}: images have shape ${dims}, which looks channels-first. Netwright expects channels-last (N, H, W, C); convert with np.transpose(x, (0, 2, 3, 1)).`,
        file,
      );
    }
    throw new DatasetError(`${file}: images have ${c} channels (shape ${dims}); use 1 (grayscale), 3 (RGB) or 4 (RGBA).`, file);
  }
  if (shape.length === 2) {
    throw new DatasetError(
      `${file}: images have shape ${dims}, one flat row per image. Reshape them to (N, H, W) or (N, H, W, C) first, e.g. x.reshape(-1, 28, 28) for MNIST.`,
      file,
    );
  }
  throw new DatasetError(`${file}: images must have shape (N, H, W) or (N, H, W, C); this array has shape ${dims}.`, file);
}

/**
 * Pixels as uint8. Integer arrays must hold 0..255; float arrays are read as 0..1 when their
 * maximum is at most 1, otherwise as 0..255 (rounded). Standardised data (negative values) is refused.
 */
export function toUint8Pixels(values: Numeric, isFloat: boolean, file: string): Uint8Array {
  if (values instanceof Uint8Array) return values;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) throw new DatasetError(`${file}: image value ${i} is NaN; remove or fix the broken images.`, file);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (values.length > 0 && (min < 0 || max > 255)) {
    throw new DatasetError(
      `${file}: pixel values range from ${min} to ${max}; Netwright expects raw pixels in 0..255 (or 0..1 for floats). Save the images before normalising them.`,
      file,
    );
  }
  const scale = isFloat && max <= 1 ? 255 : 1;
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i]! * scale);
  return out;
}

/**
 * Labels as class indices: (N,), (N,1) or (1,N) integers, or (N,K) one-hot rows.
 * Returns the labels and the class count they imply (max + 1, or K).
 */
export function toLabels(values: Numeric, shape: readonly number[], n: number, file: string): { labels: Int32Array; numClasses: number } {
  const dims = `(${shape.join(', ')})`;
  const flat = shape.length === 1 || (shape.length === 2 && (shape[0] === 1 || shape[1] === 1));
  const count = flat ? shape.reduce((a, b) => a * b, 1) : shape[0];
  if (count !== n) {
    throw new DatasetError(`${file}: ${count ?? 0} labels for ${n} images (labels shape ${dims}); every image needs exactly one label.`, file);
  }
  const labels = new Int32Array(n);
  if (flat) {
    let max = -1;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v) || v < 0 || v > 1e6) {
        throw new DatasetError(`${file}: label ${i} is ${v}; labels must be whole class numbers 0, 1, 2, ... (or one-hot rows).`, file);
      }
      labels[i] = v;
      if (v > max) max = v;
    }
    return { labels, numClasses: max + 1 };
  }
  if (shape.length === 2) {
    const k = shape[1]!;
    for (let i = 0; i < n; i++) {
      let hot = -1;
      for (let j = 0; j < k; j++) {
        const v = values[i * k + j]!;
        if (v === 1 && hot < 0) hot = j;
        else if (v !== 0) hot = -2;
      }
      if (hot < 0) {
        throw new DatasetError(`${file}: label row ${i} is not one-hot (exactly one 1, the rest 0) in labels of shape ${dims}.`, file);
      }
      labels[i] = hot;
    }
    return { labels, numClasses: k };
  }
  throw new DatasetError(`${file}: labels must have shape (N,) or one-hot (N, K); this array has shape ${dims}.`, file);
}

export function numberedClasses(k: number): string[] {
  return Array.from({ length: k }, (_, i) => String(i));
}
