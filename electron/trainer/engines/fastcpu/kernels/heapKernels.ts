/**
 * Memory-bound kernels written in JavaScript over the wasm heap, for cases where the wasm
 * backend's generic C++ loops are slow in training: Tile (broadcasts in the BatchNorm gradient),
 * MaxPoolGrad, and Sum/Mean over leading axes (bias and BatchNorm reductions, which the backend
 * does by transposing the whole tensor first). Each returns null to fall back to the backend.
 */
import type * as TF from '@tensorflow/tfjs';
import { channelKernelsFor } from '../simd/index.ts';
import type { Attrs, TensorInfo } from './kit.ts';

export interface HeapBackend {
  makeOutput(shape: number[], dtype: TF.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Tile by block copies: each level writes one copy, then duplicates it with copyWithin. */
export function tile(backend: HeapBackend, x: TensorInfo, reps: number[]): TensorInfo | null {
  if (x.dtype === 'string' || reps.length !== x.shape.length) return null;
  // Merge neighbouring axes that are not tiled, so the recursion stays shallow.
  const shape: number[] = [];
  const rep: number[] = [];
  for (let i = 0; i < x.shape.length; i++) {
    const last = shape.length - 1;
    if (last >= 0 && rep[last] === 1 && reps[i] === 1) shape[last]! *= x.shape[i]!;
    else {
      shape.push(x.shape[i]!);
      rep.push(reps[i]!);
    }
  }
  const outShape = x.shape.map((s, i) => s * reps[i]!);
  const out = backend.makeOutput(outShape, x.dtype);
  if (size(outShape) === 0) return out;
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const rank = shape.length;
  const inner = new Array<number>(rank + 1).fill(1);
  const outInner = new Array<number>(rank + 1).fill(1);
  for (let d = rank - 1; d >= 0; d--) {
    inner[d] = inner[d + 1]! * shape[d]!;
    outInner[d] = outInner[d + 1]! * shape[d]! * rep[d]!;
  }
  const fill = (d: number, s: number, o: number): void => {
    const n = shape[d]!;
    const r = rep[d]!;
    if (d === rank - 1) {
      if (n === 1) dst.fill(src[s]!, o, o + r);
      else for (let k = 0; k < r; k++) dst.set(src.subarray(s, s + n), o + k * n);
      return;
    }
    const step = inner[d + 1]!;
    const outStep = outInner[d + 1]!;
    for (let i = 0; i < n; i++) fill(d + 1, s + i * step, o + i * outStep);
    const block = n * outStep;
    for (let k = 1; k < r; k++) dst.copyWithin(o + k * block, o, o + block);
  };
  fill(0, 0, 0);
  return out;
}

/**
 * Sum (or mean) over the leading `axes` of a float32 tensor: column sums of a [rows, cols]
 * matrix, accumulated in float64.
 */
export function reduceLeading(backend: HeapBackend, x: TensorInfo, attrs: Attrs, mean: boolean): TensorInfo | null {
  if (x.dtype !== 'float32') return null;
  const rank = x.shape.length;
  const axisAttr = attrs.axis as number | number[] | undefined;
  const axes = (axisAttr == null ? [...Array(rank).keys()] : Array.isArray(axisAttr) ? axisAttr : [axisAttr]).map((a) => (a < 0 ? a + rank : a));
  const k = axes.length;
  const sorted = [...axes].sort((a, b) => a - b);
  if (k === 0 || k === rank || sorted.some((a, i) => a !== i)) return null;
  const rows = size(x.shape.slice(0, k));
  const cols = size(x.shape.slice(k));
  const keep = attrs.keepDims === true;
  const outShape = keep ? [...x.shape.slice(0, k).map(() => 1), ...x.shape.slice(k)] : x.shape.slice(k);
  const out = backend.makeOutput(outShape, 'float32');
  const simd = channelKernelsFor(backend, cols);
  const scale = mean ? 1 / rows : 1;
  if (simd && rows > 0) {
    const sums = simd.colsum(x, rows, cols);
    (backend.typedArrayFromHeap(out) as Float32Array).set(Float32Array.from(sums, (v) => v * scale));
    return out;
  }
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const acc = new Float64Array(cols);
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    for (let c = 0; c < cols; c++) acc[c]! += src[o + c]!;
  }
  for (let c = 0; c < cols; c++) dst[c] = acc[c]! * scale;
  return out;
}

const windowCache = new Map<string, Int32Array>();

/** Input pixel index of each window position of each output pixel (-1 in the padding), cached per shape. */
function poolWindows(info: TF.backend_util.Conv2DInfo): Int32Array {
  const { batchSize: n, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const key = [n, h, w, oh, ow, sh, sw, dh, dw, fh, fw, top, left].join();
  let windows = windowCache.get(key);
  if (!windows) {
    windows = new Int32Array(n * oh * ow * fh * fw);
    let at = 0;
    for (let b = 0; b < n; b++) {
      for (let r = 0; r < oh; r++) {
        for (let q = 0; q < ow; q++) {
          for (let i = 0; i < fh; i++) {
            const xr = r * sh - top + i * dh;
            for (let j = 0; j < fw; j++) {
              const xc = q * sw - left + j * dw;
              windows[at++] = xr < 0 || xr >= h || xc < 0 || xc >= w ? -1 : (b * h + xr) * w + xc;
            }
          }
        }
      }
    }
    if (windowCache.size > 32) windowCache.clear();
    windowCache.set(key, windows);
  }
  return windows;
}

/**
 * MaxPoolGrad: dy goes to the first largest input of each window (row-major scan, as tfjs'
 * CPU kernel), scanning all channels of a pixel at once.
 */
export function maxPoolGrad(tf: typeof TF, backend: HeapBackend, dy: TensorInfo, input: TensorInfo, attrs: Attrs): TensorInfo | null {
  if (input.dtype !== 'float32' || input.shape.length !== 4) return null;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], attrs.filterSize as [number, number], attrs.strides as [number, number],
    1, attrs.pad as 'same', attrs.dimRoundingMode as 'floor' | undefined,
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const dx = backend.makeOutput(input.shape, 'float32');
  const simd = channelKernelsFor(backend, c);
  if (simd) {
    (backend.typedArrayFromHeap(dx) as Float32Array).fill(0);
    simd.poolGrad(input, poolWindows(info), n * oh * ow, fh * fw, c, dy, dx);
    return dx;
  }
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const out = backend.typedArrayFromHeap(dx) as Float32Array;
  out.fill(0);
  const best = new Float32Array(c);
  const where = new Int32Array(c);
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < oh; r++) {
      for (let q = 0; q < ow; q++) {
        best.fill(-Infinity);
        where.fill(-1);
        for (let i = 0; i < fh; i++) {
          const xr = r * sh - top + i * dh;
          if (xr < 0 || xr >= h) continue;
          for (let j = 0; j < fw; j++) {
            const xc = q * sw - left + j * dw;
            if (xc < 0 || xc >= w) continue;
            const base = ((b * h + xr) * w + xc) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = x[base + ch]!;
              if (v > best[ch]!) {
                best[ch] = v;
                where[ch] = base + ch;
              }
            }
          }
        }
        const gBase = ((b * oh + r) * ow + q) * c;
        for (let ch = 0; ch < c; ch++) {
          const at = where[ch]!;
          if (at >= 0) out[at]! += g[gBase + ch]!;
        }
      }
    }
  }
  return dx;
}

