/**
 * One-pass JavaScript kernels over the wasm heap for batch statistics, on a float32 tensor seen
 * as [rows, C] (every axis but the last reduced, as BatchNormalization does on NHWC data).
 * Sums are accumulated in float64.
 */
import { channelKernelsFor } from '../simd/index.ts';
import type { HeapBackend } from './heapKernels.ts';
import type { TensorInfo } from './kit.ts';

function rowsCols(x: TensorInfo): [number, number] {
  const c = x.shape[x.shape.length - 1]!;
  return [x.shape.reduce((a, b) => a * b, 1) / c, c];
}

/** Mean and population variance over all axes but the last (two passes, so no cancellation). */
export function moments(backend: HeapBackend, x: TensorInfo, outShape: number[]): [TensorInfo, TensorInfo] {
  const [rows, c] = rowsCols(x);
  const mean = backend.makeOutput(outShape, 'float32');
  const variance = backend.makeOutput(outShape, 'float32');
  const simd = channelKernelsFor(backend, c);
  if (simd) {
    const mu = Float32Array.from(simd.colsum(x, rows, c), (s) => s / rows);
    const sq = simd.colsumsqdev(x, rows, c, mu);
    (backend.typedArrayFromHeap(mean) as Float32Array).set(mu);
    (backend.typedArrayFromHeap(variance) as Float32Array).set(Float32Array.from(sq, (s) => s / rows));
    return [mean, variance];
  }
  const v = backend.typedArrayFromHeap(x) as Float32Array;
  const sum = new Float64Array(c);
  for (let r = 0, o = 0; r < rows; r++, o += c) for (let j = 0; j < c; j++) sum[j]! += v[o + j]!;
  const mu = new Float32Array(c);
  for (let j = 0; j < c; j++) mu[j] = sum[j]! / rows;
  const sq = new Float64Array(c);
  for (let r = 0, o = 0; r < rows; r++, o += c) {
    for (let j = 0; j < c; j++) {
      const d = v[o + j]! - mu[j]!;
      sq[j]! += d * d;
    }
  }
  (backend.typedArrayFromHeap(mean) as Float32Array).set(mu);
  const out = backend.typedArrayFromHeap(variance) as Float32Array;
  for (let j = 0; j < c; j++) out[j] = sq[j]! / rows;
  return [mean, variance];
}

/** d/dx of (mean, variance): dx = dMean/N + dVar * 2 (x - mean) / N. */
export function momentsGrad(backend: HeapBackend, x: TensorInfo, mean: TensorInfo, dMean: TensorInfo, dVar: TensorInfo): TensorInfo {
  const [rows, c] = rowsCols(x);
  const dx = backend.makeOutput(x.shape, 'float32');
  const v = backend.typedArrayFromHeap(x) as Float32Array;
  const mu = backend.typedArrayFromHeap(mean) as Float32Array;
  const out = backend.typedArrayFromHeap(dx) as Float32Array;
  const a = new Float32Array(c);
  const b = new Float32Array(c);
  const dm = backend.typedArrayFromHeap(dMean) as Float32Array;
  const dv = backend.typedArrayFromHeap(dVar) as Float32Array;
  for (let j = 0; j < c; j++) {
    a[j] = dm[j]! / rows;
    b[j] = (2 * dv[j]!) / rows;
  }
  const simd = channelKernelsFor(backend, c);
  if (simd) {
    simd.affine(x, rows, c, mu.slice(), b, a, dx);
    return dx;
  }
  for (let r = 0, o = 0; r < rows; r++, o += c) for (let j = 0; j < c; j++) out[o + j] = a[j]! + b[j]! * (v[o + j]! - mu[j]!);
  return dx;
}

/** [sum(dy), sum(dy * (x - mean))] per channel, as a [2, C] tensor. */
export function batchNormReduce(backend: HeapBackend, dy: TensorInfo, x: TensorInfo, mean: TensorInfo): TensorInfo {
  const [rows, c] = rowsCols(x);
  const out = backend.makeOutput([2, c], 'float32');
  const simd = channelKernelsFor(backend, c);
  if (simd) {
    const [sumDy, sumDyXmu] = simd.colsum2(dy, x, rows, c, (backend.typedArrayFromHeap(mean) as Float32Array).slice());
    const res = backend.typedArrayFromHeap(out) as Float32Array;
    res.set(sumDy);
    res.set(sumDyXmu, c);
    return out;
  }
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const v = backend.typedArrayFromHeap(x) as Float32Array;
  const mu = backend.typedArrayFromHeap(mean) as Float32Array;
  const s1 = new Float64Array(c);
  const s2 = new Float64Array(c);
  for (let r = 0, o = 0; r < rows; r++, o += c) {
    for (let j = 0; j < c; j++) {
      const d = g[o + j]!;
      s1[j]! += d;
      s2[j]! += d * (v[o + j]! - mu[j]!);
    }
  }
  const res = backend.typedArrayFromHeap(out) as Float32Array;
  for (let j = 0; j < c; j++) {
    res[j] = s1[j]!;
    res[c + j] = s2[j]!;
  }
  return out;
}

/**
 * FusedBatchNorm forward with per-channel statistics: y = (x - mean) * scale / sqrt(var + eps)
 * + offset, one SIMD pass. Returns null (backend kernel) for other shapes.
 */
export function batchNormForward(
  backend: HeapBackend, x: TensorInfo, mean: TensorInfo, variance: TensorInfo, offset: TensorInfo | undefined,
  scale: TensorInfo | undefined, eps: number,
): TensorInfo | null {
  if (x.dtype !== 'float32' || x.shape.length < 1) return null;
  const [rows, c] = rowsCols(x);
  const perChannel = (t: TensorInfo | undefined) => t == null || (t.dtype === 'float32' && t.shape.reduce((a, b) => a * b, 1) === c && t.shape[t.shape.length - 1] === c);
  if (![mean, variance, offset, scale].every(perChannel)) return null;
  const simd = channelKernelsFor(backend, c);
  if (!simd) return null;
  const read = (t: TensorInfo | undefined, fallback: number) => (t ? (backend.typedArrayFromHeap(t) as Float32Array).slice() : new Float32Array(c).fill(fallback));
  const m = read(mean, 0);
  const v = read(variance, 1);
  const g = read(scale, 1);
  const b = read(offset, 0);
  const a = Float32Array.from(v, (vj, j) => g[j]! / Math.sqrt(vj + eps));
  const out = backend.makeOutput(x.shape, 'float32');
  simd.affine(x, rows, c, m, a, b, out);
  return out;
}
