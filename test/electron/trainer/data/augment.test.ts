// Augmentation: geometric identities (flip twice, rotation 0 and 360, crop windows), agreement with
// tfjs' flipLeftRight and numpy's rot90 / eigh / cov, AlexNet PCA colour noise (zero on a
// constant-colour set), seeded determinism and the PNG preview gallery.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  augmentImages, augmentPreview, colorPca, createAugmenter, createRng, cropResize, DatasetError, flipHorizontal,
  padCrop, pcaOffset, rotate, shiftColor, symmetricEigen3, type Dataset,
} from '../../../../electron/trainer/data/index.ts';
import { hasNumpy, noiseImage, python } from './helpers.ts';

const shape = [6, 5, 3] as const;
const img = noiseImage(6 * 5 * 3, 42);

function dataset(images: Uint8Array, s: [number, number, number], count: number): Dataset {
  return { name: 't', source: '/t', images, labels: new Int32Array(count), shape: s, classes: ['a', 'b'], count };
}

describe('geometry', () => {
  it('flip twice is the identity; flip equals tf.image.flipLeftRight', () => {
    expect(flipHorizontal(flipHorizontal(img, shape), shape)).toEqual(img);
    const ref = tf.tidy(() => tf.image.flipLeftRight(tf.tensor4d(img, [1, ...shape], 'float32')).dataSync());
    expect(Array.from(flipHorizontal(img, shape))).toEqual(Array.from(ref));
  });

  it('pad-and-crop keeps the shape; centred window is the identity; offsets shift with zero fill', () => {
    expect(padCrop(img, shape, 0, 0, 0)).toEqual(img);
    expect(padCrop(img, shape, 3, 3, 3)).toEqual(img);
    const shifted = padCrop(img, shape, 2, 0, 0); // content moves down-right by 2
    expect(shifted.length).toBe(img.length);
    expect(Array.from(shifted.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(shifted.subarray((2 * 5 + 2) * 3, (2 * 5 + 2) * 3 + 3))).toEqual(Array.from(img.subarray(0, 3)));
  });

  it('pad-and-crop equals the per-pixel definition for any padding and offset', () => {
    fc.assert(
      fc.property(fc.nat(7), fc.nat(14), fc.nat(14), (pad, dyRaw, dxRaw) => {
        const dy = dyRaw % (2 * pad + 1);
        const dx = dxRaw % (2 * pad + 1);
        const expected = new Uint8Array(img.length);
        for (let y = 0; y < 6; y++) {
          for (let x = 0; x < 5; x++) {
            const sy = y + dy - pad;
            const sx = x + dx - pad;
            if (sy < 0 || sy >= 6 || sx < 0 || sx >= 5) continue;
            for (let c = 0; c < 3; c++) expected[(y * 5 + x) * 3 + c] = img[(sy * 5 + sx) * 3 + c]!;
          }
        }
        expect(padCrop(img, shape, pad, dy, dx)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('constant fill leaves zero corners after a 45 degree turn; reflect does not', () => {
    const flat = new Uint8Array(9 * 9).fill(90);
    const c = rotate(flat, [9, 9, 1], 45, 'constant');
    expect(c[0]).toBe(0);
    expect(c[4 * 9 + 4]).toBe(90);
    expect(rotate(flat, [9, 9, 1], 45, 'reflect')[0]).toBe(90);
  });

  it('crop-and-resize of the whole image is the identity; a window keeps the shape', () => {
    expect(cropResize(img, shape, 0, 0, 6, 5)).toEqual(img);
    expect(cropResize(img, shape, 1, 1, 3, 2.5).length).toBe(img.length);
  });

  it('rotation by 0 and 360 degrees is the identity; 180 is both flips', () => {
    expect(rotate(img, shape, 0)).toEqual(img);
    expect(rotate(img, shape, 360)).toEqual(img);
    const both = new Uint8Array(img.length);
    for (let y = 0; y < 6; y++) for (let x = 0; x < 5; x++) for (let c = 0; c < 3; c++) both[(y * 5 + x) * 3 + c] = img[((5 - y) * 5 + (4 - x)) * 3 + c]!;
    expect(rotate(img, shape, 180)).toEqual(both);
  });

  it('float images stay float and keep fractional values', () => {
    const f = Float32Array.from(img, (v) => v + 0.25);
    const r = rotate(f, shape, 0);
    expect(r).toBeInstanceOf(Float32Array);
    expect(r).toEqual(f);
  });

  it('small rotations of a constant image change nothing inside (reflect borders)', () => {
    const flat = new Uint8Array(8 * 8 * 3).fill(90);
    expect(new Set(rotate(flat, [8, 8, 3], 13))).toEqual(new Set([90]));
  });

  it('colour shift adds per channel and clamps uint8 into 0..255', () => {
    const out = shiftColor(Uint8Array.of(250, 5, 100), [1, 1, 3], [10, -10, 0.4]);
    expect(Array.from(out)).toEqual([255, 0, 100]);
  });
});

describe.skipIf(!hasNumpy('rotation and PCA references'))('against numpy', () => {
  it('rotate(90) equals np.rot90 (counter-clockwise) on a square image', () => {
    const sq = noiseImage(7 * 7 * 3, 5);
    const ref = JSON.parse(python('x = np.array(json.loads(sys.stdin.read()), dtype=np.uint8).reshape(7, 7, 3)\nprint(json.dumps(np.rot90(x).ravel().tolist()))', undefined, JSON.stringify(Array.from(sq)))) as number[];
    expect(Array.from(rotate(sq, [7, 7, 3], 90))).toEqual(ref);
  });

  it('symmetricEigen3 and colorPca agree with numpy.linalg.eigh and np.cov', () => {
    const images = noiseImage(3 * 4 * 4 * 3, 8);
    // Correlate the channels so the axes are not trivial.
    for (let p = 0; p < images.length; p += 3) {
      images[p + 1] = Math.round(0.6 * images[p]! + 0.4 * images[p + 1]!);
      images[p + 2] = Math.round(0.3 * images[p]! + 0.7 * images[p + 2]!);
    }
    const ref = JSON.parse(
      python(`x = np.array(json.loads(sys.stdin.read()), dtype=np.float64).reshape(-1, 3)
c = np.cov(x, rowvar=False, bias=True)
w, v = np.linalg.eigh(c)
print(json.dumps({'cov': c.ravel().tolist(), 'mean': x.mean(0).tolist(), 'w': w[::-1].tolist(), 'v': v[:, ::-1].T.tolist()}))`, undefined, JSON.stringify(Array.from(images))),
    ) as { cov: number[]; mean: number[]; w: number[]; v: number[][] };
    const eig = symmetricEigen3(ref.cov);
    eig.values.forEach((v, i) => expect(v).toBeCloseTo(ref.w[i]!, 6));
    // Eigenvectors are defined up to sign.
    eig.vectors.forEach((v, i) => expect(Math.abs(v.reduce((s, x, k) => s + x * ref.v[i]![k]!, 0))).toBeCloseTo(1, 9));
    const pca = colorPca(dataset(images, [4, 4, 3], 3))!;
    pca.mean.forEach((m, i) => expect(m).toBeCloseTo(ref.mean[i]!, 9));
    pca.eigenvalues.forEach((v, i) => expect(v).toBeCloseTo(ref.w[i]!, 6));
  });
});

describe('AlexNet PCA colour augmentation', () => {
  it('a constant-colour dataset has zero eigenvalues, so PCA noise changes nothing', () => {
    const images = new Uint8Array(5 * 4 * 4 * 3);
    for (let p = 0; p < images.length; p += 3) images.set([200, 30, 120], p);
    const ds = dataset(images, [4, 4, 3], 5);
    const pca = colorPca(ds)!;
    expect(pca.mean).toEqual([200, 30, 120]);
    pca.eigenvalues.forEach((v) => expect(v).toBeCloseTo(0, 9));
    const out = augmentImages(ds, 0, { pcaColor: 0.1 }, 5, 3);
    for (const o of out) expect(o).toEqual(images.subarray(0, 48));
  });

  it('a gray-ramp dataset varies along (1,1,1)/sqrt(3); the offset follows that axis', () => {
    const images = new Uint8Array(256 * 3);
    for (let v = 0; v < 256; v++) images.set([v, v, v], v * 3);
    const pca = colorPca(dataset(images, [16, 16, 3], 1))!;
    expect(Math.abs(pca.eigenvectors[0]![0]!)).toBeCloseTo(1 / Math.sqrt(3), 9);
    expect(pca.eigenvalues[1]).toBeCloseTo(0, 6);
    const off = pcaOffset(pca, [0.1, 5, 5]);
    const expected = 0.1 * Math.sqrt(pca.eigenvalues[0]) / Math.sqrt(3);
    off.forEach((o) => expect(Math.abs(o)).toBeCloseTo(expected, 6));
  });
});

describe('augmenter', () => {
  const images = noiseImage(4 * 8 * 8 * 3, 11);
  const ds = dataset(images, [8, 8, 3], 4);
  const settings = { flip: true, crop: { mode: 'pad', pad: 2 }, rotation: 10, colorShift: 20, pcaColor: 0.1 } as const;

  it('same seed, same images; another seed, other images; source untouched', () => {
    const copy = images.slice();
    const a = augmentImages(ds, 1, settings, 4, 7);
    expect(augmentImages(ds, 1, settings, 4, 7)).toEqual(a);
    expect(augmentImages(ds, 1, settings, 4, 8)).not.toEqual(a);
    expect(images).toEqual(copy);
    a.forEach((o) => expect(o.length).toBe(8 * 8 * 3));
  });

  it('no settings is the identity', () => {
    const aug = createAugmenter(ds, {});
    const src = Float32Array.from(images.subarray(0, 192));
    expect(aug(src, createRng(1))).toEqual(src);
  });

  it('crop-and-resize mode keeps the shape', () => {
    const out = augmentImages(ds, 0, { crop: { mode: 'resize', minScale: 0.5 } }, 3);
    out.forEach((o) => expect(o.length).toBe(192));
  });

  it('preview gives n PNGs of the image size', () => {
    const pngs = augmentPreview(ds, 2, settings, 3);
    expect(pngs).toHaveLength(3);
    for (const b of pngs) {
      const p = PNG.sync.read(b);
      expect([p.width, p.height]).toEqual([8, 8]);
    }
  });

  it.each([
    [{ rotation: -5 }, /rotation must be 0 to 180/],
    [{ crop: { mode: 'pad', pad: 8 } }, /crop padding/],
    [{ crop: { mode: 'resize', minScale: 0 } }, /minScale/],
    [{ colorShift: 300 }, /colour shift/],
  ] as const)('bad settings %j are explained', (s, message) => {
    expect(() => createAugmenter(ds, s)).toThrow(DatasetError);
    expect(() => createAugmenter(ds, s)).toThrow(message);
  });
});
