/**
 * The transfer-learning bridge channel: the weights (Keras names and shapes) of a saved model the
 * person offers as initial weights, a kept run's last checkpoint or a tfjs model.json. Only the
 * manifest of model.json is read (no weight data), so the Train view can preview which layers
 * will be loaded (shared/train/weightMatch.ts) before training.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Handlers, WeightsSourceReply } from '../../shared/ipc.ts';
import type { WeightSpec } from '../../shared/train/weightMatch.ts';
import { resolveModelPath } from '../trainer/checkpoint.ts';

const RUN_ID = /^[A-Za-z0-9_.-]{1,120}$/;

interface ModelJson {
  modelTopology?: unknown;
  weightsManifest?: { weights?: { name?: unknown; shape?: unknown }[] }[];
  userDefinedMetadata?: { netwright?: { classes?: unknown } };
}

/** Reads the weights listed in a model.json (or a run folder's last checkpoint). */
export async function readWeightsSource(path: string, label?: string): Promise<WeightsSourceReply> {
  let resolved: Awaited<ReturnType<typeof resolveModelPath>>;
  try {
    resolved = await resolveModelPath(path);
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  const { modelJson, checkpoint } = resolved;
  let json: ModelJson;
  try {
    json = JSON.parse(await readFile(modelJson, 'utf8')) as ModelJson;
  } catch (e) {
    return { ok: false, message: `${modelJson}: cannot read it as a tfjs model.json (${(e as Error).message}); choose the model.json that tfjs or Netwright saved` };
  }
  if (!json || typeof json !== 'object' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    return { ok: false, message: `${modelJson}: not a tfjs layers model (modelTopology or weightsManifest is missing); choose the model.json that tfjs or Netwright saved` };
  }
  const weights: WeightSpec[] = [];
  for (const group of json.weightsManifest) {
    for (const w of group.weights ?? []) {
      if (typeof w.name === 'string' && Array.isArray(w.shape) && w.shape.every((d) => Number.isInteger(d))) weights.push({ name: w.name, shape: w.shape as number[] });
    }
  }
  const classes = json.userDefinedMetadata?.netwright?.classes;
  return {
    ok: true,
    modelJson,
    label: label ?? join(basename(dirname(modelJson)), basename(modelJson)),
    weights,
    ...(Array.isArray(classes) && classes.every((c) => typeof c === 'string') ? { classes: classes as string[] } : {}),
    ...(checkpoint ? { epoch: checkpoint.epoch } : {}),
  };
}

/** `train:weights-source`: a kept run under `runsDir` (by id) or any model.json / folder path. */
export function createTransferHandlers(runsDir: string): Pick<Handlers, 'train:weights-source'> {
  return {
    'train:weights-source': async (request) => {
      if ('runId' in request) {
        const { runId } = request;
        if (!RUN_ID.test(runId) || runId.startsWith('.')) return { ok: false as const, message: `"${runId}" is not a run id` };
        const reply = await readWeightsSource(join(runsDir, runId), `run ${runId}`);
        if (!reply.ok && reply.message.includes('neither a run folder')) {
          return { ok: false as const, message: `run ${runId} has no checkpoint to take weights from (it ended before its first epoch finished, or checkpoints were off); choose another run` };
        }
        return reply;
      }
      return readWeightsSource(request.path);
    },
  };
}
