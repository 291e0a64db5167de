// Pre-training checks (a table of model/data mismatches with their codes) and the CLI --data
// parser, including fast-check: any string gives a DataSpec or a DatasetError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDatasetAgainstModel, DatasetError, parseDataArg, type Dataset, type LossKind } from '../../../../electron/trainer/data/index.ts';

function ds(shape: [number, number, number], classes: number, labels: number[]): Dataset {
  return {
    name: 'signs',
    source: '/data/signs',
    images: new Uint8Array(labels.length * shape[0] * shape[1] * shape[2]),
    labels: Int32Array.from(labels),
    shape,
    classes: Array.from({ length: classes }, (_, i) => `c${i}`),
    count: labels.length,
  };
}
const six = ds([64, 64, 3], 6, [0, 1, 2, 3, 4, 5]);
const two = ds([64, 64, 3], 2, [0, 1, 1]);

type Row = [string, Dataset, (number | null)[], number, LossKind, boolean, string[]];
const table: Row[] = [
  ['matching softmax model', six, [64, 64, 3], 6, 'categoricalCrossentropy', false, []],
  ['matching sigmoid model', two, [64, 64, 3], 1, 'binaryCrossentropy', false, []],
  ['batch-free null dims accept any size', six, [null, null, 3], 6, 'sparseCategoricalCrossentropy', false, []],
  ['size differs, no resize', six, [32, 32, 3], 6, 'categoricalCrossentropy', false, ['IMAGE_SIZE_MISMATCH:error']],
  ['size differs, resize allowed', six, [32, 32, 3], 6, 'categoricalCrossentropy', true, ['IMAGE_RESIZED:warning']],
  ['channels differ, no resize', six, [64, 64, 1], 6, 'categoricalCrossentropy', false, ['CHANNEL_MISMATCH:error']],
  ['4-channel model input', six, [64, 64, 4], 6, 'categoricalCrossentropy', true, ['CHANNEL_MISMATCH:error']],
  ['flat input of the right size', six, [64 * 64 * 3], 6, 'categoricalCrossentropy', false, []],
  ['flat input of the wrong size', six, [784], 6, 'categoricalCrossentropy', false, ['IMAGE_SIZE_MISMATCH:error']],
  ['too few output units', six, [64, 64, 3], 5, 'categoricalCrossentropy', false, ['CLASS_COUNT_MISMATCH:error']],
  ['too many output units', six, [64, 64, 3], 10, 'sparseCategoricalCrossentropy', false, ['CLASS_COUNT_MISMATCH:warning']],
  ['sigmoid binary output with 6 classes', six, [64, 64, 3], 1, 'binaryCrossentropy', false, ['BINARY_OUTPUT_MANY_CLASSES:error']],
  ['binary loss on 2 units', two, [64, 64, 3], 2, 'binaryCrossentropy', false, ['CLASS_COUNT_MISMATCH:error']],
  ['categorical loss on 1 unit, 2 classes', two, [64, 64, 3], 1, 'categoricalCrossentropy', false, ['CLASS_COUNT_MISMATCH:error']],
  ['MSE on 1 unit', two, [64, 64, 3], 1, 'meanSquaredError', false, []],
  ['MSE on one-hot units', six, [64, 64, 3], 6, 'meanSquaredError', false, []],
  ['MSE on 3 units for 6 classes', six, [64, 64, 3], 3, 'meanSquaredError', false, ['CLASS_COUNT_MISMATCH:error']],
  ['a class without images', ds([8, 8, 1], 3, [0, 1, 0]), [8, 8, 1], 3, 'categoricalCrossentropy', false, ['EMPTY_CLASS:warning']],
  ['one class only', ds([8, 8, 1], 2, [1, 1, 1]), [8, 8, 1], 2, 'categoricalCrossentropy', false, ['EMPTY_CLASS:warning', 'SINGLE_CLASS:error']],
  ['a single image', ds([8, 8, 1], 2, [1]), [8, 8, 1], 2, 'categoricalCrossentropy', false, ['EMPTY_CLASS:warning', 'TOO_FEW_IMAGES:error']],
];

describe('checkDatasetAgainstModel', () => {
  it.each(table)('%s', (_, data, input, units, loss, allowResize, expected) => {
    const problems = checkDatasetAgainstModel(data, input, units, loss, { allowResize });
    expect(problems.map((p) => `${p.code}:${p.severity}`)).toEqual(expected);
    for (const p of problems) {
      expect(p.file).toBe('/data/signs');
      expect(p.message).toContain('/data/signs');
    }
  });

  it('messages quote the sizes and the fix', () => {
    const [p] = checkDatasetAgainstModel(six, [32, 32, 3], 6, 'categoricalCrossentropy');
    expect(p!.message).toMatch(/are 64x64x3 but the model input is 32x32x3.*Set the Input node to 64x64x3/);
    const [q] = checkDatasetAgainstModel(six, [64, 64, 3], 1, 'binaryCrossentropy');
    expect(q!.message).toMatch(/has 6 classes .* Use a Dense\(6\) softmax output/);
  });
});

describe('parseDataArg', () => {
  it.each([
    ['mnist', { kind: 'mnist' }],
    ['MNIST:test', { kind: 'mnist', split: 'test' }],
    ['data/x.npy,data/y.npy', { kind: 'npy', x: 'data/x.npy', y: 'data/y.npy' }],
    [' x.NPY , y.npy ', { kind: 'npy', x: 'x.NPY', y: 'y.npy' }],
    ['../shared/datasets/course-h5/test_happy.h5', { kind: 'h5', path: '../shared/datasets/course-h5/test_happy.h5' }],
    ['a.hdf5', { kind: 'h5', path: 'a.hdf5' }],
    ['labels.csv', { kind: 'csv', path: 'labels.csv' }],
    ['/data/Sign Language/Dataset', { kind: 'folder', path: '/data/Sign Language/Dataset' }],
  ])('%s', (arg, spec) => {
    expect(parseDataArg(arg)).toEqual(spec);
  });

  it.each([
    ['', /--data is empty/],
    ['x.npy', /needs two files/],
    ['x.npy,y.npy,z.npy', /needs two files/],
    ['x.npy,y.csv', /needs two files/],
    ['data.npz', /\.npz files are not supported/],
  ])('%j is refused with a hint', (arg, message) => {
    expect(() => parseDataArg(arg)).toThrow(DatasetError);
    expect(() => parseDataArg(arg)).toThrow(message);
  });

  it('any string gives a spec or a DatasetError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        try {
          const spec = parseDataArg(s);
          expect(['mnist', 'npy', 'h5', 'csv', 'folder']).toContain(spec.kind);
        } catch (e) {
          if (!(e instanceof DatasetError)) throw e;
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('resolveDataArg', () => {
  it('resolves paths against the working folder and names a missing one', async () => {
    const { resolveDataArg } = await import('../../../../electron/trainer/data/index.ts');
    const here = process.cwd();
    expect(await resolveDataArg('test', here)).toEqual({ kind: 'folder', path: `${here}/test` });
    expect(await resolveDataArg('mnist', here)).toEqual({ kind: 'mnist' });
    await expect(resolveDataArg('nowhere/x.h5', here)).rejects.toThrow(`--data: ${here}/nowhere/x.h5 does not exist.`);
    await expect(resolveDataArg('package.json', here)).rejects.toThrow(/is not a folder, \.h5, \.csv or \.npy file/);
  });
});
