// Checks run before training starts, so wrong data is explained instead of failing inside tfjs:
// image size and channels against the model input, class count against the output units and the
// loss, and datasets too small or with a single class. Every problem names the dataset source.
import { classCounts } from './split.ts';
import type { DataProblem, Dataset, LossKind } from './types.ts';

export interface CheckOptions {
  /** The trainer will resample images to the model input (true for image folders and CSVs). */
  allowResize?: boolean;
}

const dims = (s: readonly (number | null)[]): string => s.map((d) => d ?? '?').join('x');

/**
 * Problems with `ds` for a model taking `modelInputShape` (without the batch dimension) and ending
 * in `outputUnits` units trained with `loss`. Errors block training; warnings are shown.
 */
export function checkDatasetAgainstModel(
  ds: Dataset,
  modelInputShape: readonly (number | null)[],
  outputUnits: number,
  loss: LossKind,
  opts: CheckOptions = {},
): DataProblem[] {
  const file = ds.source;
  const out: DataProblem[] = [];
  const add = (code: DataProblem['code'], severity: DataProblem['severity'], message: string): void => {
    out.push({ code, severity, message, file });
  };
  const [h, w, c] = ds.shape;
  const where = `${ds.name} (${file})`;

  if (modelInputShape.length === 3) {
    const [mh, mw, mc] = modelInputShape;
    const sizeDiffers = (mh !== null && mh !== h) || (mw !== null && mw !== w);
    const chanDiffers = mc !== null && mc !== c;
    if (chanDiffers && mc !== 1 && mc !== 3) {
      add('CHANNEL_MISMATCH', 'error', `The model input has ${mc} channels but the images of ${where} have ${c}; images can only be made grayscale (1) or RGB (3). Change the Input node's channels.`);
    } else if (sizeDiffers || chanDiffers) {
      const what = `The images of ${where} are ${dims([h, w, c])} but the model input is ${dims(modelInputShape)}`;
      if (opts.allowResize) add('IMAGE_RESIZED', 'warning', `${what}; they will be resized to fit.`);
      else add(sizeDiffers ? 'IMAGE_SIZE_MISMATCH' : 'CHANNEL_MISMATCH', 'error', `${what}. Set the Input node to ${dims([h, w, c])}, or load the data resized to the model input.`);
    }
  } else if (modelInputShape.length === 1) {
    const [units] = modelInputShape;
    if (units !== null && units !== h * w * c) {
      add('IMAGE_SIZE_MISMATCH', 'error', `The model takes flat vectors of ${units} values but the images of ${where} are ${dims([h, w, c])} = ${h * w * c} values. Use an Input of ${dims([h, w, c])} followed by Flatten.`);
    }
  } else {
    add('IMAGE_SIZE_MISMATCH', 'error', `The model input ${dims(modelInputShape)} cannot take images; ${where} holds ${dims([h, w, c])} images. Use an Input of height x width x channels.`);
  }

  const k = ds.classes.length;
  const counts = classCounts(ds);
  if (loss === 'binaryCrossentropy') {
    if (k > 2) {
      add('BINARY_OUTPUT_MANY_CLASSES', 'error', `${where} has ${k} classes but binary cross-entropy with a sigmoid output separates only 2. Use a Dense(${k}) softmax output with categorical cross-entropy.`);
    } else if (outputUnits !== 1) {
      add('CLASS_COUNT_MISMATCH', 'error', `Binary cross-entropy needs one sigmoid output unit; the model ends in ${outputUnits} for the ${k} classes of ${where}. Use Dense(1) with sigmoid, or categorical cross-entropy with Dense(${k}).`);
    }
  } else if (loss === 'meanSquaredError') {
    // MSE regresses either the class number (1 unit) or the one-hot row (k units).
    if (outputUnits !== 1 && outputUnits !== k) {
      add('CLASS_COUNT_MISMATCH', 'error', `${where} has ${k} classes; with mean squared error the model must end in 1 unit (the class number) or ${k} (one-hot), not ${outputUnits}.`);
    }
  } else if (outputUnits < k || (outputUnits === 1 && k === 2)) {
    const fix = k === 2 ? `Dense(2) softmax, or Dense(1) sigmoid with binary cross-entropy` : `Dense(${k})`;
    add('CLASS_COUNT_MISMATCH', 'error', `${where} has ${k} classes (${preview(ds.classes)}) but the model ends in ${outputUnits} output unit${outputUnits === 1 ? '' : 's'}. Use ${fix} as the last layer.`);
  } else if (outputUnits > k) {
    add('CLASS_COUNT_MISMATCH', 'warning', `${where} has ${k} classes but the model ends in ${outputUnits} output units; ${outputUnits - k} of them will never be the right answer. Use Dense(${k}) as the last layer.`);
  }

  const empty = ds.classes.filter((_, i) => counts[i] === 0);
  if (empty.length > 0 && ds.count > 0) {
    add('EMPTY_CLASS', 'warning', `${where} has no images of class${empty.length > 1 ? 'es' : ''} ${preview(empty)}; the model cannot learn ${empty.length > 1 ? 'them' : 'it'}.`);
  }
  if (ds.count < 2) {
    add('TOO_FEW_IMAGES', 'error', `${where} holds ${ds.count} image${ds.count === 1 ? '' : 's'}; training needs at least 2 (and many more to learn anything).`);
  } else if (counts.filter((n) => n > 0).length < 2) {
    add('SINGLE_CLASS', 'error', `All ${ds.count} images of ${where} belong to one class; a classifier needs examples of at least two.`);
  }
  return out;
}

function preview(names: string[]): string {
  return names.length > 6 ? `${names.slice(0, 6).join(', ')}, ...` : names.join(', ');
}
