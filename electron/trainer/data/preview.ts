// Pictures for the dataset view: a seeded sample of each class, the same as one PNG grid (one row
// per class), single images as PNG and the augmentation preview gallery. PNGs are encoded with
// pngjs so they can cross the IPC bridge as bytes.
import { PNG } from 'pngjs';
import { augmentImages, type AugmentSettings } from './augmenter.ts';
import { shuffleInPlace } from './split.ts';
import type { Dataset } from './types.ts';

/** Up to `perClass` image indices of every class (index = label), a seeded random choice. */
export function sampleGrid(ds: Dataset, perClass: number, seed = 0): number[][] {
  const byClass: number[][] = ds.classes.map(() => []);
  for (let i = 0; i < ds.count; i++) byClass[ds.labels[i]!]?.push(i);
  return byClass.map((list, c) => {
    shuffleInPlace(list, seed + c);
    return list.slice(0, perClass).sort((a, b) => a - b);
  });
}

/** Encode an HxWx1 or HxWx3 uint8 image as PNG. */
export function imageToPng(pixels: Uint8Array, shape: readonly [number, number, number]): Buffer {
  const [h, w, c] = shape;
  const png = new PNG({ width: w, height: h });
  for (let p = 0; p < h * w; p++) {
    const r = pixels[p * c]!;
    png.data[p * 4] = r;
    png.data[p * 4 + 1] = c === 3 ? pixels[p * c + 1]! : r;
    png.data[p * 4 + 2] = c === 3 ? pixels[p * c + 2]! : r;
    png.data[p * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

export function imageAt(ds: Dataset, index: number): Uint8Array {
  const size = ds.shape[0] * ds.shape[1] * ds.shape[2];
  return ds.images.subarray(index * size, (index + 1) * size);
}

/** One PNG: a row per class holding its sampleGrid images, separated by `gap` white pixels. */
export function sampleGridPng(ds: Dataset, perClass: number, opts: { seed?: number; gap?: number } = {}): Buffer {
  const gap = opts.gap ?? 2;
  const [h, w, c] = ds.shape;
  const grid = sampleGrid(ds, perClass, opts.seed);
  const rows = Math.max(1, grid.length);
  const width = perClass * w + (perClass - 1) * gap;
  const height = rows * h + (rows - 1) * gap;
  const canvas = new Uint8Array(width * height * 3).fill(255);
  grid.forEach((indices, row) => {
    indices.forEach((index, col) => {
      const img = imageAt(ds, index);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const d = ((row * (h + gap) + y) * width + col * (w + gap) + x) * 3;
          const s = (y * w + x) * c;
          canvas[d] = img[s]!;
          canvas[d + 1] = img[c === 3 ? s + 1 : s]!;
          canvas[d + 2] = img[c === 3 ? s + 2 : s]!;
        }
      }
    });
  });
  return imageToPng(canvas, [height, width, 3]);
}

/** `n` augmented versions of image `index` as PNG buffers (seeded, so the preview is stable). */
export function augmentPreview(ds: Dataset, index: number, settings: AugmentSettings, n: number, seed = 0): Buffer[] {
  return augmentImages(ds, index, settings, n, seed).map((img) => imageToPng(img, ds.shape));
}
