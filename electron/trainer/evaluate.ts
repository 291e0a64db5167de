/**
 * Evaluation in inference mode (dropout off, batch norm on its moving statistics), as Keras'
 * validation does: loss and accuracy from the model's predictions in chunks, and the confusion
 * matrix confusion[true][predicted]. Losses follow tfjs' definitions (probabilities clipped to
 * [1e-7, 1 - 1e-7]; categorical cross-entropy renormalises the rows), or, for a model that outputs
 * logits (logits.ts), the stable formulas tf.keras uses, so validation and training losses agree.
 */
import type * as TF from '@tensorflow/tfjs';
import type { LossName } from '../../shared/train/settings.ts';
import type { Dataset } from './data/types.ts';
import { gatherPixels, pixelTensor, type LabelEncoding } from './batches.ts';
import { applyActivation, logitsLoss, type OutputActivation } from './logits.ts';

const EPSILON = 1e-7;

export interface Evaluation {
  samples: number;
  loss: number;
  accuracy: number | null;
  confusion: number[][];
}

/**
 * Per-sample loss of predictions `p` against class indices `labels`. Returns a 1-D tensor. With
 * `fromLogits`, `p` holds the logits of that output activation and the loss is computed from them.
 */
export function sampleLosses(tf: typeof TF, p: TF.Tensor2D, labels: TF.Tensor1D, loss: LossName, encoding: LabelEncoding, fromLogits?: OutputActivation): TF.Tensor1D {
  return tf.tidy(() => {
    const units = p.shape[1];
    const y = encoding === 'binary' ? labels.reshape([-1, 1]).toFloat() : tf.oneHot(labels.toInt(), units).toFloat();
    // One-hot rows serve the sparse loss too (the same value as from the indices).
    if (fromLogits) return logitsLoss(tf, loss === 'sparseCategoricalCrossentropy' ? 'categoricalCrossentropy' : loss)(y, p) as TF.Tensor1D;
    if (loss === 'meanSquaredError') return tf.mean(tf.square(tf.sub(y, p)), 1) as TF.Tensor1D;
    if (loss === 'binaryCrossentropy') {
      const c = tf.clipByValue(p, EPSILON, 1 - EPSILON);
      const ll = tf.add(tf.mul(y, tf.log(c)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, c))));
      return tf.neg(tf.mean(ll, 1)) as TF.Tensor1D;
    }
    const norm = tf.div(p, tf.sum(p, 1, true));
    const c = tf.clipByValue(norm, EPSILON, 1 - EPSILON);
    return tf.neg(tf.sum(tf.mul(y, tf.log(c)), 1)) as TF.Tensor1D;
  });
}

/** Predicted class of each row: argmax, or p > 0.5 for one output unit. */
export function predictedClasses(tf: typeof TF, p: TF.Tensor2D): TF.Tensor1D {
  return tf.tidy(() => (p.shape[1] === 1 ? (tf.greater(p.reshape([-1]), 0.5).toInt() as TF.Tensor1D) : (tf.argMax(p, 1) as TF.Tensor1D)));
}

/**
 * Evaluates `model` on the samples `indices` of `dataset`, `batchSize` at a time. Checks
 * `signal` between chunks and returns what it has when aborted. With `fromLogits`, the model
 * outputs the logits of that activation (logitsTraining's model).
 */
export async function evaluateOn(
  tf: typeof TF,
  model: TF.LayersModel,
  dataset: Dataset,
  indices: ArrayLike<number>,
  options: { inputShape: readonly number[]; loss: LossName; encoding: LabelEncoding; batchSize: number; signal?: AbortSignal; withAccuracy?: boolean; fromLogits?: OutputActivation },
): Promise<Evaluation> {
  const k = Math.max(2, dataset.classes.length);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let lossSum = 0;
  let correct = 0;
  let seen = 0;
  for (let from = 0; from < indices.length; from += options.batchSize) {
    if (options.signal?.aborted) break;
    const to = Math.min(indices.length, from + options.batchSize);
    const pixels = gatherPixels(dataset, indices, from, to);
    const labelsArr = new Int32Array(to - from);
    for (let i = from; i < to; i++) labelsArr[i - from] = dataset.labels[indices[i]!]!;
    const [losses, predicted] = tf.tidy(() => {
      const x = pixelTensor(tf, pixels, to - from, options.inputShape);
      const out = (model.predict(x) as TF.Tensor).reshape([to - from, -1]) as TF.Tensor2D;
      const labels = tf.tensor1d(labelsArr, 'int32');
      const p = options.fromLogits ? (applyActivation(tf, out, options.fromLogits) as TF.Tensor2D) : out;
      return [sampleLosses(tf, out, labels, options.loss, options.encoding, options.fromLogits), predictedClasses(tf, p)];
    });
    const l = await losses.data();
    const pr = await predicted.data();
    tf.dispose([losses, predicted]);
    for (let i = 0; i < l.length; i++) {
      lossSum += l[i]!;
      const t = labelsArr[i]!;
      const q = pr[i]!;
      if (t === q) correct++;
      if (t < k && q < k) confusion[t]![q]!++;
    }
    seen += to - from;
    // Yield so a stop message can be handled between chunks.
    await new Promise((r) => setImmediate(r));
  }
  return {
    samples: seen,
    loss: seen > 0 ? lossSum / seen : Number.NaN,
    accuracy: options.withAccuracy === false || seen === 0 ? null : correct / seen,
    confusion,
  };
}

/** Class probabilities for each image (already conformed to the model input), in order. */
export function predictProbabilities(tf: typeof TF, model: TF.LayersModel, pixels: Uint8Array, n: number, inputShape: readonly number[]): number[][] {
  const out = tf.tidy(() => {
    const p = (model.predict(pixelTensor(tf, pixels, n, inputShape)) as TF.Tensor).reshape([n, -1]);
    // One sigmoid unit is P(class 1); show both classes.
    return p.shape[1] === 1 ? tf.concat([tf.sub(1, p), p], 1) : p;
  });
  const rows = out.arraySync() as number[][];
  out.dispose();
  return rows;
}
