// The data contract between dataset loaders and the trainer: every source (MNIST, course HDF5,
// image folder, CSV, .npy pair) becomes one in-memory Dataset of uint8 HxWxC images plus integer
// labels. Loaders live in ./load.ts; import everything from ./index.ts.

/** One loaded dataset: N images, channels-last uint8, all of the same shape. */
export interface Dataset {
  /** e.g. 'test_happy.h5', 'mnist', 'Dataset' (folder name). */
  name: string;
  /** Absolute path or 'mnist'. */
  source: string;
  /** N*H*W*C, uint8 0..255, channels-last, row-major. */
  images: Uint8Array;
  /** N class indices, 0 <= label < classes.length. */
  labels: Int32Array;
  /** H, W, C of every image. */
  shape: [number, number, number];
  /** Class names, index = label. */
  classes: string[];
  /** N. */
  count: number;
  /** Source file of every image (folder and CSV datasets only), for messages and the dataset view. */
  files?: string[];
  /** Which part of a course HDF5 file was read. */
  split?: 'train' | 'test';
}

export type DataSpec =
  | { kind: 'mnist'; limit?: number; split?: 'train' | 'test' }
  // Course files: train_set_x/train_set_y/list_classes or the test_* variants.
  | { kind: 'h5'; path: string; split?: 'train' | 'test' }
  // One sub-folder per class, JPEG/PNG; classes sorted by folder name.
  | { kind: 'folder'; path: string }
  // Columns: image path (relative to the CSV) and label.
  | { kind: 'csv'; path: string }
  // NumPy .npy pair: uint8/float images (N,H,W,C) or (N,H,W), integer or one-hot labels.
  | { kind: 'npy'; x: string; y: string };

export type Resample = 'bilinear' | 'area' | 'auto';

export interface LoadOptions {
  /** Resize every image to H x W and convert to C channels (1 = grayscale, 3 = RGB). */
  targetShape?: [number, number, number];
  /** Keep at most this many images in total, taken round-robin over classes so every class stays. */
  limit?: number;
  /** Keep at most this many images of each class (applied before `limit`). */
  limitPerClass?: number;
  /** How images are resampled to targetShape: 'auto' (default) averages areas when shrinking, bilinear when growing. */
  resample?: Resample;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Losses the trainer can ask about (tfjs identifiers). */
export type LossKind =
  | 'binaryCrossentropy'
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy'
  | 'meanSquaredError';

/** One thing wrong (or worth saying) about a dataset for a given model, found before training. */
export interface DataProblem {
  code: DataProblemCode;
  severity: 'error' | 'warning';
  message: string;
  /** The dataset file or folder the problem is about. */
  file: string;
}

export type DataProblemCode =
  | 'IMAGE_SIZE_MISMATCH'
  | 'IMAGE_RESIZED'
  | 'CHANNEL_MISMATCH'
  | 'CLASS_COUNT_MISMATCH'
  | 'BINARY_OUTPUT_MANY_CLASSES'
  | 'TOO_FEW_IMAGES'
  | 'SINGLE_CLASS'
  | 'EMPTY_CLASS';

/** Thrown for anything wrong with the user's data; the message names the file, the fault and the fix. */
export class DatasetError extends Error {
  /** The file or folder at fault. */
  file?: string;
  constructor(message: string, file?: string) {
    super(message);
    this.name = 'DatasetError';
    this.file = file;
  }
}
