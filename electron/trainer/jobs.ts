/**
 * The trainer process' jobs: train (run.ts), evaluate a saved model on data, predict class
 * probabilities for image files. Every job reports through the same event stream and ends with
 * `done` or `error`, so the supervisor, the CLI and the UI handle them alike.
 */
import { readFile } from 'node:fs/promises';
import type * as TF from '@tensorflow/tfjs';
import { registerAllCustomLayers } from '../../shared/compile/customLayers.ts';
import type { DoneEvent, ErrorEvent, Prediction, TrainEvent, WithoutRunId } from '../../shared/train/events.ts';
import { TrainerRequestSchema, type EvaluateRequest, type PredictRequest } from '../../shared/train/request.ts';
import { resolveLoss, labelEncoding, type LossName, type OutputHead } from '../../shared/train/settings.ts';
import { conformImage, decodeImage, loadDataset } from './data/index.ts';
import { readModelFile, resolveModelPath, CheckpointError } from './checkpoint.ts';
import { EngineError, selectEngine, type Engine } from './engine.ts';
import { evaluateOn, predictProbabilities } from './evaluate.ts';
import { logitsTraining } from './logits.ts';
import { checkData, classify, inputFor, loadData, TrainError } from './prepare.ts';
import { runTraining, type RunOptions } from './run.ts';

/** Runs any trainer request (validated here); never throws. */
export async function runJob(request: unknown, emit: (event: TrainEvent) => void, signal: AbortSignal, options: RunOptions = {}): Promise<DoneEvent | ErrorEvent> {
  const parsed = TrainerRequestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const runId = typeof (request as { runId?: unknown })?.runId === 'string' ? (request as { runId: string }).runId : 'invalid';
    const error: ErrorEvent = { type: 'error', runId, code: 'REQUEST', message: `the trainer request is not valid at ${issue.path.join('.') || 'the top'}: ${issue.message}` };
    emit(error);
    return error;
  }
  const req = parsed.data;
  if (req.type === 'train') return runTraining(req, emit, signal, options);
  const runId = req.runId ?? req.type;
  let model: TF.LayersModel | undefined;
  try {
    const engine = await loadEngine(req.engine, options);
    const saved = await loadSavedModel(engine.tf, req.model);
    model = saved.model;
    if (req.type === 'evaluate') await evaluate(engine, saved, req, (e) => emit({ ...e, runId } as TrainEvent), signal, options);
    else await predict(engine, saved, req, (e) => emit({ ...e, runId } as TrainEvent));
    const done: DoneEvent = { type: 'done', runId, history: [], final: { loss: null, accuracy: null, val_loss: null, val_accuracy: null }, epochs: 0, stoppedEarly: false, stopped: signal.aborted, samplesPerSecond: 0, seconds: 0, engine: engine.name };
    emit(done);
    return done;
  } catch (e) {
    const error: ErrorEvent = { type: 'error', runId, ...classify(e, {}) };
    emit(error);
    return error;
  } finally {
    model?.dispose();
  }
}

async function loadEngine(preference: EvaluateRequest['engine'], options: RunOptions): Promise<Engine> {
  try {
    return await selectEngine(preference, options.imports);
  } catch (e) {
    if (e instanceof EngineError) throw new TrainError('ENGINE', e.message);
    throw e;
  }
}

export interface SavedModel {
  model: TF.LayersModel;
  path: string;
  inputShape: number[];
  head: OutputHead;
  loss: LossName;
  classes?: string[];
}

