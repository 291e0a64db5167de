/**
 * Checkpoints and saved models on disk, in the tfjs layers format (model.json + weights.bin) so
 * tf.loadLayersModel and other tools read them. A run folder holds checkpoints/epoch-N/ and a
 * pointer file checkpoint.json; each checkpoint is written to a temporary folder and renamed,
 * then the pointer is replaced by rename, so a crash never leaves a half-written "latest".
 */
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type { EpochEvent } from '../../shared/train/events.ts';
import type { LossName } from '../../shared/train/settings.ts';
import { matchWeights } from '../../shared/train/weightMatch.ts';
import { writeFileAtomic } from '../backend/atomicWrite.ts';

/** What checkpoint.json says about the latest checkpoint of a run. */
export interface CheckpointInfo {
  epoch: number;
  /** The checkpoint's model.json, relative to the run folder. */
  model: string;
  classes: string[];
  inputShape: number[];
  loss: LossName;
  /** Epoch events up to this checkpoint, so a resumed run keeps its curves. */
  history: EpochEvent[];
  savedAt: string;
}

/** A checkpoint or model file that cannot be read or written; the message names the file. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}


/** Saves `model` as model.json + weights.bin in `dir` (created; replaced atomically if it exists). */
export async function saveModel(tf: typeof TF, model: TF.LayersModel, dir: string, extra: Record<string, unknown> = {}): Promise<string> {
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData;
      const bytes = weightData === undefined ? new Uint8Array(0) : new Uint8Array(Array.isArray(weightData) ? tf.io.concatenateArrayBuffers(weightData) : weightData);
      const json = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        ...(Object.keys(extra).length > 0 ? { userDefinedMetadata: extra } : {}),
      };
      await writeFile(join(tmp, 'weights.bin'), bytes);
      await writeFile(join(tmp, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
    }),
  );
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return join(dir, 'model.json');
}

/** Writes the checkpoint of `epoch` into `runDir` and points checkpoint.json at it; drops older ones. */
export async function writeCheckpoint(
  tf: typeof TF,
  model: TF.LayersModel,
  runDir: string,
  info: Omit<CheckpointInfo, 'model' | 'savedAt'>,
): Promise<string> {
  const name = `epoch-${info.epoch}`;
  const path = await saveModel(tf, model, join(runDir, 'checkpoints', name), { netwright: { classes: info.classes, loss: info.loss, epoch: info.epoch } });
  const pointer: CheckpointInfo = { ...info, model: `checkpoints/${name}/model.json`, savedAt: new Date().toISOString() };
  await writeFileAtomic(join(runDir, 'checkpoint.json'), `${JSON.stringify(pointer)}\n`);
  const all = await readdir(join(runDir, 'checkpoints')).catch(() => [] as string[]);
  await Promise.all(all.filter((d) => d !== name).map((d) => rm(join(runDir, 'checkpoints', d), { recursive: true, force: true })));
  return path;
}

/** The latest checkpoint of a run folder, or undefined when it has none. */
export async function readCheckpointInfo(runDir: string): Promise<CheckpointInfo | undefined> {
  let text: string;
  try {
    text = await readFile(join(runDir, 'checkpoint.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as CheckpointInfo;
  } catch (e) {
    throw new CheckpointError(`${join(runDir, 'checkpoint.json')}: not valid JSON (${(e as Error).message}); delete it to start the run afresh`);
  }
}

/** A tfjs model file read into memory, plus Netwright's metadata when the file has it. */
export interface ModelFile {
  path: string;
  artifacts: TF.io.ModelArtifacts;
  classes?: string[];
  loss?: LossName;
}

/**
 * Finds the model.json a path names: a run folder (its latest checkpoint), a folder holding
 * model.json, or the model.json itself.
 */
export async function resolveModelPath(path: string): Promise<{ modelJson: string; checkpoint?: CheckpointInfo }> {
  const abs = resolve(path);
  const st = await stat(abs).catch(() => undefined);
  if (!st) throw new CheckpointError(`${abs}: no such file or folder; give a run folder or a model.json`);
  if (st.isFile()) return { modelJson: abs };
  const checkpoint = await readCheckpointInfo(abs);
  if (checkpoint) return { modelJson: join(abs, checkpoint.model), checkpoint };
  const direct = join(abs, 'model.json');
  if (await stat(direct).catch(() => undefined)) return { modelJson: direct };
  throw new CheckpointError(`${abs}: neither a run folder with a checkpoint (checkpoint.json) nor a folder with model.json`);
}

/** Reads model.json and its weight files (paths relative to it). */
export async function readModelFile(modelJson: string): Promise<ModelFile> {
  let json: {
    modelTopology?: object;
    weightsManifest?: { paths: string[]; weights: TF.io.WeightsManifestEntry[] }[];
    format?: string;
    userDefinedMetadata?: { netwright?: { classes?: string[]; loss?: LossName } };
  };
  try {
    json = JSON.parse(await readFile(modelJson, 'utf8'));
  } catch (e) {
    throw new CheckpointError(`${modelJson}: cannot read a tfjs model.json: ${(e as Error).message}`);
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new CheckpointError(`${modelJson}: not a tfjs layers model (no modelTopology or weightsManifest); save models with model.save() or Netwright`);
  }
  const weightSpecs: TF.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) {
      const file = join(dirname(modelJson), p);
      try {
        buffers.push(new Uint8Array(await readFile(file)));
      } catch (e) {
        throw new CheckpointError(`${file}: weight file of ${basename(modelJson)} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
  }
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const b of buffers) {
    data.set(b, at);
    at += b.byteLength;
  }
  const meta = json.userDefinedMetadata?.netwright;
  return {
    path: modelJson,
    artifacts: { modelTopology: json.modelTopology, weightSpecs, weightData: data.buffer, format: json.format },
    ...(meta?.classes ? { classes: meta.classes } : {}),
    ...(meta?.loss ? { loss: meta.loss } : {}),
  };
}

export interface WeightTransfer {
  matched: string[];
  skipped: { layer: string; reason: string }[];
}

/**
 * Copies weights from a saved model into `model`'s layers whose names match and whose every
 * weight has the same shape (a layer is taken whole or not at all: shared/train/weightMatch.ts,
 * the rule the Train view's preview applies too). With `strict`, any layer with weights left
 * unmatched is an error (resume needs them all).
 */
export function loadWeightsByName(tf: typeof TF, model: TF.LayersModel, file: ModelFile, strict = false): WeightTransfer {
  const specs = file.artifacts.weightSpecs ?? [];
  const target = model.layers.map((layer) => ({ layer: layer.name, weights: layer.weights.map((w) => ({ name: w.originalName, shape: w.shape as number[] })) }));
  const { matched, skipped } = matchWeights(target, specs, basename(file.path));
  const named = tf.io.decodeWeights(file.artifacts.weightData as ArrayBuffer, specs);
  try {
    const take = new Set(matched);
    for (const layer of model.layers) {
      if (take.has(layer.name)) layer.setWeights(layer.weights.map((w) => named[w.originalName]!));
    }
  } finally {
    tf.dispose(Object.values(named));
  }
  if (strict && skipped.length > 0) {
    throw new CheckpointError(`${file.path} does not fit the graph: ${skipped.map((s) => `${s.layer} (${s.reason})`).join('; ')}. The graph changed since the checkpoint; start a new run`);
  }
  // The event keeps its { layer, reason } shape (shared/train/events.ts WeightsLoadedEvent).
  return { matched, skipped: skipped.map(({ layer, reason }) => ({ layer, reason })) };
}
