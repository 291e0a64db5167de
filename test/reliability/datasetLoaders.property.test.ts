// Property tests of the dataset loaders (electron/trainer/data): course HDF5 files, CSV indexes and
// image folders. Random bytes, truncated or bit-flipped real files and folders of junk must end in a
// dataset or a DatasetError (which names the file), never another exception, and never a hang: each
// load runs against a deadline. The real HDF5 files come from ../shared/datasets (skipped without).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCsvIndex } from '../../electron/trainer/data/csv.ts';
import { loadDataset } from '../../electron/trainer/data/load.ts';
import { DatasetError, type Dataset, type DataSpec } from '../../electron/trainer/data/types.ts';
import { noPollution } from './helpers/arbitraries.ts';

const DATASETS = resolve(import.meta.dirname, '../../../shared/datasets');
const COURSE = join(DATASETS, 'course-h5');
const hasCourse = existsSync(join(COURSE, 'test_happy.h5'));
if (!hasCourse) console.warn(`HDF5 properties on real files skipped: no ${COURSE}`);
const HDF5_SIGNATURE = Uint8Array.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
const DEADLINE_MS = 15_000;

afterEach(noPollution);

/** Loads `spec` against a deadline: resolves with the dataset or the DatasetError; anything else fails the test. */
async function loadOrDatasetError(spec: DataSpec): Promise<Dataset | DatasetError> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${JSON.stringify(spec)} did not finish within ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  try {
    return await Promise.race([loadDataset(spec, { targetShape: [8, 8, 3] }), deadline]);
  } catch (e) {
    if (e instanceof DatasetError) {
      expect(e.message.length).toBeGreaterThan(10);
      return e;
    }
    throw new Error(`${JSON.stringify(spec)}: not a DatasetError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  } finally {
    clearTimeout(timer);
  }
}

let counter = 0;
const scratch = mkdtempSync(join(tmpdir(), 'nw-datasets-'));
const fresh = (name: string) => join(scratch, `${counter++}-${name}`);

// A file that carries the HDF5 signature but is truncated or garbage made h5wasm throw a bare
// Error ("error - name not defined!") that escaped loadH5; h5.ts now wraps it in a DatasetError.
describe('HDF5', () => {
  it('property: random bytes without the HDF5 signature give a DatasetError naming the file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        const file = fresh('random.h5');
        writeFileSync(file, bytes);
        const result = await loadOrDatasetError({ kind: 'h5', path: file });
        expect(result).toBeInstanceOf(DatasetError);
        expect((result as DatasetError).message).toContain(file);
      }),
      { numRuns: 60 },
    );
  });

  it('property: random bytes after the HDF5 signature give a DatasetError naming the file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        const file = fresh('signed.h5');
        writeFileSync(file, Buffer.concat([HDF5_SIGNATURE, bytes]));
        const result = await loadOrDatasetError({ kind: 'h5', path: file });
        expect(result).toBeInstanceOf(DatasetError);
        expect((result as DatasetError).message).toContain(file);
      }),
      { numRuns: 60 },
    );
  });

  it.skipIf(!hasCourse)('property: a real course file cut short or with bytes flipped loads or gives a DatasetError', async () => {
    const real = ['test_happy.h5', 'test_signs.h5', 'test_catvnoncat.h5'].map((f) => readFileSync(join(COURSE, f)));
    const damaged = fc.tuple(fc.nat({ max: real.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.boolean());
    await fc.assert(
      fc.asyncProperty(damaged, async ([which, cutAt, flips, cut]) => {
        const bytes = Buffer.from(real[which]!);
        for (const [at, value] of flips) bytes[Math.floor(at * (bytes.length - 1))] = value;
        const file = fresh('damaged.h5');
        writeFileSync(file, cut ? bytes.subarray(0, Math.floor(cutAt * bytes.length)) : bytes);
        const result = await loadOrDatasetError({ kind: 'h5', path: file });
        if (!(result instanceof DatasetError)) expect(result.count).toBeGreaterThan(0);
      }),
      { numRuns: 40 },
    );
  });
});

describe('CSV', () => {
  const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('img.png', 'a/b.jpg', '../../etc/passwd.png', '/abs/x.jpeg', 'label', 'path', '"quoted, cell"', '"unterminated'), fc.integer({ min: -3, max: 20 }).map(String));
  const csvText = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.array(fc.array(cell, { minLength: 0, maxLength: 4 }), { maxLength: 8 }).chain((rows) => fc.constantFrom(',', ';', '\t').map((sep) => rows.map((r) => r.join(sep)).join('\n'))),
  );

  it('property: parseCsvIndex answers rows or a DatasetError naming the file, for any text', () => {
    fc.assert(
      fc.property(csvText, (text) => {
        try {
          const rows = parseCsvIndex(text, '/data/index.csv');
          for (const r of rows) expect(r.path.length > 0 && r.label.length > 0).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(DatasetError);
          expect((e as Error).message).toContain('/data/index.csv');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: a CSV whose images are missing or junk gives a DatasetError, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.uint8Array({ maxLength: 300 }), async (text, junk) => {
        const dir = fresh('csv');
        mkdirSync(dir);
        writeFileSync(join(dir, 'img.png'), junk);
        writeFileSync(join(dir, 'index.csv'), text);
        await loadOrDatasetError({ kind: 'csv', path: join(dir, 'index.csv') });
      }),
      { numRuns: 80 },
    );
  });
});

describe('image folders', () => {
  const entry = fc.record({
    name: fc.oneof(fc.stringMatching(/^[a-z0-9_ ]{1,8}\.(png|jpg|jpeg|PNG|gif|txt|bin)$/), fc.constantFrom('.DS_Store', 'Thumbs.db', 'noext', '.hidden.png')),
    bytes: fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constant(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), fc.constant(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]))),
  });
  const tree = fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,4}$/), fc.array(entry, { maxLength: 3 }), fc.boolean()), { maxLength: 4 });

  it('property: folders of junk files give a DatasetError naming a file or folder, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(tree, fc.array(entry, { maxLength: 2 }), async (classes, loose) => {
        const root = fresh('folder');
        mkdirSync(root);
        for (const e of loose) writeFileSync(join(root, e.name), e.bytes);
        for (const [name, files, nested] of classes) {
          const dir = nested ? join(root, name, 'inner') : join(root, name);
          mkdirSync(dir, { recursive: true });
          for (const e of files) writeFileSync(join(dir, e.name), e.bytes);
        }
        const result = await loadOrDatasetError({ kind: 'folder', path: root });
        expect(result).toBeInstanceOf(DatasetError); // no file here decodes as an image
        expect((result as DatasetError).message).toContain(root);
      }),
      { numRuns: 80 },
    );
  });
});
