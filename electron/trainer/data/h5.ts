// Course HDF5 files (the deep-learning course's own format): train_set_x / train_set_y or
// test_set_x / test_set_y, plus list_classes (byte strings like b'non-cat', or numbers). Read with
// h5wasm, the HDF5 C library compiled to WebAssembly, which opens host paths directly in Node.
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import h5wasm from 'h5wasm/node';
import { imageLayout, numberedClasses, toLabels, toUint8Pixels } from './arrays.ts';
import { convertChannels } from './resize.ts';
import { pickIndices, subsetDataset } from './select.ts';
import { DatasetError, type Dataset, type LoadOptions } from './types.ts';

type H5Dataset = InstanceType<typeof h5wasm.Dataset>;
type H5File = InstanceType<typeof h5wasm.File>;

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** HDF5's signature sits at byte 0, 512, 1024, 2048, ... (after an optional user block). */
async function isHdf5(file: string, size: number): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const buf = new Uint8Array(8);
    for (let at = 0; at + 8 <= size; at = at === 0 ? 512 : at * 2) {
      await fh.read(buf, 0, 8, at);
      if (SIGNATURE.every((b, i) => buf[i] === b)) return true;
    }
    return false;
  } finally {
    await fh.close();
  }
}

function numbers(value: unknown): { values: ArrayLike<number>; isFloat: boolean } | undefined {
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) {
    const out = new Float64Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = Number(value[i]);
    return { values: out, isFloat: false };
  }
  if (value instanceof Float32Array || value instanceof Float64Array) return { values: value, isFloat: true };
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return { values: value as unknown as ArrayLike<number>, isFloat: false };
  return undefined;
}

function readArray(f: H5File, key: string, file: string): { values: ArrayLike<number>; isFloat: boolean; shape: number[] } {
  const ds = f.get(key);
  if (!(ds instanceof h5wasm.Dataset)) throw new DatasetError(`${file}: '${key}' is not an array (it is a group or link).`, file);
  const shape = (ds as H5Dataset).shape ?? [];
  const got = numbers((ds as H5Dataset).value);
  if (!got) throw new DatasetError(`${file}: '${key}' does not hold numbers (dtype ${JSON.stringify((ds as H5Dataset).dtype)}).`, file);
  return { ...got, shape };
}

function readClassNames(f: H5File, file: string): string[] | undefined {
  if (!f.keys().includes('list_classes')) return undefined;
  const ds = f.get('list_classes');
  if (!(ds instanceof h5wasm.Dataset)) return undefined;
  const v = (ds as H5Dataset).value;
  const items: unknown[] = Array.isArray(v) ? v : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<unknown>) : [v];
  return items.map((item) => {
    if (typeof item === 'string') return item.replace(/\0+$/, '');
    if (typeof item === 'number' || typeof item === 'bigint') return String(item);
    if (item instanceof Uint8Array) return new TextDecoder().decode(item).replace(/\0+$/, '');
    throw new DatasetError(`${file}: list_classes holds ${typeof item} values; expected strings or numbers.`, file);
  });
}

export async function loadH5(file: string, split: 'train' | 'test' | undefined, options: LoadOptions = {}): Promise<Dataset> {
  const abs = path.resolve(file);
  let size: number;
  try {
    const info = await stat(abs);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    throw new DatasetError(`HDF5 file ${abs} does not exist. Check the path.`, abs);
  }
  // h5wasm prints HDF5's diagnostic stack to stderr for non-HDF5 input; check the signature first.
  if (!(await isHdf5(abs, size))) {
    throw new DatasetError(`${abs} is not an HDF5 file (no HDF5 signature). Choose the course's .h5 file itself.`, abs);
  }
  await h5wasm.ready;
  options.signal?.throwIfAborted();
  // A file with the HDF5 signature can still be truncated or damaged inside: h5wasm then throws
  // bare errors ("error - name not defined!"); those become a DatasetError naming the file.
  const damaged = (e: unknown): DatasetError =>
    e instanceof DatasetError
      ? e
      : new DatasetError(`${abs} is damaged or truncated: HDF5 could not read it (${(e as Error)?.message ?? String(e)}). Copy the file again from its source.`, abs);
  let f: H5File;
  try {
    f = new h5wasm.File(abs, 'r');
  } catch (e) {
    throw damaged(e);
  }
  try {
    const keys = f.keys();
    const has = (s: string): boolean => keys.includes(`${s}_set_x`) && keys.includes(`${s}_set_y`);
    const available = (['train', 'test'] as const).filter(has);
    if (available.length === 0) {
      throw new DatasetError(
        `${abs} has no course arrays: expected train_set_x and train_set_y (or test_set_x and test_set_y); found ${keys.length ? keys.join(', ') : 'no datasets'}.`,
        abs,
      );
    }
    // A file with a single split (test_happy.h5) is used as it is for training; asking a
    // train-only file for its test split is refused so training data is never mistaken for test data.
    let use: 'train' | 'test' = split && available.includes(split) ? split : available[0]!;
    if (split === 'test' && use !== 'test') {
      throw new DatasetError(`${abs} has no test_set_x / test_set_y, only training arrays. Choose the matching test_*.h5 file as test set.`, abs);
    }
    if (!split) use = available[0]!;
    const x = readArray(f, `${use}_set_x`, abs);
    const y = readArray(f, `${use}_set_y`, abs);
    const { n, h, w, c } = imageLayout(x.shape, `${abs} (${use}_set_x)`);
    const { labels, numClasses } = toLabels(y.values, y.shape, n, `${abs} (${use}_set_y)`);
    const names = readClassNames(f, abs);
    if (names && names.length < numClasses) {
      throw new DatasetError(`${abs}: labels go up to ${numClasses - 1} but list_classes names only ${names.length} classes (${names.join(', ')}).`, abs);
    }
    const classes = names ?? numberedClasses(numClasses);
    let images = toUint8Pixels(x.values, x.isFloat, `${abs} (${use}_set_x)`);
    if (c === 4) images = convertChannels(images, n * h * w, 4, 3);
    options.onProgress?.(n, n);
    const ds: Dataset = {
      name: path.basename(abs),
      source: abs,
      images: images === x.values ? images.slice() : images,
      labels,
      shape: [h, w, c === 4 ? 3 : c],
      classes,
      count: n,
      split: use,
    };
    if (options.limit === undefined && options.limitPerClass === undefined) return ds;
    return subsetDataset(ds, pickIndices(labels, classes.length, options));
  } catch (e) {
    throw damaged(e);
  } finally {
    try {
      f.close();
    } catch {
      // closing a damaged file can fail too; the error above already says what happened
    }
  }
}
