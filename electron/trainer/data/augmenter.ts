// A run's augmentation settings turned into one per-image function for the batch iterator, plus
// the preview gallery. The PCA basis is computed once per dataset, so each image costs a few passes
// over its pixels (a 64x64x3 image takes well under a millisecond).
import { cropResize, flipHorizontal, padCrop, pcaOffset, rotate, shiftColor, type Fill, type Pixels } from './augment.ts';
import { colorPca, type ColorPca } from './pca.ts';
import { createRng, type Rng } from './rng.ts';
import { DatasetError, type Dataset } from './types.ts';

export interface AugmentSettings {
  /** Mirror left-right with probability 0.5. */
  flip?: boolean;
  /** Random crop: zero-pad by `pad` pixels and cut back to size, or cut a square of a random
   *  fraction (minScale..1 of each side) and resize it back. */
  crop?: { mode: 'pad'; pad: number } | { mode: 'resize'; minScale: number };
  /** Rotate by a uniform angle in [-rotation, rotation] degrees. */
  rotation?: number;
  /** Shift each channel by a uniform amount in [-colorShift, colorShift] (0..255 units). */
  colorShift?: number;
  /** AlexNet PCA colour noise: alpha_i ~ N(0, pcaColor); the paper uses 0.1. RGB only. */
  pcaColor?: number;
  /** Border fill for rotation (default 'reflect', as Keras' RandomRotation). */
  fill?: Fill;
}

/** Augment one image (Float32Array in 0..255 units); returns a new array of the same size. */
export type Augmenter = (img: Float32Array, rng: Rng) => Float32Array;

export function validateAugmentSettings(s: AugmentSettings, shape: readonly number[]): void {
  const bad = (what: string): never => {
    throw new DatasetError(`Augmentation: ${what}.`);
  };
  if (s.crop?.mode === 'pad' && !(Number.isInteger(s.crop.pad) && s.crop.pad >= 0 && s.crop.pad < Math.min(shape[0]!, shape[1]!))) {
    bad(`crop padding must be a whole number from 0 to below the image size; received ${s.crop.pad}`);
  }
  if (s.crop?.mode === 'resize' && !(s.crop.minScale > 0 && s.crop.minScale <= 1)) bad(`crop minScale must be in (0, 1]; received ${s.crop.minScale}`);
  if (s.rotation !== undefined && !(s.rotation >= 0 && s.rotation <= 180)) bad(`rotation must be 0 to 180 degrees; received ${s.rotation}`);
  if (s.colorShift !== undefined && !(s.colorShift >= 0 && s.colorShift <= 255)) bad(`colour shift must be 0 to 255; received ${s.colorShift}`);
  if (s.pcaColor !== undefined && !(s.pcaColor >= 0 && s.pcaColor <= 10)) bad(`PCA colour strength must be 0 to 10; received ${s.pcaColor}`);
}

/** Build the per-image function for a dataset (computes the PCA basis once when needed). */
export function createAugmenter(ds: Dataset, settings: AugmentSettings, pca?: ColorPca): Augmenter {
  const shape = ds.shape;
  validateAugmentSettings(settings, shape);
  const basis = settings.pcaColor ? (pca ?? colorPca(ds)) : undefined;
  const [h, w, c] = shape;
  return (input, rng) => {
    let img: Float32Array = input;
    if (settings.flip && rng.next() < 0.5) img = flipHorizontal(img, shape);
    const crop = settings.crop;
    if (crop?.mode === 'pad' && crop.pad > 0) {
      img = padCrop(img, shape, crop.pad, rng.int(2 * crop.pad + 1), rng.int(2 * crop.pad + 1));
    } else if (crop?.mode === 'resize' && crop.minScale < 1) {
      const f = rng.uniform(crop.minScale, 1);
      const ch = Math.max(1, f * h);
      const cw = Math.max(1, f * w);
      img = cropResize(img, shape, rng.uniform(0, h - ch), rng.uniform(0, w - cw), ch, cw);
    }
    if (settings.rotation) img = rotate(img, shape, rng.uniform(-settings.rotation, settings.rotation), settings.fill);
    const shift = new Array<number>(c).fill(0);
    if (settings.colorShift) for (let ch = 0; ch < c; ch++) shift[ch] = rng.uniform(-settings.colorShift, settings.colorShift);
    if (basis && c === 3) {
      const off = pcaOffset(basis, [rng.normal(settings.pcaColor), rng.normal(settings.pcaColor), rng.normal(settings.pcaColor)]);
      for (let ch = 0; ch < 3; ch++) shift[ch]! += off[ch]!;
    }
    if (shift.some((v) => v !== 0)) img = shiftColor(img, shape, shift);
    return img === input ? input.slice() : img;
  };
}

/** `n` augmented versions of image `index` (uint8, same shape), for the preview gallery. */
export function augmentImages(ds: Dataset, index: number, settings: AugmentSettings, n: number, seed = 0): Uint8Array[] {
  if (!(index >= 0 && index < ds.count)) throw new DatasetError(`Image ${index} does not exist; ${ds.name} has ${ds.count} images.`, ds.source);
  const size = ds.shape[0] * ds.shape[1] * ds.shape[2];
  const augment = createAugmenter(ds, settings);
  const rng = createRng(seed);
  const src = Float32Array.from(ds.images.subarray(index * size, (index + 1) * size));
  return Array.from({ length: n }, () => {
    const img = augment(src, rng);
    const out = new Uint8Array(img.length);
    for (let i = 0; i < img.length; i++) out[i] = Math.round(img[i]!);
    return out;
  });
}

export type { Pixels };
