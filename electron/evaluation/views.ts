/**
 * Test-time views of one image for multi-crop evaluation (AlexNet's 10-crop testing): the four
 * corner crops and the centre crop of size ch x cw, each resized back to the full H x W
 * (bilinear, half-pixel centres, sampling only inside the crop), then their horizontal mirrors.
 */
import { flipHorizontal, resizeImage } from '../trainer/data/index.ts';

export type ImageShape = readonly [number, number, number];

/** Names of the ten views, in the order tenCropViews returns them. */
export const TEN_CROP_NAMES = ['top-left', 'top-right', 'bottom-left', 'bottom-right', 'centre', 'top-left mirrored', 'top-right mirrored', 'bottom-left mirrored', 'bottom-right mirrored', 'centre mirrored'] as const;

/** Copies the ch x cw window at (top, left) out of an H x W x C image. */
export function cropWindow(img: Uint8Array, shape: ImageShape, top: number, left: number, ch: number, cw: number): Uint8Array {
  const [, w, c] = shape;
  const out = new Uint8Array(ch * cw * c);
  for (let y = 0; y < ch; y++) out.set(img.subarray(((top + y) * w + left) * c, ((top + y) * w + left + cw) * c), y * cw * c);
  return out;
}

/** Top-left corners of the five crops: four corners, then the centre (rounded down). */
export function cropOrigins(shape: ImageShape, crop: readonly [number, number]): [number, number][] {
  const [h, w] = shape;
  const [ch, cw] = crop;
  return [
    [0, 0],
    [0, w - cw],
    [h - ch, 0],
    [h - ch, w - cw],
    [Math.floor((h - ch) / 2), Math.floor((w - cw) / 2)],
  ];
}

/** The ten views of `img`, each H x W x C like the input. A full-size crop gives the image itself. */
export function tenCropViews(img: Uint8Array, shape: ImageShape, crop: readonly [number, number]): Uint8Array[] {
  const [h, w, c] = shape;
  const [ch, cw] = crop;
  if (!(Number.isInteger(ch) && Number.isInteger(cw) && ch >= 1 && cw >= 1 && ch <= h && cw <= w)) {
    throw new RangeError(`the crop must be whole pixels between 1x1 and the image size ${h}x${w}; received ${ch}x${cw}`);
  }
  const crops = cropOrigins(shape, crop).map(([top, left]) => resizeImage(cropWindow(img, shape, top, left, ch, cw), [ch, cw, c], h, w, 'bilinear'));
  return [...crops, ...crops.map((v) => flipHorizontal(v, shape))];
}
