// A NumPy .npy pair as a dataset: x holds images (N,H,W) or (N,H,W,C) as uint8 or floats in 0..1
// or 0..255, y holds integer labels (N,) or one-hot rows (N,K). Class names are the numbers.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { imageLayout, numberedClasses, toLabels, toUint8Pixels } from './arrays.ts';
import { parseNpy, type NpyArray } from './npy.ts';
import { convertChannels } from './resize.ts';
import { pickIndices, subsetDataset } from './select.ts';
import { DatasetError, type Dataset, type LoadOptions } from './types.ts';

async function readNpy(file: string): Promise<NpyArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    throw new DatasetError(`NumPy file ${file} does not exist or cannot be read. Check the path.`, file);
  }
  return parseNpy(bytes, file);
}

export async function loadNpyPair(xPath: string, yPath: string, options: LoadOptions = {}): Promise<Dataset> {
  const xFile = path.resolve(xPath);
  const yFile = path.resolve(yPath);
  const [x, y] = await Promise.all([readNpy(xFile), readNpy(yFile)]);
  const { n, h, w, c } = imageLayout(x.shape, xFile);
  if (y.shape[0] !== n && !(y.shape.length === 2 && y.shape[0] === 1 && y.shape[1] === n)) {
    throw new DatasetError(
      `${xFile} holds ${n} images but ${yFile} holds labels of shape (${y.shape.join(', ')}); the two files must have the same number of rows. Were they saved from the same split?`,
      yFile,
    );
  }
  const { labels, numClasses } = toLabels(y.data, y.shape, n, yFile);
  let images = toUint8Pixels(x.data, x.isFloat, xFile);
  if (c === 4) images = convertChannels(images, n * h * w, 4, 3);
  options.onProgress?.(n, n);
  const classes = numberedClasses(numClasses);
  const ds: Dataset = {
    name: `${path.basename(xFile)},${path.basename(yFile)}`,
    source: xFile,
    images,
    labels,
    shape: [h, w, c === 4 ? 3 : c],
    classes,
    count: n,
  };
  if (options.limit === undefined && options.limitPerClass === undefined) return ds;
  return subsetDataset(ds, pickIndices(labels, classes.length, options));
}
