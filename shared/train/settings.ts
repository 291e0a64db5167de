/**
 * Training settings: what a person chooses for one run (optimizer, learning rate, loss, epochs,
 * batch size, validation, early stopping, augmentation, engine). One zod schema gives the type,
 * the defaults and the validation; `resolveLoss` picks the loss that matches the output layer.
 */
import { z } from 'zod';
import type { Analysis } from '../graph/analyze.ts';

export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const LOSSES = ['binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'meanSquaredError'] as const;
export type LossName = (typeof LOSSES)[number];

export const ENGINES = ['auto', 'tensorflow', 'tfjs-node-gpu', 'fastcpu', 'cpu'] as const;
export type EnginePreference = (typeof ENGINES)[number];

/** What early stopping watches; `loss`-like values must fall, `accuracy`-like values must rise. */
export const MONITORS = ['val_loss', 'val_accuracy', 'loss', 'accuracy'] as const;
export type Monitor = (typeof MONITORS)[number];

export const EarlyStoppingSchema = z.object({
  /** Epochs without improvement before training stops. */
  patience: z.number().int().min(1).max(10_000).default(3),
  monitor: z.enum(MONITORS).default('val_loss'),
  /** Smallest change that counts as an improvement. */
  minDelta: z.number().min(0).max(1e6).default(0),
});

export const TrainSettingsSchema = z.object({
  optimizer: z.enum(OPTIMIZERS).default('adam'),
  /** Finite and positive; very large values are allowed (they diverge, and the run says so). */
  learningRate: z.number().positive().finite().default(0.001),
  /** Used by `momentum` (SGD with momentum) and `rmsprop` (tf.train.rmsprop(lr, 0.9, momentum)). */
  momentum: z.number().min(0).max(1).default(0.9),
  loss: z.enum(['auto', ...LOSSES]).default('auto'),
  /** Metrics reported besides the loss; accuracy is the one the curves show. */
  metrics: z.array(z.enum(['accuracy'])).readonly().default(['accuracy']),
  epochs: z.number().int().min(1).max(100_000).default(10),
  batchSize: z.number().int().min(1).max(65_536).default(32),
  /**
   * Where validation numbers come from each epoch: a fraction held out of the training data
   * (`split`), or the separate test set of the request (`test`).
   */
  validation: z.enum(['split', 'test']).default('split'),
  /** Fraction of the training data held out when `validation` is `split`; 0 disables validation. */
  validationSplit: z.number().min(0).max(0.9).default(0.2),
  shuffle: z.boolean().default(true),
  /** Seeds the split, the shuffling, the augmentation and the initial weights (dropout masks are not seeded). */
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  earlyStopping: EarlyStoppingSchema.nullable().default(null),
  /** Passed through to the data module's augmentation (flip, crop, rotation, colour, PCA colour). */
  augmentation: z.record(z.string(), z.unknown()).default({}),
  engine: z.enum(ENGINES).default('auto'),
  /** Use at most this many training samples (quick experiments); undefined uses all. */
  limit: z.number().int().min(1).optional(),
  /** Write a checkpoint at the end of every epoch (needed for resume). */
  checkpoints: z.boolean().default(true),
});

export type TrainSettings = z.output<typeof TrainSettingsSchema>;
export type TrainSettingsInput = z.input<typeof TrainSettingsSchema>;

/** The default settings (what a fresh "Train" press uses). */
export function defaultSettings(): TrainSettings {
  return TrainSettingsSchema.parse({});
}

/** What the output layer of a graph looks like, as far as choosing a loss is concerned. */
export interface OutputHead {
  /** The Keras name of the output node. */
  name: string;
  /** Units on the last axis of the output. */
  units: number;
  /** The activation applied last ('linear' when none). */
  activation: string;
}

/** Reads the output node's units and final activation from an analysis; undefined if unknown. */
export function outputHead(analysis: Analysis): OutputHead | undefined {
  const id = analysis.outputs[0];
  if (id === undefined) return undefined;
  const node = analysis.nodes.get(id);
  if (!node?.shape) return undefined;
  const units = node.shape[node.shape.length - 1]!;
  const p = node.params ?? {};
  let activation = 'linear';
  if (typeof p.activation === 'string') activation = p.activation;
  else if (node.kind === 'Softmax') activation = 'softmax';
  else if (node.kind === 'ReLU') activation = 'relu';
  return { name: node.name, units, activation };
}

export interface ResolvedLoss {
  loss: LossName;
  /** Why this loss, in words a person reads next to the setting. */
  reason: string;
  /** Set when the chosen loss does not suit the output layer. */
  warning?: string;
}

/**
 * Picks the loss for `setting` and the output head. `auto`: one sigmoid unit gives binary
 * cross-entropy, a softmax over N units gives categorical cross-entropy, anything else mean
 * squared error (with a warning: cross-entropy needs probabilities). An explicit choice is kept,
 * with a warning when it cannot work with the output (e.g. categorical on one unit).
 */
export function resolveLoss(setting: TrainSettings['loss'], head: OutputHead): ResolvedLoss {
  const at = `output layer "${head.name}" (${head.units} unit${head.units === 1 ? '' : 's'}, ${head.activation})`;
  if (setting === 'auto') {
    if (head.units === 1 && head.activation === 'sigmoid') return { loss: 'binaryCrossentropy', reason: `${at}: one sigmoid unit, so binary cross-entropy` };
    if (head.activation === 'softmax' && head.units > 1) return { loss: 'categoricalCrossentropy', reason: `${at}: softmax over ${head.units} classes, so categorical cross-entropy` };
    return {
      loss: 'meanSquaredError',
      reason: `${at}: neither one sigmoid unit nor a softmax, so mean squared error`,
      warning: `${at} ends without sigmoid or softmax; cross-entropy needs probabilities, so mean squared error is used. For classification give the last Dense layer a softmax (or 1 unit with sigmoid)`,
    };
  }
  const reason = `chosen in the settings`;
  if ((setting === 'categoricalCrossentropy' || setting === 'sparseCategoricalCrossentropy') && head.units === 1) {
    return { loss: setting, reason, warning: `${setting} needs one output unit per class; ${at} has one. Use binaryCrossentropy or give the layer N softmax units` };
  }
  if (setting === 'binaryCrossentropy' && head.activation !== 'sigmoid') {
    return { loss: setting, reason, warning: `binaryCrossentropy expects sigmoid outputs; ${at} is ${head.activation}` };
  }
  if ((setting === 'categoricalCrossentropy' || setting === 'sparseCategoricalCrossentropy') && head.activation !== 'softmax') {
    return { loss: setting, reason, warning: `${setting} expects softmax probabilities; ${at} is ${head.activation}` };
  }
  return { loss: setting, reason };
}

/** How labels must be fed for a loss: class indices, one-hot rows, or a single 0/1 column. */
export function labelEncoding(loss: LossName, units: number): 'sparse' | 'onehot' | 'binary' {
  if (loss === 'sparseCategoricalCrossentropy') return 'sparse';
  if (units === 1) return 'binary';
  return 'onehot';
}
