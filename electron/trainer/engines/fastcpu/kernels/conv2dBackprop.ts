/**
 * Conv2D gradients for the wasm backend, as XNNPACK convolutions (the fast kernel it has).
 * Filter gradient: dW[kh,kw,ci,co] = sum_{n,oh,ow} x[n, oh*s+kh-pt, ow*s+kw-pl, ci] * dy[n,oh,ow,co].
 * The (kw, ci) windows along w are spread into rows first, so what remains is a convolution
 * along h with dy as the filter (dilation = the forward stride) whose input channels are
 * (n, ow): long contiguous runs that XNNPACK's GEMM handles well. 1x1 stride-1 layers are one
 * matrix product.
 * Input gradient: a stride-1 Conv2D of dy (zeros inserted between rows/columns when the forward
 * stride is > 1) with the filter rotated 180 degrees and its channel axes swapped.
 */
import type * as TF from '@tensorflow/tfjs';
import { channelKernelsFor } from '../simd/index.ts';
import type { Attrs, KernelKit, TensorInfo } from './kit.ts';

type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

function explicitPad(top: number, bottom: number, left: number, right: number): ExplicitPad {
  return [[0, 0], [top, bottom], [left, right], [0, 0]];
}

function pair(v: unknown): [number, number] {
  return typeof v === 'number' ? [v, v] : [(v as number[])[0]!, (v as number[])[1]!];
}

export function conv2dBackpropFilter(tf: typeof TF, kit: KernelKit, x: TensorInfo, dy: TensorInfo, attrs: Attrs): TensorInfo {
  const filterShape = attrs.filterShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, pair(attrs.strides), 1,
    attrs.pad as 'same', attrs.dimRoundingMode as 'floor' | undefined,
  );
  const [n, h, w, ci] = x.shape as [number, number, number, number];
  const [kh, kw, , co] = filterShape;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;

  if (kh === 1 && kw === 1 && sh === 1 && sw === 1 && top === 0 && left === 0 && oh === h && ow === w) {
    // 1x1: dW = X^T dY with X as [P, Ci] and dY as [P, Co], P = N*H*W.
    const p = n * h * w;
    const xt = kit.transpose(kit.reshape(x, [p, ci]), [1, 0]);
    const prod = kit.run('BatchMatMul', { a: kit.reshape(xt, [1, ci, p]), b: kit.reshape(dy, [1, p, co]) }, { transposeA: false, transposeB: false });
    return kit.done(kit.reshape(prod, filterShape));
  }

  // Row formulation: with X2[kw*Ci+ci, h, n, ow] = x[n, h, ow*sw + kw - pl, ci] (zero outside),
  // dW[kh, kw, ci, co] = sum_oh sum_{n,ow} X2[kw*Ci+ci, oh*sh + kh - pt, n, ow] * dy[n, oh, ow, co]:
  // a convolution along h only, whose input channels (n, ow) are long contiguous runs.
  const xt = kit.transpose(x, [3, 1, 0, 2]); // [Ci, H, N, W]
  const f = kit.reshape(kit.transpose(dy, [1, 0, 2, 3]), [oh, 1, n * ow, co]); // [OH, 1, N*OW, Co]
  const x2 = kit.output([kw * ci, h, 1, n * ow]);
  const simd = channelKernelsFor(kit.backend, 4);
  if (simd && sw === 1) {
    // Stride 1: columns ow with 0 <= ow + kw - left < W are one run per row; the rest is zero.
    const rows = ci * h * n;
    const src = kit.heap(xt).byteOffset;
    const dst = kit.heap(x2).byteOffset;
    for (let k = 0; k < kw; k++) {
      const shift = k - left;
      const lo = Math.min(ow, Math.max(0, -shift));
      const hi = Math.max(lo, Math.min(ow, w - shift));
      simd.copyRows(src + (lo + shift) * 4, w, dst + k * rows * ow * 4, ow, rows, lo, hi - lo, ow - hi);
    }
  } else {
    spreadRows(kit.heap(xt), kit.heap(x2), ci, h, n, w, kw, ow, sw, left);
  }
  // Output rows = H + top + bottom - ((OH-1)*sh + 1) + 1 must be KH; rows the forward pass never
  // reached give a negative bottom, computed with bottom = 0 and sliced away.
  const bottom = kh - 1 + (oh - 1) * sh + 1 - h - top;
  let out = kit.run('Conv2D', { x: x2, filter: f }, {
    strides: [1, 1], dilations: [sh, 1], dataFormat: 'NHWC', pad: explicitPad(top, Math.max(bottom, 0), 0, 0),
  }); // [KW*Ci, KH', 1, Co]
  if (out.shape[1] !== kh) out = kit.run('Slice', { x: out }, { begin: [0, 0, 0, 0], size: [kw * ci, kh, 1, co] });
  return kit.done(kit.transpose(kit.reshape(out, [kw, ci, kh, co]), [2, 0, 1, 3]));
}

