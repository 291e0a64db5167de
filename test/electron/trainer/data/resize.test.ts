// Resampling and channel conversion against independent references: tfjs' own resizeBilinear
// (half-pixel centres, what Keras uses) and rgbToGrayscale, and numpy block means for area resize.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { conformImage, convertChannels, padImage, resizeImage } from '../../../../electron/trainer/data/index.ts';
import { hasNumpy, noiseImage, python } from './helpers.ts';

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('bilinear resize equals tf.image.resizeBilinear(halfPixelCenters=true)', () => {
  const cases: [number, number, number, number, number][] = [
    [100, 100, 64, 64, 3],
    [28, 28, 32, 32, 1],
    [13, 7, 5, 11, 3],
    [64, 64, 224, 224, 3],
    [5, 9, 3, 2, 1],
  ];
  it.each(cases)('%ix%i -> %ix%i, %i channels', (h, w, oh, ow, c) => {
    const src = noiseImage(h * w * c, h * 31 + w);
    const ours = resizeImage(src, [h, w, c], oh, ow, 'bilinear');
    const ref = tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(src, [h, w, c], 'float32'), [oh, ow], false, true).round().dataSync());
    // Ours rounds after float32 accumulation; exact .5 ties may round the other way.
    expect(maxDiff(ours, ref)).toBeLessThanOrEqual(1);
  });
});

describe.skipIf(!hasNumpy('area resize reference'))('area resize', () => {
  it('integer factors equal numpy block means', () => {
    const src = noiseImage(12 * 18 * 3, 5);
    const ours = resizeImage(src, [12, 18, 3], 4, 6, 'area');
    const ref = JSON.parse(
      python(`x = np.array(json.loads(sys.stdin.read()), dtype=np.float64).reshape(12, 18, 3)
print(json.dumps(np.floor(x.reshape(4, 3, 6, 3, 3).mean(axis=(1, 3)) + 0.5).astype(int).ravel().tolist()))`, undefined, JSON.stringify(Array.from(src))),
    ) as number[];
    expect(Array.from(ours)).toEqual(ref);
  });
});

describe('area resize properties', () => {
  it('keeps a constant image constant for any factor', () => {
    const src = new Uint8Array(100 * 100 * 3).fill(77);
    for (const [oh, ow] of [[64, 64], [33, 7], [1, 1]] as const) {
      expect(new Set(resizeImage(src, [100, 100, 3], oh, ow, 'area'))).toEqual(new Set([77]));
    }
  });
  it('keeps the mean brightness of a noisy image (within rounding)', () => {
    const src = noiseImage(99 * 77, 9);
    const out = resizeImage(src, [99, 77, 1], 31, 20, 'area');
    const mean = (a: Uint8Array): number => a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.abs(mean(out) - mean(src))).toBeLessThan(1.5);
  });
});

describe('channels and padding', () => {
  it('RGB -> gray matches tf.image.rgbToGrayscale within rounding', () => {
    const src = noiseImage(50 * 3, 3);
    const ours = convertChannels(src, 50, 3, 1);
    const ref = tf.tidy(() => tf.image.rgbToGrayscale(tf.tensor3d(src, [5, 10, 3], 'float32')).round().dataSync());
    expect(maxDiff(ours, ref)).toBeLessThanOrEqual(1);
  });
  it('gray -> RGB replicates; RGBA -> RGB drops alpha', () => {
    expect(Array.from(convertChannels(Uint8Array.of(9, 200), 2, 1, 3))).toEqual([9, 9, 9, 200, 200, 200]);
    expect(Array.from(convertChannels(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), 2, 4, 3))).toEqual([1, 2, 3, 5, 6, 7]);
  });
  it('padImage puts the image in the middle of a zero border', () => {
    const out = padImage(Uint8Array.of(1, 2, 3, 4), [2, 2, 1], 1);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0]);
  });
  it('conformImage converts channels and size together', () => {
    const src = new Uint8Array(10 * 10 * 3).fill(100);
    const out = conformImage(src, [10, 10, 3], [4, 4, 1]);
    expect(out.length).toBe(16);
    expect(new Set(out)).toEqual(new Set([100]));
  });
});