/** Loads a run folder's latest checkpoint or a tfjs model.json as a tf.LayersModel. */
export async function loadSavedModel(tf: typeof TF, path: string): Promise<SavedModel> {
  const { modelJson, checkpoint } = await resolveModelPath(path);
  const file = await readModelFile(modelJson);
  registerAllCustomLayers(tf);
  let model: TF.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(file.artifacts));
  } catch (e) {
    throw new CheckpointError(`${modelJson}: tfjs cannot build this model: ${(e as Error).message}`);
  }
  const inputShape = (model.inputs[0]!.shape.slice(1) as (number | null)[]).map((d) => d ?? 0);
  const out = model.outputs[0]!.shape;
  const last = model.layers[model.layers.length - 1]!;
  const activation = String((last.getConfig() as { activation?: unknown }).activation ?? 'linear');
  const head: OutputHead = { name: last.name, units: out[out.length - 1] ?? 1, activation };
  const classes = checkpoint?.classes ?? file.classes;
  const loss = checkpoint?.loss ?? file.loss ?? resolveLoss('auto', head).loss;
  return { model, path: modelJson, inputShape, head, loss, ...(classes ? { classes } : {}) };
}

type Send = (event: WithoutRunId<TrainEvent>) => void;

async function evaluate(engine: Engine, saved: SavedModel, req: EvaluateRequest, send: Send, signal: AbortSignal, options: RunOptions): Promise<void> {
  const { targetShape } = inputFor(saved.inputShape);
  const data = await loadData(options.loadDataset ?? loadDataset, req.data, { ...(targetShape ? { targetShape } : {}), ...(req.limit ? { limit: req.limit } : {}), signal }, 'evaluation');
  const warnings = checkData(data, saved.inputShape, saved.head, saved.loss, 'evaluation');
  for (const message of warnings) send({ type: 'log', level: 'warning', message });
  const indices = Int32Array.from({ length: data.count }, (_, i) => i);
  const encoding = labelEncoding(saved.loss, saved.head.units);
  // The loss from the logits when the output allows it, as training computed it (logits.ts).
  const logits = logitsTraining(engine.tf, saved.model, saved.loss);
  let result;
  try {
    result = await evaluateOn(engine.tf, logits?.model ?? saved.model, data, indices, { inputShape: saved.inputShape, loss: saved.loss, encoding, batchSize: req.batchSize, signal, ...(logits ? { fromLogits: logits.activation } : {}) });
  } finally {
    logits?.dispose();
  }
  send({ type: 'evaluated', on: 'data', samples: result.samples, loss: result.loss, accuracy: result.accuracy, classes: saved.classes ?? data.classes, confusion: result.confusion });
}

async function predict(engine: Engine, saved: SavedModel, req: PredictRequest, send: Send): Promise<void> {
  const shape = saved.inputShape;
  if (shape.length < 2 || shape.length > 3) throw new TrainError('REQUEST', `${saved.path}: the model takes ${shape.join('x')} inputs, not images; predict needs an image-shaped Input (height x width x channels)`);
  const target: [number, number, number] = [shape[0]!, shape[1]!, shape[2] ?? 1];
  const size = target[0] * target[1] * target[2];
  const pixels = new Uint8Array(req.images.length * size);
  for (let i = 0; i < req.images.length; i++) {
    const file = req.images[i]!;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (e) {
      throw new TrainError('DATA', `${file}: cannot read the image (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    let raw;
    try {
      raw = decodeImage(bytes, file);
    } catch (e) {
      throw new TrainError('DATA', (e as Error).message);
    }
    pixels.set(conformImage(raw.data, [raw.height, raw.width, raw.channels], target), i * size);
  }
  const rows = predictProbabilities(engine.tf, saved.model, pixels, req.images.length, shape);
  const classes = saved.classes ?? Array.from({ length: rows[0]?.length ?? 0 }, (_, k) => String(k));
  const predictions: Prediction[] = rows.map((probabilities, i) => {
    let best = 0;
    for (let k = 1; k < probabilities.length; k++) if (probabilities[k]! > probabilities[best]!) best = k;
    return { source: req.images[i]!, probabilities, top: { index: best, label: classes[best] ?? String(best), probability: probabilities[best]! } };
  });
  send({ type: 'predicted', classes, predictions });
}
