// CSV datasets: round trips on PNGs written here (with and without header, text and numeric
// labels, other delimiters), errors naming the CSV line, and fast-check: any text gives rows or a
// DatasetError, never another exception.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError, loadDataset, parseCsvIndex } from '../../../../electron/trainer/data/index.ts';
import { tempDir, writePng } from './helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
mkdirSync(path.join(tmp.dir, 'img'));
for (let i = 0; i < 6; i++) writePng(path.join(tmp.dir, 'img', `${i}.png`), 3, 2, () => [i * 40, 255 - i * 40, 7]);
let k = 0;
function csv(text: string): string {
  const file = path.join(tmp.dir, `labels${k++}.csv`);
  writeFileSync(file, text);
  return file;
}

describe('CSV datasets', () => {
  it('header with named columns in any order, text labels sorted', async () => {
    const file = csv('label,filename\ndog,img/0.png\ncat,img/1.png\n"dog",img/2.png\nbird,img/3.png\n');
    const ds = await loadDataset({ kind: 'csv', path: file });
    expect(ds.classes).toEqual(['bird', 'cat', 'dog']);
    expect(Array.from(ds.labels)).toEqual([2, 1, 2, 0]);
    expect(ds.shape).toEqual([2, 3, 3]);
    expect(Array.from(ds.images.subarray(18, 21))).toEqual([40, 215, 7]);
    expect(ds.files).toEqual([0, 1, 2, 3].map((i) => path.join(tmp.dir, 'img', `${i}.png`)));
  });

  it('no header, numeric labels keep their numbers; absolute paths; resized', async () => {
    const abs = path.join(tmp.dir, 'img', '5.png');
    const file = csv(`img/4.png,2\n${abs},0\nimg/1.png,2\n`);
    const ds = await loadDataset({ kind: 'csv', path: file }, { targetShape: [4, 4, 1] });
    expect(ds.classes).toEqual(['0', '1', '2']);
    expect(Array.from(ds.labels)).toEqual([2, 0, 2]);
    expect(ds.shape).toEqual([4, 4, 1]);
  });

  it('tab- and semicolon-separated files, BOM, blank lines, Windows line ends', () => {
    expect(parseCsvIndex('\uFEFFpath\tlabel\r\na.png\tx\r\n\r\nb.png\ty\r\n', 'f.csv').map((r) => [r.path, r.label, r.line])).toEqual([
      ['a.png', 'x', 2],
      ['b.png', 'y', 4],
    ]);
    expect(parseCsvIndex('3;a b.jpg\n', 'f.csv')).toEqual([{ path: 'a b.jpg', label: '3', line: 1 }]);
  });

  it('a missing image names the CSV line', async () => {
    const file = csv('image,class\nimg/0.png,a\nimg/missing.png,b\n');
    const err = (await loadDataset({ kind: 'csv', path: file }).catch((e: unknown) => e)) as DatasetError;
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.file).toBe(path.join(tmp.dir, 'img', 'missing.png'));
    expect(err.message).toMatch(new RegExp(`missing\\.png \\(${path.basename(file)} line 3\\) does not exist`));
  });

  it.each([
    ['empty file', '', /is empty/],
    ['header only', 'path,label\n', /has a header but no rows/],
    ['no image column', 'a,b\n1,2\n', /no column holds image file names/],
    ['row without label', 'x.png,1\ny.png\n', /line 2: needs an image path and a label/],
    ['unclosed quote', 'x.png,"1\n', /not readable as CSV/],
  ])('%s: DatasetError names the file', (_, text, message) => {
    expect(() => parseCsvIndex(text, '/data/l.csv')).toThrow(message);
    try {
      parseCsvIndex(text, '/data/l.csv');
    } catch (e) {
      expect((e as DatasetError).file).toBe('/data/l.csv');
      expect((e as Error).message).toContain('/data/l.csv');
    }
  });

  it('a missing CSV is named', async () => {
    const missing = path.join(tmp.dir, 'none.csv');
    await expect(loadDataset({ kind: 'csv', path: missing })).rejects.toThrow(`CSV file ${missing} does not exist`);
  });
});

describe('CSV parser never throws anything but DatasetError', () => {
  const check = (text: string): void => {
    try {
      const rows = parseCsvIndex(text, 'f.csv');
      for (const r of rows) {
        expect(r.path).not.toBe('');
        expect(r.label).not.toBe('');
      }
    } catch (e) {
      if (!(e instanceof DatasetError)) throw e;
    }
  };
  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { numRuns: 500 });
  });
  it('on CSV-shaped text', () => {
    const cell = fc.oneof(fc.constantFrom('a.png', 'x y.JPG', '"q,uote.png"', '3', 'label', 'path', '', '"', '""', 'é.png'), fc.string({ maxLength: 6 }));
    const row = fc.array(cell, { maxLength: 4 }).map((cells) => cells.join(','));
    fc.assert(fc.property(fc.array(row, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (rows, nl) => check(rows.join(nl))), { numRuns: 500 });
  });
});
