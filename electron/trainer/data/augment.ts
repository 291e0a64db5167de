// Per-image augmentation, chosen per run: horizontal flip, random crop (pad-and-crop or
// crop-and-resize), small rotations (bilinear, reflected borders as Keras' RandomRotation), colour
// shift and AlexNet's PCA colour noise. Pure functions on one HxWxC image in 0..255 units, as
// Uint8Array (rounded and clamped) or Float32Array; randomness comes from a seeded Rng.
import type { ColorPca } from './pca.ts';
import type { Rng } from './rng.ts';

export type Pixels = Uint8Array | Float32Array;
export type Shape = readonly [number, number, number];
export type Fill = 'reflect' | 'nearest' | 'constant';

function like<T extends Pixels>(img: T): T {
  return (img instanceof Uint8Array ? new Uint8Array(img.length) : new Float32Array(img.length)) as T;
}

export function flipHorizontal<T extends Pixels>(img: T, shape: Shape): T {
  const [h, w, c] = shape;
  const out = like(img);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * c;
      const d = (y * w + (w - 1 - x)) * c;
      for (let ch = 0; ch < c; ch++) out[d + ch] = img[s + ch]!;
    }
  }
  return out;
}

/** Zero-pad by `pad` on each side, then cut an HxW window at (dy, dx) in 0..2*pad. */
export function padCrop<T extends Pixels>(img: T, shape: Shape, pad: number, dy: number, dx: number): T {
  const [h, w, c] = shape;
  const out = like(img);
  // Output x maps to source x + dx - pad; copy the in-range run of every row at once.
  const x0 = Math.max(0, pad - dx);
  const x1 = Math.min(w, w + pad - dx);
  if (x1 <= x0) return out;
  for (let y = 0; y < h; y++) {
    const sy = y + dy - pad;
    if (sy < 0 || sy >= h) continue;
    const s = (sy * w + x0 + dx - pad) * c;
    out.set(img.subarray(s, s + (x1 - x0) * c), (y * w + x0) * c);
  }
  return out;
}

function reflect(i: number, n: number): number {
  // Keras 'reflect': d c b a | a b c d | d c b a (edge pixel repeated), period 2n.
  const period = 2 * n;
  let k = ((i % period) + period) % period;
  if (k >= n) k = period - 1 - k;
  return k;
}

/**
 * Resample `img` at source positions given by an affine map of output (x, y):
 * sx = ax*x + bx*y + cx, sy = ay*x + by*y + cy (pixel centres), bilinear, with `fill` outside.
 * Written without per-pixel allocations: it runs per image per batch.
 */
export function warpAffine<T extends Pixels>(img: T, shape: Shape, m: { ax: number; bx: number; cx: number; ay: number; by: number; cy: number }, fill: Fill = 'reflect'): T {
  const [h, w, c] = shape;
  const out = like(img);
  const u8 = out instanceof Uint8Array;
  const constant = fill === 'constant';
  const pick = (i: number, n: number): number => (fill === 'reflect' ? reflect(i, n) : i < 0 ? 0 : i >= n ? n - 1 : i);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = m.ax * x + m.bx * y + m.cx;
      const sy = m.ay * x + m.by * y + m.cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      let w00 = (1 - fx) * (1 - fy);
      let w01 = fx * (1 - fy);
      let w10 = (1 - fx) * fy;
      let w11 = fx * fy;
      if (constant) {
        // Corners outside the image count as zeros.
        const inX0 = x0 >= 0 && x0 < w;
        const inX1 = x0 + 1 >= 0 && x0 + 1 < w;
        const inY0 = y0 >= 0 && y0 < h;
        const inY1 = y0 + 1 >= 0 && y0 + 1 < h;
        if (!(inX0 && inY0)) w00 = 0;
        if (!(inX1 && inY0)) w01 = 0;
        if (!(inX0 && inY1)) w10 = 0;
        if (!(inX1 && inY1)) w11 = 0;
      }
      const xa = pick(x0, w) * c;
      const xb = pick(x0 + 1, w) * c;
      const ya = pick(y0, h) * w * c;
      const yb = pick(y0 + 1, h) * w * c;
      const d = (y * w + x) * c;
      for (let ch = 0; ch < c; ch++) {
        const v = w00 * img[ya + xa + ch]! + w01 * img[ya + xb + ch]! + w10 * img[yb + xa + ch]! + w11 * img[yb + xb + ch]!;
        out[d + ch] = u8 ? (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v)) : v;
      }
    }
  }
  return out;
}

/** Rotate by `degrees` (counter-clockwise) about the image centre. */
export function rotate<T extends Pixels>(img: T, shape: Shape, degrees: number, fill: Fill = 'reflect'): T {
  const [h, w] = shape;
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  // Inverse map: source = R(-t) * (out - centre) + centre, y pointing down.
  return warpAffine(img, shape, {
    ax: cos, bx: -sin, cx: cx - cos * cx + sin * cy,
    ay: sin, by: cos, cy: cy - sin * cx - cos * cy,
  }, fill);
}

/** Cut the window (top, left, size ch x cw) and resize it back to HxW, bilinear. */
export function cropResize<T extends Pixels>(img: T, shape: Shape, top: number, left: number, ch: number, cw: number): T {
  const [h, w] = shape;
  const sx = cw / w;
  const sy = ch / h;
  // Half-pixel centres: source = (out + 0.5) * scale - 0.5 + offset.
  return warpAffine(img, shape, { ax: sx, bx: 0, cx: left + 0.5 * sx - 0.5, ay: 0, by: sy, cy: top + 0.5 * sy - 0.5 }, 'nearest');
}

/** Add a per-channel offset (0..255 units) to every pixel, clamping into 0..255. */
export function shiftColor<T extends Pixels>(img: T, shape: Shape, shift: readonly number[]): T {
  const c = shape[2];
  const out = like(img);
  const u8 = out instanceof Uint8Array;
  for (let ch = 0; ch < c; ch++) {
    const add = shift[ch] ?? 0;
    for (let i = ch; i < img.length; i += c) {
      const v = img[i]! + add;
      out[i] = v <= 0 ? 0 : v >= 255 ? 255 : u8 ? Math.round(v) : v;
    }
  }
  return out;
}

/**
 * AlexNet's PCA colour offset: sum_i alpha_i * sigma_i * p_i, with p_i the RGB principal axes.
 * The paper writes lambda_i (eigenvalue) but its effect only makes sense as a standard deviation
 * (the widely used fb.resnet.torch port uses sqrt-scale values 0.2175, 0.0188, 0.0045 in 0..1 units),
 * so sigma_i = sqrt(lambda_i) here: alpha ~ N(0, 0.1) moves colours by ~10% of their spread.
 */
export function pcaOffset(pca: ColorPca, alphas: readonly number[]): [number, number, number] {
  const off: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    const k = (alphas[i] ?? 0) * Math.sqrt(pca.eigenvalues[i]!);
    for (let ch = 0; ch < 3; ch++) off[ch]! += k * pca.eigenvectors[i]![ch]!;
  }
  return off;
}
