/**
 * Everything checked before the first batch: the project validates and compiles, the loss
 * matches the output layer, the data loads at the model's input size and fits the model (image
 * size, class count vs output units). Failures become TrainErrors with a code and a message that
 * names the file or layer and says what to do.
 */
import type * as TF from '@tensorflow/tfjs';
import { analyzeGraph, type Analysis } from '../../shared/graph/analyze.ts';
import { validateProject } from '../../shared/graph/load.ts';
import type { Project } from '../../shared/graph/schema.ts';
import type { ErrorEvent, TrainErrorCode } from '../../shared/train/events.ts';
import { labelEncoding, outputHead, resolveLoss, type LossName, type OutputHead, type ResolvedLoss, type TrainSettings } from '../../shared/train/settings.ts';
import { compileToTfjs } from '../../shared/compile/toTfjs.ts';
import { checkDatasetAgainstModel, createAugmenter, createRng, type AugmentSettings, type Augmenter, type Dataset, type DataSpec, type LoadOptions } from './data/index.ts';
import { CheckpointError } from './checkpoint.ts';
import type { LabelEncoding } from './batches.ts';

/** A failure of a run, with the code the UI keys on and where in training it happened. */
export class TrainError extends Error {
  constructor(
    readonly code: TrainErrorCode,
    message: string,
    readonly at: { epoch?: number; batch?: number } = {},
  ) {
    super(message);
    this.name = 'TrainError';
  }
}

export type LoadDataset = (spec: DataSpec, options: LoadOptions) => Promise<Dataset>;

/** The project's graph, validated and analysed; throws COMPILE/REQUEST TrainErrors. */
export function analyzeProject(raw: unknown): { project: Project; analysis: Analysis; head: OutputHead } {
  const loaded = validateProject(raw);
  if (!loaded.ok) throw new TrainError('REQUEST', `the project is not valid${loaded.error.path ? ` at ${loaded.error.path}` : ''}: ${loaded.error.message}`);
  const analysis = analyzeGraph(loaded.project);
  if (!analysis.ok) {
    const first = analysis.diagnostics.filter((d) => d.severity === 'error').slice(0, 3);
    throw new TrainError('COMPILE', `the graph has errors, fix them before training: ${first.map((d) => `[${d.code}]${d.nodeId ? ` node "${d.nodeId}"` : ''} ${d.message}`).join('; ')}`);
  }
  if (analysis.inputs.length !== 1 || analysis.outputs.length !== 1) {
    throw new TrainError('COMPILE', `training needs one Input and one output; the graph has ${analysis.inputs.length} input(s) and ${analysis.outputs.length} output(s)`);
  }
  const head = outputHead(analysis);
  if (!head) throw new TrainError('COMPILE', 'the output layer has no known shape');
  return { project: loaded.project, analysis, head };
}

/** The model's sample shape, and the H x W x C the data loader must produce for it. */
export function modelInput(analysis: Analysis): { inputShape: number[]; targetShape?: [number, number, number] } {
  return inputFor([...analysis.nodes.get(analysis.inputs[0]!)!.shape!]);
}

/** For a sample shape: the loader's target H x W x C (rank 3, or rank 2 as one channel); none for flat inputs. */
export function inputFor(shape: number[]): { inputShape: number[]; targetShape?: [number, number, number] } {
  if (shape.length === 3) return { inputShape: shape, targetShape: [shape[0]!, shape[1]!, shape[2]!] };
  if (shape.length === 2) return { inputShape: shape, targetShape: [shape[0]!, shape[1]!, 1] };
  // A flat input (an MLP on pixels): images are flattened, so only their size must match.
  return { inputShape: shape };
}

/**
 * Builds the tfjs model; a failure of tfjs itself is a COMPILE error naming it. With `seed`, the
 * initial weights are reproducible: tfjs' initializers draw their own seeds from Math.random
 * when none is given (tfjs-core rand_util), so Math.random is seeded while the layers are built
 * (synchronously; nothing else runs meanwhile).
 */
