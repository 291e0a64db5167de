// Resampling and channel conversion of one HxWxC uint8 image. Bilinear follows
// tf.image.resize's half-pixel-centre convention (what Keras' image_dataset_from_directory uses);
// area averages every covered source pixel by its overlap (box filter, like PIL's reduce) so big
// photos shrink without aliasing. Both are separable: a weight table per axis, applied twice.

import type { Resample } from './types.ts';

export type { Resample };
type Shape = readonly [number, number, number];

interface Taps {
  index: Int32Array; // per output coordinate: `count` source indices
  weight: Float32Array;
  count: number;
}

/** Two taps per output coordinate, source centre at (o + 0.5) * in / out - 0.5, clamped. */
function bilinearTaps(inSize: number, outSize: number): Taps {
  const index = new Int32Array(outSize * 2);
  const weight = new Float32Array(outSize * 2);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const f = Math.max(0, (o + 0.5) * scale - 0.5);
    const i0 = Math.min(inSize - 1, Math.floor(f));
    const i1 = Math.min(inSize - 1, i0 + 1);
    const w1 = f - i0;
    index[o * 2] = i0;
    index[o * 2 + 1] = i1;
    weight[o * 2] = 1 - w1;
    weight[o * 2 + 1] = w1;
  }
  return { index, weight, count: 2 };
}

/** Output pixel o covers source [o*s, (o+1)*s); every source pixel weighs by its overlap. */
function areaTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const count = Math.ceil(scale) + 1;
  const index = new Int32Array(outSize * count);
  const weight = new Float32Array(outSize * count);
  for (let o = 0; o < outSize; o++) {
    const lo = o * scale;
    const hi = (o + 1) * scale;
    let k = 0;
    for (let i = Math.floor(lo); i < hi && k < count; i++) {
      const overlap = Math.min(hi, i + 1) - Math.max(lo, i);
      if (overlap <= 1e-9) continue;
      index[o * count + k] = Math.min(inSize - 1, i);
      weight[o * count + k] = overlap / scale;
      k++;
    }
  }
  return { index, weight, count };
}

function taps(method: Resample, inSize: number, outSize: number): Taps {
  const useArea = method === 'area' || (method === 'auto' && outSize < inSize);
  return useArea ? areaTaps(inSize, outSize) : bilinearTaps(inSize, outSize);
}

const tapCache = new Map<string, Taps>();
function cachedTaps(method: Resample, inSize: number, outSize: number): Taps {
  const key = `${method}:${inSize}:${outSize}`;
  let t = tapCache.get(key);
  if (!t) {
    t = taps(method, inSize, outSize);
    if (tapCache.size > 64) tapCache.clear();
    tapCache.set(key, t);
  }
  return t;
}

/** Resize an HxWxC uint8 image to outH x outW (channels unchanged). */
export function resizeImage(
  src: Uint8Array,
  shape: Shape,
  outH: number,
  outW: number,
  method: Resample = 'auto',
): Uint8Array {
  const [h, w, c] = shape;
  if (h === outH && w === outW) return src.slice();
  const tx = cachedTaps(method, w, outW);
  const ty = cachedTaps(method, h, outH);
  // Horizontal pass into floats (h x outW x c), then vertical pass into bytes.
  const mid = new Float32Array(h * outW * c);
  for (let y = 0; y < h; y++) {
    const row = y * w * c;
    for (let x = 0; x < outW; x++) {
      const o = (y * outW + x) * c;
      for (let k = 0; k < tx.count; k++) {
        const wgt = tx.weight[x * tx.count + k]!;
        if (wgt === 0) continue;
        const s = row + tx.index[x * tx.count + k]! * c;
        for (let ch = 0; ch < c; ch++) mid[o + ch]! += wgt * src[s + ch]!;
      }
    }
  }
  const out = new Uint8Array(outH * outW * c);
  const acc = new Float32Array(outW * c);
  for (let y = 0; y < outH; y++) {
    acc.fill(0);
    for (let k = 0; k < ty.count; k++) {
      const wgt = ty.weight[y * ty.count + k]!;
      if (wgt === 0) continue;
      const s = ty.index[y * ty.count + k]! * outW * c;
      for (let i = 0; i < outW * c; i++) acc[i]! += wgt * mid[s + i]!;
    }
    const o = y * outW * c;
    for (let i = 0; i < outW * c; i++) {
      const v = Math.round(acc[i]!);
      out[o + i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return out;
}

/**
 * Convert between channel layouts: 1 (gray), 2 (gray+alpha), 3 (RGB), 4 (RGBA) to 1 or 3.
 * Alpha is dropped (as tf.image.decode_png(channels=3) does); gray uses the ITU-R 601 luma weights
 * 0.299, 0.587, 0.114 that libjpeg and tf.image.rgb_to_grayscale use.
 */
export function convertChannels(src: Uint8Array, pixels: number, from: number, to: 1 | 3): Uint8Array {
  if (from === to) return src.slice(0, pixels * to);
  const out = new Uint8Array(pixels * to);
  for (let p = 0; p < pixels; p++) {
    const s = p * from;
    if (from <= 2) {
      const g = src[s]!;
      if (to === 1) out[p] = g;
      else out[p * 3] = out[p * 3 + 1] = out[p * 3 + 2] = g;
    } else if (to === 1) {
      out[p] = Math.round(0.299 * src[s]! + 0.587 * src[s + 1]! + 0.114 * src[s + 2]!);
    } else {
      out[p * 3] = src[s]!;
      out[p * 3 + 1] = src[s + 1]!;
      out[p * 3 + 2] = src[s + 2]!;
    }
  }
  return out;
}

/** Zero-pad an image by `pad` pixels on every side (LeNet-5's 28x28 -> 32x32 MNIST trick). */
export function padImage(src: Uint8Array, shape: Shape, pad: number): Uint8Array {
  const [h, w, c] = shape;
  const ow = w + 2 * pad;
  const out = new Uint8Array((h + 2 * pad) * ow * c);
  for (let y = 0; y < h; y++) {
    out.set(src.subarray(y * w * c, (y + 1) * w * c), ((y + pad) * ow + pad) * c);
  }
  return out;
}

/** Bring one image to `target` (H, W, C): channels first, then size. */
export function conformImage(
  src: Uint8Array,
  shape: Shape,
  target: Shape,
  method: Resample = 'auto',
): Uint8Array {
  const [h, w, c] = shape;
  const [th, tw, tc] = target;
  const chan = c === tc ? src : convertChannels(src, h * w, c, tc === 1 ? 1 : 3);
  return h === th && w === tw ? (chan === src ? src.slice() : chan) : resizeImage(chan, [h, w, tc], th, tw, method);
}
