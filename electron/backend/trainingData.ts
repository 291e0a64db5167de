/**
 * The dataset view behind the training panel: load a dataset at the model's input size, count
 * its classes, draw a sample grid per class, check it against the model, and render augmented
 * copies of one image. The last dataset loaded is kept, so the augmentation preview and a second
 * look do not read the files again. The data module is imported on first use (it pulls in the
 * HDF5 reader and image decoders, which the window does not need at start-up). Image folders and
 * CSVs are counted from their file lists and only a sample per class is decoded, so a folder of
 * thousands of photos is described without reading them all into this process.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DataDescription } from '../../shared/ipc.ts';
import type { DataSpecInput } from '../../shared/train/request.ts';
import type { LossName } from '../../shared/train/settings.ts';
import type { Dataset } from '../trainer/data/index.ts';

/** What the checks know about the model: input shape without batch, output units, loss. */
export interface ModelInfo {
  inputShape: number[];
  units: number;
  loss: LossName;
}

const dataModule = () => import('../trainer/data/index.ts');

/** Sources whose images are files: counted from the listing, decoded only as a sample. */
const isFileList = (spec: DataSpecInput): spec is Extract<DataSpecInput, { kind: 'folder' | 'csv' }> => spec.kind === 'folder' || spec.kind === 'csv';

/** Classes and the label of every image of a folder tree or a CSV, without decoding any image. */
async function fileLabels(spec: Extract<DataSpecInput, { kind: 'folder' | 'csv' }>): Promise<{ classes: string[]; labels: number[] }> {
  if (spec.kind === 'folder') {
    const { indexFolder } = await import('../trainer/data/folder.ts');
    const { classes, entries } = await indexFolder(resolve(spec.path));
    return { classes, labels: entries.map((e) => e.label) };
  }
  const { csvClasses, parseCsvIndex } = await import('../trainer/data/csv.ts');
  const file = resolve(spec.path);
  const text = await readFile(file, 'utf8').catch(() => {
    throw new Error(`CSV file ${file} does not exist or cannot be read. Check the path.`);
  });
  return csvClasses(parseCsvIndex(text, file));
}

/** PNG bytes as a data: URL the page can show (the CSP allows data: images). */
export function pngDataUrl(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
}

/** The H x W x C the loader must produce for a model input, as the trainer does (prepare.ts inputFor). */
export function targetShapeFor(inputShape: readonly number[] | undefined): [number, number, number] | undefined {
  if (!inputShape) return undefined;
  if (inputShape.length === 3 && inputShape.every((d) => d > 0)) return [inputShape[0]!, inputShape[1]!, inputShape[2]!];
  if (inputShape.length === 2 && inputShape.every((d) => d > 0)) return [inputShape[0]!, inputShape[1]!, 1];
  return undefined;
}

/** Images decoded per class of a folder or CSV for the data view (the grid shows at most 32). */
const SAMPLE_PER_CLASS = 32;

/** Loads datasets for the data view, keeping the last one. */
export class DatasetCache {
  private last: { key: string; dataset: Promise<Dataset> } | undefined;

  /**
   * The dataset of `spec` at the model's input size (or as stored when the model is unknown);
   * for image folders and CSVs, at most SAMPLE_PER_CLASS decoded images of each class.
   */
  load(spec: DataSpecInput, model: ModelInfo | undefined): Promise<Dataset> {
    const targetShape = targetShapeFor(model?.inputShape);
    const key = JSON.stringify([spec, targetShape ?? null]);
    if (this.last?.key === key) return this.last.dataset;
    const options = { ...(targetShape ? { targetShape } : {}), ...(isFileList(spec) ? { limitPerClass: SAMPLE_PER_CLASS } : {}) };
    const dataset = dataModule().then((m) => m.loadDataset(spec, options));
    this.last = { key, dataset };
    // A failed load is not kept: the person fixes the file and asks again.
    dataset.catch(() => {
      if (this.last?.key === key) this.last = undefined;
    });
    return dataset;
  }

  async describe(spec: DataSpecInput, model: ModelInfo | undefined, perClass = 8): Promise<DataDescription> {
    const m = await dataModule();
    const [ds, listed] = await Promise.all([this.load(spec, model), isFileList(spec) ? fileLabels(spec) : undefined]);
    const problems = model ? m.checkDatasetAgainstModel(ds, model.inputShape, model.units, model.loss) : [];
    if (ds.count === 0) problems.unshift({ code: 'TOO_FEW_IMAGES', severity: 'error', message: `${ds.source}: the data holds no images`, file: ds.source });
    let counts: number[];
    if (listed) {
      counts = new Array<number>(ds.classes.length).fill(0);
      for (const label of listed.labels) counts[label] = (counts[label] ?? 0) + 1;
    } else counts = m.classCounts(ds);
    return {
      name: ds.name,
      source: ds.source,
      count: listed ? listed.labels.length : ds.count,
      shape: ds.shape,
      classes: ds.classes,
      counts,
      grid: pngDataUrl(m.sampleGridPng(ds, perClass, { seed: 0, gap: 2 })),
      perClass,
      problems,
      testSplit: spec.kind === 'mnist',
    };
  }

  /** `count` augmented versions of image `index` (default: the first image), with the original. */
  async augmentPreview(spec: DataSpecInput, model: ModelInfo | undefined, augmentation: Record<string, unknown>, index = 0, count = 8, seed = 0): Promise<{ index: number; original: string; images: string[] }> {
    const m = await dataModule();
    const ds = await this.load(spec, model);
    if (ds.count === 0) throw new Error(`${ds.source}: the data holds no images`);
    const at = Math.min(index, ds.count - 1);
    const images = m.augmentPreview(ds, at, augmentation as Parameters<typeof m.augmentPreview>[2], count, seed).map(pngDataUrl);
    return { index: at, original: pngDataUrl(m.imageToPng(m.imageAt(ds, at), ds.shape)), images };
  }
}
