/**
 * Multi-crop testing (AlexNet's 10-crop evaluation): each test image is seen as the four corner
 * crops and the centre crop of a window slightly smaller than the image, each resized back to
 * the model's input, plus the five mirrors; the ten probability vectors are averaged. Reported
 * beside the single-pass accuracy on the whole image, with the cost: 10 forward passes per
 * image and the measured time ratio.
 */
import type { DataSpecInput } from '../../shared/train/request.ts';
import type { Dataset } from '../trainer/data/index.ts';
import { dataFor, loadEngine, loadModel, meanProbabilities, probabilities, refuseMisfit, sampleOf, score, since, type EvaluationOptions, type Scores } from './predict.ts';
import { TEN_CROP_NAMES, tenCropViews, type ImageShape } from './views.ts';

export interface MultiCropOptions extends EvaluationOptions {
  /**
   * The crop: a fraction of the image side (0 < crop <= 1, default 0.875, as 224 of 256), or
   * [height, width] in pixels.
   */
  crop?: number | readonly [number, number];
  /**
   * Add the five mirrors (default true). Leave them out for data whose meaning changes when
   * flipped (digits, text) or models not trained with flips: 5-crop testing, 5 passes.
   */
  mirrors?: boolean;
}

export interface MultiCropResult {
  path: string;
  samples: number;
  classes: string[];
  /** The model input size and the crop taken from it. */
  inputShape: number[];
  crop: [number, number];
  /** One forward pass on the whole image. */
  single: Scores & { seconds: number };
  /** The average over the ten views (five without mirrors). */
  tenCrop: Scores & { seconds: number };
  /** Each view alone, in TEN_CROP_NAMES order (the centre crop is the usual single-crop test). */
  views: (Scores & { view: string })[];
  cost: { forwardPassesPerImage: number; timeRatio: number };
  engine: string;
  /** What the data check noted (images resized as in training, classes named differently). */
  dataNotes: string[];
}

/** The crop in pixels for an H x W input. */
export function cropSize(shape: ImageShape, crop: MultiCropOptions['crop'] = 0.875): [number, number] {
  const [h, w] = shape;
  if (typeof crop === 'number') {
    if (!(crop > 0 && crop <= 1)) throw new RangeError(`the crop fraction must be above 0 and at most 1; received ${crop}`);
    return [Math.max(1, Math.round(h * crop)), Math.max(1, Math.round(w * crop))];
  }
  return [crop[0], crop[1]];
}

/** Evaluates one run folder or model.json with 10-crop testing on `data` (refused unless it fits the model: refuseMisfit). */
export async function evaluateMultiCrop(path: string, data: DataSpecInput, options: MultiCropOptions = {}): Promise<MultiCropResult> {
  const engine = await loadEngine(options.engine);
  const tf = engine.tf;
  const saved = await loadModel(tf, path);
  try {
    if (saved.inputShape.length !== 3) throw new Error(`${saved.path}: multi-crop testing needs an image input (height x width x channels); the model takes ${saved.inputShape.join('x')}`);
    const cache = new Map<string, Dataset>();
    const dataNotes = await refuseMisfit(data, [{ path, saved }], options, cache);
    const ds: Dataset = await dataFor(saved, data, options, cache);
    const shape = ds.shape as ImageShape;
    const crop = cropSize(shape, options.crop);
    const batchSize = options.batchSize ?? 64;
    const nViews = options.mirrors === false ? 5 : 10;

    let start = performance.now();
    const plain = await probabilities(tf, saved, ds.count, (i) => sampleOf(ds, i), batchSize, options.signal);
    const singleSeconds = since(start);

    // Views in the order image 0 (all its views), image 1, ...: one chunked pass over views x N images.
    start = performance.now();
    let cached = -1;
    let views: Uint8Array[] = [];
    const all = await probabilities(
      tf,
      saved,
      ds.count * nViews,
      (k) => {
        const i = Math.floor(k / nViews);
        if (i !== cached) {
          views = tenCropViews(sampleOf(ds, i), shape, crop);
          cached = i;
        }
        return views[k % nViews]!;
      },
      batchSize,
      options.signal,
    );
    const perView = Array.from({ length: nViews }, (_, v) => Array.from({ length: ds.count }, (_, i) => all[i * nViews + v]!));
    const averaged = meanProbabilities(perView);
    const tenSeconds = since(start);
    return {
      path: saved.path,
      samples: ds.count,
      classes: saved.classes ?? ds.classes,
      inputShape: saved.inputShape,
      crop,
      single: { ...score(plain, ds.labels), seconds: singleSeconds },
      tenCrop: { ...score(averaged, ds.labels), seconds: tenSeconds },
      views: perView.map((rows, v) => ({ view: TEN_CROP_NAMES[v]!, ...score(rows, ds.labels) })),
      cost: { forwardPassesPerImage: nViews, timeRatio: tenSeconds / Math.max(singleSeconds, 1e-9) },
      engine: engine.name,
      dataNotes,
    };
  } finally {
    saved.model.dispose();
  }
}