/** dst[kw, ci, h, n, ow] = src[ci, h, n, ow*sw + kw - left], zero where that is outside [0, W). */
function spreadRows(srcView: Float32Array, dstView: Float32Array, ci: number, h: number, n: number, w: number, kw: number, ow: number, sw: number, left: number): void {
  // Both live in the wasm heap: copy with copyWithin on one view (no per-row subarrays).
  const heap = new Float32Array(srcView.buffer);
  const src = srcView.byteOffset / 4;
  const dst = dstView.byteOffset / 4;
  const rows = ci * h * n;
  for (let k = 0; k < kw; k++) {
    const shift = k - left;
    const lo = sw === 1 ? Math.max(0, -shift) : 0;
    const hi = sw === 1 ? Math.max(lo, Math.min(ow, w - shift)) : 0;
    for (let r = 0; r < rows; r++) {
      const s0 = src + r * w;
      const d0 = dst + (k * rows + r) * ow;
      if (sw === 1) {
        // Columns ow with 0 <= ow + shift < W are one contiguous run.
        if (lo > 0) heap.fill(0, d0, d0 + lo);
        if (hi > lo) heap.copyWithin(d0 + lo, s0 + lo + shift, s0 + hi + shift);
        if (hi < ow) heap.fill(0, d0 + hi, d0 + ow);
      } else {
        for (let q = 0; q < ow; q++) {
          const c = q * sw + shift;
          heap[d0 + q] = c >= 0 && c < w ? heap[s0 + c]! : 0;
        }
      }
    }
  }
}

/**
 * dy [N,OH,OW,C] with (s-1) zeros after each row and column, trimmed to `rows` x `cols`: the
 * input of a stride-1 convolution equal to the transposed strided one.
 */
export function insertZeros(kit: KernelKit, dy: TensorInfo, sh: number, sw: number, rows: number, cols: number): TensorInfo {
  if (sh === 1 && sw === 1) return dy;
  const [n, oh, ow, c] = dy.shape as [number, number, number, number];
  const spread = kit.run('PadV2', { x: kit.reshape(dy, [n, oh, 1, ow, 1, c]) }, {
    paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0,
  });
  const full = kit.reshape(spread, [n, oh * sh, ow * sw, c]);
  if (rows === oh * sh && cols === ow * sw) return full;
  return kit.run('Slice', { x: full }, { begin: [0, 0, 0, 0], size: [n, rows, cols, c] });
}

/** Returns null when the shapes need the backend's own (slow, general) kernel. */
export function conv2dBackpropInput(tf: typeof TF, kit: KernelKit, dy: TensorInfo, filter: TensorInfo, attrs: Attrs): TensorInfo | null {
  const inputShape = attrs.inputShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], pair(attrs.strides), 1,
    attrs.pad as 'same', attrs.dimRoundingMode as 'floor' | undefined,
  );
  const [, h, w] = inputShape;
  const [kh, kw] = filter.shape as [number, number, number, number];
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const rows = (oh - 1) * sh + 1;
  const cols = (ow - 1) * sw + 1;
  // Full correlation: pad so that output rows = rows + pt + pb - KH + 1 = H.
  const pt = kh - 1 - top;
  const pl = kw - 1 - left;
  const pb = h - rows + top;
  const pr = w - cols + left;
  if (pt < 0 || pl < 0 || pb < 0 || pr < 0) return null;
  const rotated = kit.transpose(kit.run('Reverse', { x: filter }, { dims: [0, 1] }), [0, 1, 3, 2]);
  const src = insertZeros(kit, dy, sh, sw, rows, cols);
  const out = kit.run('Conv2D', { x: src, filter: rotated }, {
    strides: [1, 1], dilations: [1, 1], dataFormat: 'NHWC', pad: explicitPad(pt, pb, pl, pr),
  });
  return kit.done(out);
}