export function buildModel(tf: typeof TF, project: Project, analysis: Analysis, seed?: number): TF.LayersModel {
  const original = Math.random;
  if (seed !== undefined) {
    const rng = createRng(seed ^ 0x5eed);
    Math.random = () => rng.next();
  }
  try {
    return compileToTfjs(tf, project, analysis);
  } catch (e) {
    throw new TrainError('COMPILE', `tfjs could not build the model: ${(e as Error).message}`);
  } finally {
    Math.random = original;
  }
}

/** The optimizer a setting names, as tfjs builds it. */
export function makeOptimizer(tf: typeof TF, settings: TrainSettings): TF.Optimizer {
  switch (settings.optimizer) {
    case 'sgd':
      return tf.train.sgd(settings.learningRate);
    case 'momentum':
      return tf.train.momentum(settings.learningRate, settings.momentum);
    case 'adam':
      return tf.train.adam(settings.learningRate);
    case 'rmsprop':
      // Same call as the exported code (shared/codegen/training.ts): rho 0.9 as Keras, plus momentum.
      return tf.train.rmsprop(settings.learningRate, 0.9, settings.momentum);
  }
}

/** The loss and label encoding for these settings, plus warnings for the person. */
export function chooseLoss(settings: TrainSettings, head: OutputHead): ResolvedLoss & { encoding: LabelEncoding } {
  const resolved = resolveLoss(settings.loss, head);
  return { ...resolved, encoding: labelEncoding(resolved.loss, head.units) };
}

/** Loads a dataset; data errors (DatasetError and file errors) become DATA TrainErrors. */
export async function loadData(load: LoadDataset, spec: DataSpec, options: LoadOptions, role: string): Promise<Dataset> {
  try {
    return await load(spec, options);
  } catch (e) {
    if (e instanceof TrainError) throw e;
    if (options.signal?.aborted) throw e;
    const err = e as Error & { file?: string };
    const where = err.file && !err.message.includes(err.file) ? `${err.file}: ` : '';
    throw new TrainError('DATA', `the ${role} data cannot be used: ${where}${err.message}`);
  }
}

/**
 * Checks a loaded dataset against the model before training (the data module's checks: image
 * size and channels, class count vs output units and loss, empty classes, single class). Returns
 * warnings; throws a DATA TrainError naming the data file and the output layer on an error.
 */
export function checkData(dataset: Dataset, inputShape: readonly number[], head: OutputHead, loss: LossName, role = 'training'): string[] {
  if (dataset.count === 0) throw new TrainError('DATA', `${dataset.source}: the ${role} data holds no images`);
  const problems = checkDatasetAgainstModel(dataset, inputShape, head.units, loss);
  const error = problems.find((p) => p.severity === 'error');
  if (error) {
    const layer = /class|output/i.test(error.message) ? ` (output layer "${head.name}")` : '';
    throw new TrainError('DATA', `${role} data: ${error.message}${layer}`);
  }
  return problems.map((p) => `${role} data: ${p.message}`);
}

/** Maps anything thrown to an error code and a message. */
export function classify(e: unknown, where: { epoch?: number; batch?: number }): Omit<ErrorEvent, 'type' | 'runId'> {
  if (e instanceof TrainError) return { code: e.code, message: e.message, ...e.at };
  if (e instanceof CheckpointError) return { code: 'CHECKPOINT', message: e.message };
  const err = e instanceof Error ? e : new Error(String(e));
  const at = where.epoch !== undefined ? ` (epoch ${where.epoch}${where.batch !== undefined ? `, batch ${where.batch}` : ''})` : '';
  if (err instanceof RangeError && /allocation failed|Invalid typed array length|Array buffer|out of memory/i.test(err.message)) {
    return { code: 'OOM', message: `out of memory${at}: ${err.message}. Use a smaller batch size, fewer samples or a smaller model`, ...where };
  }
  return { code: 'INTERNAL', message: `${err.message}${at}`, ...where };
}

/** The data module's per-image augmenter for the settings' pass-through object, or none. */
export function makeAugmenter(data: Dataset, settings: Record<string, unknown>): Augmenter | undefined {
  if (Object.keys(settings).length === 0) return undefined;
  try {
    return createAugmenter(data, settings as AugmentSettings);
  } catch (e) {
    throw new TrainError('DATA', (e as Error).message);
  }
}
