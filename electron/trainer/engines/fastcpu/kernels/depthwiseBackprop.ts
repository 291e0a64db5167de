/**
 * Depthwise Conv2D gradients for the wasm backend (tfjs issue 8474: it has none), built from
 * its XNNPACK depthwise convolution. With channel multiplier m the filter is [KH,KW,C,m] and
 * output channel c*m+j reads input channel c.
 * Filter gradient: channels and batch are folded into one axis (n*C+c) so that a single
 * depthwise convolution of x with dy as its filter (stride = forward dilation, dilation =
 * forward stride) yields [KH,KW,N*C*m], then summed over N.
 * Input gradient: a stride-1 depthwise convolution of (zero-spread) dy with the filter rotated
 * 180 degrees over the C*m channels, summed over the multiplier.
 */
import type * as TF from '@tensorflow/tfjs';
import { insertZeros } from './conv2dBackprop.ts';
import type { Attrs, KernelKit, TensorInfo } from './kit.ts';

type Shape4 = [number, number, number, number];

function pair(v: unknown): [number, number] {
  return v == null ? [1, 1] : typeof v === 'number' ? [v, v] : [(v as number[])[0]!, (v as number[])[1]!];
}

function convInfo(tf: typeof TF, xShape: Shape4, filterShape: Shape4, attrs: Attrs) {
  return tf.backend_util.computeConv2DInfo(
    xShape, filterShape, pair(attrs.strides), pair(attrs.dilations),
    attrs.pad as 'same', attrs.dimRoundingMode as 'floor' | undefined, true,
  );
}

export function depthwiseBackpropFilter(tf: typeof TF, kit: KernelKit, x: TensorInfo, dy: TensorInfo, attrs: Attrs): TensorInfo {
  const filterShape = attrs.filterShape as Shape4;
  const info = convInfo(tf, x.shape as Shape4, filterShape, attrs);
  const [n, h, w, c] = x.shape as Shape4;
  const [kh, kw, , m] = filterShape;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const xs = kit.reshape(kit.transpose(x, [1, 2, 0, 3]), [1, h, w, n * c]);
  const f = kit.reshape(kit.transpose(kit.reshape(dy, [n, oh, ow, c, m]), [1, 2, 0, 3, 4]), [oh, ow, n * c, m]);
  // Output rows = floor((H + top + bottom - ((OH-1)*sh+1)) / dh) + 1 must be KH.
  const bottom = (kh - 1) * dh + (oh - 1) * sh + 1 - h - top;
  const right = (kw - 1) * dw + (ow - 1) * sw + 1 - w - left;
  let out = kit.run('DepthwiseConv2dNative', { x: xs, filter: f }, {
    strides: [dh, dw], dilations: [sh, sw], dataFormat: 'NHWC',
    pad: [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]],
  }); // [1, KH', KW', N*C*m]
  if (out.shape[1] !== kh || out.shape[2] !== kw) {
    out = kit.run('Slice', { x: out }, { begin: [0, 0, 0, 0], size: [1, kh, kw, n * c * m] });
  }
  const perBatch = kit.reshape(out, [kh * kw, n, c * m]);
  const summed = kit.run('Sum', { x: perBatch }, { axis: [1], keepDims: false });
  return kit.done(kit.reshape(summed, filterShape));
}

/** Returns null when the shapes need a general implementation. */
export function depthwiseBackpropInput(tf: typeof TF, kit: KernelKit, dy: TensorInfo, filter: TensorInfo, attrs: Attrs): TensorInfo | null {
  const inputShape = attrs.inputShape as Shape4;
  const filterShape = filter.shape as Shape4;
  const info = convInfo(tf, inputShape, filterShape, attrs);
  const [n, h, w, c] = inputShape;
  const [kh, kw, , m] = filterShape;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const rows = (oh - 1) * sh + 1;
  const cols = (ow - 1) * sw + 1;
  const pt = (kh - 1) * dh - top;
  const pl = (kw - 1) * dw - left;
  const pb = h - rows + top;
  const pr = w - cols + left;
  if (pt < 0 || pl < 0 || pb < 0 || pr < 0) return null;
  const rotated = kit.reshape(kit.run('Reverse', { x: filter }, { dims: [0, 1] }), [kh, kw, c * m, 1]);
  const src = insertZeros(kit, dy, sh, sw, rows, cols);
  const out = kit.run('DepthwiseConv2dNative', { x: src, filter: rotated }, {
    strides: [1, 1], dilations: [dh, dw], dataFormat: 'NHWC', pad: [[0, 0], [pt, pb], [pl, pr], [0, 0]],
  }); // [N, H, W, C*m]
  if (m === 1) return kit.done(out);
  const summed = kit.run('Sum', { x: kit.reshape(out, [n, h, w, c, m]) }, { axis: [4], keepDims: false });
  return kit.done(summed);
}
