/**
 * The dataset view behind the training panel: load a dataset at the model's input size, count
 * its classes, draw a sample grid per class, check it against the model, and render augmented
 * copies of one image. The last dataset loaded is kept, so the augmentation preview and a second
 * look do not read the files again. The data module is imported on first use (it pulls in the
 * HDF5 reader and image decoders, which the window does not need at start-up).
 */
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

/** Loads datasets for the data view, keeping the last one. */
export class DatasetCache {
  private last: { key: string; dataset: Promise<Dataset> } | undefined;

  /** The dataset of `spec` at the model's input size (or as stored when the model is unknown). */
  load(spec: DataSpecInput, model: ModelInfo | undefined): Promise<Dataset> {
    const targetShape = targetShapeFor(model?.inputShape);
    const key = JSON.stringify([spec, targetShape ?? null]);
    if (this.last?.key === key) return this.last.dataset;
    const dataset = dataModule().then((m) => m.loadDataset(spec, targetShape ? { targetShape } : {}));
    this.last = { key, dataset };
    // A failed load is not kept: the person fixes the file and asks again.
    dataset.catch(() => {
      if (this.last?.key === key) this.last = undefined;
    });
    return dataset;
  }

  async describe(spec: DataSpecInput, model: ModelInfo | undefined, perClass = 8): Promise<DataDescription> {
    const m = await dataModule();
    const ds = await this.load(spec, model);
    const problems = model ? m.checkDatasetAgainstModel(ds, model.inputShape, model.units, model.loss) : [];
    if (ds.count === 0) problems.unshift({ code: 'TOO_FEW_IMAGES', severity: 'error', message: `${ds.source}: the data holds no images`, file: ds.source });
    return {
      name: ds.name,
      source: ds.source,
      count: ds.count,
      shape: ds.shape,
      classes: ds.classes,
      counts: m.classCounts(ds),
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