/**
 * AvgPoolGrad for non-overlapping windows (stride = pool size, no padding, the usual 2x2/2):
 * each dy value, times 1/(fh*fw) as tfjs' CPU kernel, goes to its window; rows and columns
 * past the last window get zero.
 */
export function avgPoolGrad(tf: typeof TF, backend: HeapBackend, dy: TensorInfo, input: TensorInfo, attrs: Attrs): TensorInfo | null {
  if (input.dtype !== 'float32' || input.shape.length !== 4) return null;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], attrs.filterSize as [number, number], attrs.strides as [number, number],
    1, attrs.pad as 'valid', attrs.dimRoundingMode as 'floor' | undefined,
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw } = info;
  const { top, left, bottom, right } = info.padInfo;
  if (info.strideHeight !== fh || info.strideWidth !== fw || top || left || bottom || right || info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  const dx = backend.makeOutput(input.shape, 'float32');
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const out = backend.typedArrayFromHeap(dx) as Float32Array;
  if (oh * fh !== h || ow * fw !== w) out.fill(0);
  const scale = 1 / (fh * fw);
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < oh; r++) {
      for (let i = 0; i < fh; i++) {
        let o = ((b * h + r * fh + i) * w) * c;
        for (let q = 0; q < ow; q++) {
          const s = ((b * oh + r) * ow + q) * c;
          for (let j = 0; j < fw; j++, o += c) for (let k = 0; k < c; k++) out[o + k] = g[s + k]! * scale;
        }
      }
    }
  }
  return dx;
}

/** Tanh: SIMD for whole groups of 4, Math.tanh for the rest. */
export function tanh(backend: HeapBackend, x: TensorInfo): TensorInfo | null {
  if (x.dtype !== 'float32') return null;
  const simd = channelKernelsFor(backend, 4);
  if (!simd) return null;
  const n = size(x.shape);
  const out = backend.makeOutput(x.shape, 'float32');
  const n4 = Math.floor(n / 4);
  if (n4 > 0) simd.tanh(x, n4, out);
  if (n4 * 4 < n) {
    const src = backend.typedArrayFromHeap(x) as Float32Array;
    const dst = backend.typedArrayFromHeap(out) as Float32Array;
    for (let i = n4 * 4; i < n; i++) dst[i] = Math.tanh(src[i]!);
  }
  return out;
}

/**
 * PadV2 with zeros around the spatial axes of an NHWC tensor (ZeroPadding2D, 'same' windows):
 * one row copy per input row, zero rows above and below.
 */
export function padSpatial(backend: HeapBackend, x: TensorInfo, paddings: number[][], value: number): TensorInfo | null {
  if (x.dtype !== 'float32' || x.shape.length !== 4 || value !== 0) return null;
  const [[b0, b1], [t, bt], [l, r], [c0, c1]] = paddings as [[number, number], [number, number], [number, number], [number, number]];
  if (b0 || b1 || c0 || c1 || t < 0 || bt < 0 || l < 0 || r < 0) return null;
  const simd = channelKernelsFor(backend, 4);
  if (!simd) return null;
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const hOut = h + t + bt;
  const outRow = (w + l + r) * c;
  const out = backend.makeOutput([n, hOut, w + l + r, c], 'float32');
  const src = backend.typedArrayFromHeap(x).byteOffset;
  const dst = backend.typedArrayFromHeap(out).byteOffset;
  for (let b = 0; b < n; b++) {
    const image = dst + b * hOut * outRow * 4;
    if (t > 0) simd.copyRows(0, 0, image, 0, 1, t * outRow, 0, 0);
    simd.copyRows(src + b * h * w * c * 4, w * c, image + t * outRow * 4, outRow, h, l * c, w * c, r * c);
    if (bt > 0) simd.copyRows(0, 0, image + (t + h) * outRow * 4, 0, 1, bt * outRow, 0, 0);
  }
  return out;
}
