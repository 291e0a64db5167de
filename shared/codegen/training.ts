/**
 * The training set-up a generated module can carry: optimizer and learning rate, loss, metrics,
 * epochs and batch size, written as a `train(model, xs, ys)` function (TypeScript) or
 * `compile_model` / `train` functions (Python). The options are the trainer's own settings
 * schema (shared/train/settings.ts), so what the export writes is what the Train button runs.
 */
import { z } from 'zod';
import type { Analysis } from '../graph/analyze.ts';
import { outputHead, resolveLoss, TrainSettingsSchema, type LossName } from '../train/settings.ts';
import { kerasArgName } from './layerSpecs.ts';
import { pyList, pyLiteral, tsLiteral } from './literals.ts';

/** The fields of the training settings that generated code uses; everything else is ignored. */
export const TrainingOptionsSchema = TrainSettingsSchema.pick({
  optimizer: true,
  learningRate: true,
  momentum: true,
  loss: true,
  metrics: true,
  epochs: true,
  batchSize: true,
  validationSplit: true,
  shuffle: true,
});

export type TrainingOptions = z.output<typeof TrainingOptionsSchema>;
export type TrainingOptionsInput = z.input<typeof TrainingOptionsSchema>;

/** Validated options with the loss resolved against the model's output layer. */
export interface ResolvedTraining extends TrainingOptions {
  resolvedLoss: LossName;
}

/** Validates `input` (a plain object); throws an Error naming the bad field. */
export function resolveTraining(input: unknown, analysis: Analysis): ResolvedTraining {
  const parsed = TrainingOptionsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`training options: ${issue.path.join('.') || 'value'}: ${issue.message}`);
  }
  const options = parsed.data;
  let resolvedLoss: LossName;
  if (options.loss === 'auto') {
    const head = outputHead(analysis);
    resolvedLoss = head ? resolveLoss('auto', head).loss : 'meanSquaredError';
  } else {
    resolvedLoss = options.loss;
  }
  return { ...options, resolvedLoss };
}

function tsOptimizer(t: ResolvedTraining): string {
  const lr = tsLiteral(t.learningRate);
  switch (t.optimizer) {
    case 'sgd':
      return `tf.train.sgd(${lr})`;
    case 'momentum':
      return `tf.train.momentum(${lr}, ${tsLiteral(t.momentum)})`;
    case 'adam':
      return `tf.train.adam(${lr})`;
    case 'rmsprop':
      // tf.train.rmsprop(learningRate, decay, momentum): decay 0.9 is Keras' rho default.
      return `tf.train.rmsprop(${lr}, 0.9, ${tsLiteral(t.momentum)})`;
  }
}

/** The TypeScript `train` function, exported from the generated module. */
export function emitTsTraining(t: ResolvedTraining): string[] {
  const fit: Record<string, unknown> = { epochs: t.epochs, batchSize: t.batchSize };
  if (t.validationSplit > 0) fit.validationSplit = t.validationSplit;
  if (!t.shuffle) fit.shuffle = false;
  return [
    '/**',
    ` * Compiles and trains \`model\` on samples \`xs\` and labels \`ys\` with the settings chosen in Netwright:`,
    ` * ${t.optimizer} (learning rate ${t.learningRate}), ${t.resolvedLoss}, ${t.epochs} epochs of batch ${t.batchSize}.`,
    ' */',
    'export async function train(model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor): Promise<tf.History> {',
    '  model.compile({',
    `    optimizer: ${tsOptimizer(t)},`,
    `    loss: ${tsLiteral(t.resolvedLoss)},`,
    `    metrics: ${tsLiteral(t.metrics)},`,
    '  });',
    `  return model.fit(xs, ys, ${tsLiteral(fit)});`,
    '}',
  ];
}

function pyOptimizer(t: ResolvedTraining): string {
  const lr = `learning_rate=${pyLiteral(t.learningRate)}`;
  switch (t.optimizer) {
    case 'sgd':
      return `tf.keras.optimizers.SGD(${lr})`;
    case 'momentum':
      return `tf.keras.optimizers.SGD(${lr}, momentum=${pyLiteral(t.momentum)})`;
    case 'adam':
      return `tf.keras.optimizers.Adam(${lr})`;
    case 'rmsprop':
      return `tf.keras.optimizers.RMSprop(${lr}, momentum=${pyLiteral(t.momentum)})`;
  }
}

/** The Python `compile_model` and `train` functions. */
export function emitPyTraining(t: ResolvedTraining): string[] {
  const fit = [`epochs=${pyLiteral(t.epochs)}`, `batch_size=${pyLiteral(t.batchSize)}`];
  if (t.validationSplit > 0) fit.push(`validation_split=${pyLiteral(t.validationSplit)}`);
  if (!t.shuffle) fit.push('shuffle=False');
  return [
    'def compile_model(model):',
    `    """${t.optimizer} (learning rate ${t.learningRate}) and ${kerasArgName(t.resolvedLoss)}, as chosen in Netwright."""`,
    '    model.compile(',
    `        optimizer=${pyOptimizer(t)},`,
    `        loss=${pyLiteral(kerasArgName(t.resolvedLoss))},`,
    `        metrics=${pyList(t.metrics)},`,
    '    )',
    '',
    '',
    'def train(model, xs, ys):',
    `    """Trains the compiled model: ${t.epochs} epochs of batch ${t.batchSize}."""`,
    `    return model.fit(xs, ys, ${fit.join(', ')})`,
  ];
}
