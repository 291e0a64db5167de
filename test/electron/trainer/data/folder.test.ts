// Image-folder datasets: the real Sign Language Digits folder (5 per class, resized to 64x64x3),
// exact pixels through PNG round trips, Keras' class ordering, and the errors a person hits
// (empty class, corrupt JPEG, stray files), each naming the file.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { classCounts, DatasetError, loadDataset } from '../../../../electron/trainer/data/index.ts';
import { datasetsPresent, noiseImage, SIGNS_FOLDER, tempDir, writePng } from './helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let n = 0;
/** A fresh dataset root with the given files: path -> writer. */
function makeFolder(files: Record<string, (file: string) => void>): string {
  const root = path.join(tmp.dir, `ds${n++}`);
  mkdirSync(root);
  for (const [rel, write] of Object.entries(files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    write(file);
  }
  return root;
}
const png = (w: number, h: number, rgba: number[]) => (file: string) => writePng(file, w, h, () => rgba);
const mkdir = (file: string): void => void mkdirSync(file, { recursive: true });
function jpegBytes(w: number, h: number): Buffer {
  const data = Buffer.from(noiseImage(w * h * 4, w + h));
  return jpeg.encode({ data, width: w, height: h }, 90).data;
}

describe.skipIf(!datasetsPresent('Sign Language Digits folder'))('Sign Language Digits folder', () => {
  it('5 images per class, resized to 64x64x3', async () => {
    const progress: number[] = [];
    const ds = await loadDataset({ kind: 'folder', path: SIGNS_FOLDER }, { targetShape: [64, 64, 3], limitPerClass: 5, onProgress: (d) => progress.push(d) });
    expect(ds.name).toBe('Dataset');
    expect(ds.source).toBe(SIGNS_FOLDER);
    expect(ds.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(ds.count).toBe(50);
    expect(classCounts(ds)).toEqual(new Array(10).fill(5));
    expect(ds.shape).toEqual([64, 64, 3]);
    expect(ds.images.length).toBe(50 * 64 * 64 * 3);
    expect(progress.at(-1)).toBe(50);
    // Files come from their own class folder, sorted by name within it.
    ds.files!.forEach((f, i) => expect(path.basename(path.dirname(f))).toBe(ds.classes[ds.labels[i]!]));
    const class0 = ds.files!.filter((_, i) => ds.labels[i] === 0).map((f) => path.basename(f));
    expect(class0).toEqual([...class0].sort());
    for (let i = 0; i < ds.count; i++) {
      const img = ds.images.subarray(i * 12288, (i + 1) * 12288);
      expect(new Set(img).size).toBeGreaterThan(30);
    }
  });

  it('without a target shape, keeps the first image size (100x100 photos)', async () => {
    const ds = await loadDataset({ kind: 'folder', path: SIGNS_FOLDER }, { limit: 3 });
    expect(ds.shape).toEqual([100, 100, 3]);
    expect(Array.from(ds.labels)).toEqual([0, 1, 2]);
  });

  it('a truncated real photo is reported with its path', async () => {
    const src = path.join(SIGNS_FOLDER, '0');
    const root = makeFolder({ 'a/ok.jpg': (f) => copyFileSync(path.join(src, 'IMG_1118.JPG'), f), 'b/broken.jpg': () => undefined });
    const whole = readFileSync(path.join(src, 'IMG_1118.JPG'));
    const broken = path.join(root, 'b', 'broken.jpg');
    writeFileSync(broken, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(loadDataset({ kind: 'folder', path: root })).rejects.toThrow(new RegExp(`${broken}: this JPEG could not be decoded`));
  });
});

describe('folders written here', () => {
  it('PNG pixels survive exactly; RGBA loses alpha; classes sort like Keras', async () => {
    const root = makeFolder({
      'b/1.png': png(2, 2, [10, 20, 30, 255]),
      'a/1.png': png(2, 2, [200, 100, 50, 7]),
      'a/2.png': png(2, 2, [1, 2, 3, 255]),
      'C/1.png': png(2, 2, [9, 9, 9, 255]),
    });
    const ds = await loadDataset({ kind: 'folder', path: root });
    expect(ds.classes).toEqual(['C', 'a', 'b']);
    expect(Array.from(ds.labels)).toEqual([0, 1, 1, 2]);
    expect(ds.shape).toEqual([2, 2, 3]);
    expect(Array.from(ds.images.subarray(12, 15))).toEqual([200, 100, 50]);
    expect(Array.from(ds.images.subarray(36, 39))).toEqual([10, 20, 30]);
  });

  it('grayscale target, mixed sizes, nested sub-folders, hidden files ignored', async () => {
    const root = makeFolder({
      'x/big.png': png(8, 8, [100, 100, 100, 255]),
      'x/deeper/small.png': png(2, 2, [50, 50, 50, 255]),
      'x/.DS_Store': (f) => writeFileSync(f, 'junk'),
      '.hidden/a.png': png(2, 2, [0, 0, 0, 255]),
      'y/photo.jpeg': (f) => writeFileSync(f, jpegBytes(6, 4)),
      'README.txt': (f) => writeFileSync(f, 'top-level files are not classes'),
    });
    const ds = await loadDataset({ kind: 'folder', path: root }, { targetShape: [4, 4, 1] });
    expect(ds.classes).toEqual(['x', 'y']);
    expect(ds.count).toBe(3);
    expect(ds.shape).toEqual([4, 4, 1]);
    expect(new Set(ds.images.subarray(0, 16))).toEqual(new Set([100]));
    expect(new Set(ds.images.subarray(16, 32))).toEqual(new Set([50]));
  });

  it('limit takes classes round-robin', async () => {
    const files: Record<string, (f: string) => void> = {};
    for (const c of ['a', 'b', 'c']) for (let i = 0; i < 4; i++) files[`${c}/${i}.png`] = png(1, 1, [i, 0, 0, 255]);
    const ds = await loadDataset({ kind: 'folder', path: makeFolder(files) }, { limit: 5 });
    expect(classCounts(ds)).toEqual([2, 2, 1]);
  });

  const broken: [string, Record<string, (f: string) => void>, string, RegExp][] = [
    ['empty class folder', { 'a/1.png': png(1, 1, [0]), 'b/.keep': (f) => writeFileSync(f, '') }, 'b', /Class folder .*b is empty/],
    ['truncated JPEG', { 'a/1.png': png(1, 1, [0]), 'b/bad.jpg': (f) => writeFileSync(f, jpegBytes(32, 32).subarray(0, 200)) }, 'b/bad.jpg', /this JPEG could not be decoded.*corrupt or truncated/],
    ['text file in a class', { 'a/1.png': png(1, 1, [0]), 'b/1.png': png(1, 1, [0]), 'a/notes.txt': (f) => writeFileSync(f, 'hi') }, 'a/notes.txt', /is not an image/],
    ['GIF image', { 'a/1.png': png(1, 1, [0]), 'b/1.png': png(1, 1, [0]), 'a/anim.gif': (f) => writeFileSync(f, 'GIF89a') }, 'a/anim.gif', /is a GIF image; Netwright reads JPEG and PNG/],
    ['misnamed file', { 'a/1.png': png(1, 1, [0]), 'b/fake.png': (f) => writeFileSync(f, 'not really a png') }, 'b/fake.png', /is not a JPEG or PNG image/],
    ['corrupt PNG', { 'a/1.png': png(1, 1, [0]), 'b/cut.png': (f) => { png(16, 16, [1, 2, 3, 255])(f); writeFileSync(f, readFileSync(f).subarray(0, 40)); } }, 'b/cut.png', /this PNG could not be decoded/],
    ['nested dataset root', { 'Dataset/0/1.png': png(1, 1, [0]), 'Dataset/1/1.png': png(1, 1, [0]) }, 'Dataset', /single class folder .*did you mean to choose .*Dataset as the dataset folder/],
    ['class holding only sub-folders', { 'a/1.png': png(1, 1, [0]), 'b/sub/.keep': (f) => writeFileSync(f, '') }, 'b', /only holds sub-folders/],
    ['no class folders', { 'one.png': png(1, 1, [0]) }, '', /has no class sub-folders/],
  ];
  it.each(broken)('%s: DatasetError names the file', async (_, files, rel, message) => {
    const root = makeFolder(files);
    const err = (await loadDataset({ kind: 'folder', path: root }).catch((e: unknown) => e)) as DatasetError;
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.file).toBe(path.join(root, rel));
    expect(err.message).toContain(path.join(root, rel));
    expect(err.message).toMatch(message);
  });

  it('a missing folder is named', async () => {
    const missing = path.join(tmp.dir, 'nope');
    await expect(loadDataset({ kind: 'folder', path: missing })).rejects.toThrow(`Dataset folder ${missing} does not exist`);
  });

  it('an aborted signal stops loading', async () => {
    const root = makeFolder({ 'a/1.png': png(1, 1, [0]), 'b/1.png': png(1, 1, [0]) });
    const ac = new AbortController();
    ac.abort();
    await expect(loadDataset({ kind: 'folder', path: root }, { signal: ac.signal })).rejects.toThrow(/abort/i);
  });
});
