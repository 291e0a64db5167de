// The single entry point for data: a DataSpec (from the UI or parsed from the CLI's --data) goes to
// its loader, then every image is brought to the model's input shape. MNIST going to 32x32 is
// zero-padded (LeNet-5's convention); everything else is resampled.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadCsv } from './csv.ts';
import { loadFolder } from './folder.ts';
import { loadH5 } from './h5.ts';
import { loadMnist } from './mnist.ts';
import { loadNpyPair } from './npyPair.ts';
import { checkTargetShape, conformDataset } from './select.ts';
import { DatasetError, type DataSpec, type Dataset, type LoadOptions } from './types.ts';

/** Load any supported dataset; every user-facing failure is a DatasetError naming the file. */
export async function loadDataset(spec: DataSpec, options: LoadOptions = {}): Promise<Dataset> {
  checkTargetShape(options.targetShape);
  options.signal?.throwIfAborted();
  let ds: Dataset;
  switch (spec.kind) {
    case 'mnist': {
      const limit = options.limit ?? spec.limit;
      ds = loadMnist(spec.split ?? 'train', limit, options.limitPerClass);
      options.onProgress?.(ds.count, ds.count);
      break;
    }
    case 'h5':
      ds = await loadH5(spec.path, spec.split, options);
      break;
    case 'folder':
      // Decoded straight to the target shape: no full-size copy of a folder of photos.
      return loadFolder(spec.path, options);
    case 'csv':
      return loadCsv(spec.path, options);
    case 'npy':
      ds = await loadNpyPair(spec.x, spec.y, options);
      break;
    default:
      throw new DatasetError(`Unknown data kind ${JSON.stringify((spec as { kind: unknown }).kind)}.`);
  }
  if (!options.targetShape) return ds;
  return conformDataset(ds, options.targetShape, { resample: options.resample, padDigits: spec.kind === 'mnist' });
}

/**
 * Read the CLI's --data value: 'mnist' (or 'mnist:test'), 'x.npy,y.npy', 'file.h5', 'file.csv',
 * or a folder. Paths are not checked here; loadDataset reports missing files.
 */
export function parseDataArg(arg: string): DataSpec {
  const value = arg.trim();
  if (value === '') throw new DatasetError('--data is empty: give mnist, a folder, a .h5 or .csv file, or x.npy,y.npy.');
  const mnist = /^mnist(?::(train|test))?$/i.exec(value);
  if (mnist) {
    const split = mnist[1]?.toLowerCase() as 'train' | 'test' | undefined;
    return split ? { kind: 'mnist', split } : { kind: 'mnist' };
  }
  if (/\.npy$/i.test(value) || (value.includes(',') && /\.npy\s*,/i.test(value))) {
    const parts = value.split(',').map((s) => s.trim());
    if (parts.length !== 2 || !parts.every((p) => /\.npy$/i.test(p))) {
      throw new DatasetError(`--data ${value}: NumPy data needs two files, images then labels: --data x.npy,y.npy`, value);
    }
    return { kind: 'npy', x: parts[0]!, y: parts[1]! };
  }
  if (/\.(h5|hdf5)$/i.test(value)) return { kind: 'h5', path: value };
  if (/\.csv$/i.test(value)) return { kind: 'csv', path: value };
  if (/\.(npz|pkl|pickle|zip|tar|gz|tfrecords?)$/i.test(value)) {
    throw new DatasetError(`--data ${value}: ${path.extname(value)} files are not supported. Use a class folder, a .h5, a .csv, or x.npy,y.npy.`, value);
  }
  return { kind: 'folder', path: value };
}

/** parseDataArg, then confirm that the named files or folder exist (for a friendly CLI error). */
export async function resolveDataArg(arg: string, cwd = process.cwd()): Promise<DataSpec> {
  const spec = parseDataArg(arg);
  const check = async (p: string, dir: boolean): Promise<string> => {
    const abs = path.resolve(cwd, p);
    const info = await stat(abs).catch(() => undefined);
    if (!info) throw new DatasetError(`--data: ${abs} does not exist.`, abs);
    if (dir && !info.isDirectory()) {
      throw new DatasetError(`--data: ${abs} is not a folder, .h5, .csv or .npy file. Give a folder with one sub-folder per class.`, abs);
    }
    return abs;
  };
  switch (spec.kind) {
    case 'mnist':
      return spec;
    case 'npy':
      return { kind: 'npy', x: await check(spec.x, false), y: await check(spec.y, false) };
    case 'folder':
      return { kind: 'folder', path: await check(spec.path, true) };
    default:
      return { ...spec, path: await check(spec.path, false) };
  }
}
