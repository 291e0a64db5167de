/**
 * The training channels of the bridge: start and stop a run, list and read kept runs, describe a
 * dataset, preview augmentation, predict one image, and say which engine trains. Runs happen in
 * trainer processes (TrainerSupervisor: child_process.fork in browser mode, utilityProcess in
 * Electron), so a crash there never reaches the editor; every event of a run is broadcast to the
 * UI as { type: 'train', event }. Runs are kept under <user data>/runs. One thing trains at a time:
 * the trainer (trainerSlot.ts) is shared with the experiment channels (experiment.ts).
 */
import { createRequire } from 'node:module';
import { availableParallelism, cpus, freemem, tmpdir, totalmem } from 'node:os';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineInfo, Handlers, RunListEntry } from '../../shared/ipc.ts';
import type { EngineName, GpuDoctorReport, Prediction } from '../../shared/train/events.ts';
import { runIdFromDate } from '../../shared/train/request.ts';
import { readCheckpointInfo } from '../trainer/checkpoint.ts';
import { diagnoseGpu, probeGpu } from '../trainer/gpuDoctor.ts';
import { listRuns, loadRun } from '../trainer/runs.ts';
import { buildTensorflowEngine, readManifest } from '../trainer/engines/tensorflow/build.ts';
import { findPythonTensorflow } from '../trainer/engines/tensorflow/locate.ts';
import { tensorflowEngineDir } from '../trainer/engines/tensorflow/index.ts';
import type { TrainerJob } from '../trainer/supervisor.ts';
import { TrainerSlot, type Occupant, type TrainingDeps } from './trainerSlot.ts';
import { DatasetCache } from './trainingData.ts';
import { createTransferHandlers } from './transfer.ts';

export type { TrainingDeps } from './trainerSlot.ts';

export type TrainingChannel = 'train:start' | 'train:stop' | 'train:runs' | 'train:run' | 'data:describe' | 'data:augment-preview' | 'train:predict' | 'engine:info' | 'engine:build' | 'train:weights-source';

const RUN_ID = /^[A-Za-z0-9_.-]{1,120}$/;

/** The training channels; `slot` is the trainer they share with the experiment channels (default: their own). */
export function createTrainingHandlers(deps: TrainingDeps, slot: TrainerSlot = new TrainerSlot(deps)): Pick<Handlers, TrainingChannel> {
  const { runsDir, supervisor } = slot;
  const data = new DatasetCache();
  let doctor: Promise<GpuDoctorReport> | undefined;
  let building = false;

  return {
    ...createTransferHandlers(runsDir),

    'train:start': async ({ project, data: spec, testData, settings, initialWeights, resume }) => {
      const busy = slot.busyReason('another run');
      if (busy) return { ok: false as const, message: busy };
      if (resume && !RUN_ID.test(resume.runId)) return { ok: false as const, message: `"${resume.runId}" is not a run id` };
      if (resume && !(await readCheckpointInfo(join(runsDir, resume.runId)))) {
        return { ok: false as const, message: `run ${resume.runId} has no checkpoint to continue from (it stopped before its first epoch ended, or checkpoints were off); start a new run` };
      }
      // Resume continues the kept run in its own folder, from its last checkpoint.
      const runId = resume?.runId ?? runIdFromDate(new Date(), Math.random().toString(36).slice(2, 6));
      const occupant: Occupant = { kind: 'run', runId, stop: () => job.stop() };
      slot.claim(occupant);
      let job: TrainerJob;
      try {
        job = supervisor.start(
          { type: 'train', runId, runsDir, project, data: spec, ...(testData ? { testData } : {}), settings: settings ?? {}, ...(initialWeights ? { initialWeights } : {}), ...(resume ? { resume: true } : {}) },
          (event) => {
            slot.observe(event);
            // The run is over at its final event; the process may take a moment longer to exit.
            if (event.type === 'done' || event.type === 'error') slot.release(occupant);
            slot.broadcast({ type: 'train', event });
          },
        );
      } catch (e) {
        slot.release(occupant);
        throw e;
      }
      void job.done.then(() => slot.release(occupant));
      return { ok: true as const, runId: job.runId };
    },

    'train:stop': async ({ runId }) => {
      const o = slot.current;
      // Stopping the run an experiment is training stops the experiment: its next run does not start.
      if (!o || (o.runId !== runId && !(o.kind === 'experiment' && o.experimentId === runId))) {
        return { ok: false as const, message: `no run "${runId}" is training${o?.runId ? ` (the run training now is ${o.runId})` : ''}` };
      }
      o.stop();
      return { ok: true as const };
    },

    'train:runs': async () => {
      const active = slot.activeRunId();
      const runs: RunListEntry[] = listRuns(runsDir).map((r) =>
        // run.json still says running when the backend itself ended mid-run.
        r.status === 'running' && r.id !== active ? { ...r, status: 'crashed' as const } : r,
      );
      return { runs, active: active ?? null };
    },

    'train:run': async ({ id }) => {
      const record = loadRun(runsDir, id);
      return record.status === 'running' && id !== slot.activeRunId() ? { ...record, status: 'crashed' as const } : record;
    },

    'data:describe': ({ data: spec, model, perClass }) => data.describe(spec, model, perClass),

    'data:augment-preview': ({ data: spec, model, augmentation, index, count, seed }) => data.augmentPreview(spec, model, augmentation, index, count, seed),

    'train:predict': async ({ runId, image, name }) => {
      if (!RUN_ID.test(runId) || runId.startsWith('.')) return { ok: false as const, message: `"${runId}" is not a run id` };
      const bytes = Buffer.from(image, 'base64');
      const ext = imageExtension(bytes);
      const label = name ?? 'the dropped image';
      if (!ext) return { ok: false as const, message: `${label} is not a JPEG or PNG image; drop a .jpg or .png file` };
      const dir = await mkdtemp(join(tmpdir(), 'netwright-predict-'));
      try {
        const file = join(dir, `image${ext}`);
        await writeFile(file, bytes);
        let predicted: { classes: string[]; prediction: Prediction } | undefined;
        const job: TrainerJob = supervisor.start({ type: 'predict', runId: `predict-${runId}`.slice(0, 120), model: join(runsDir, runId), images: [file], engine: 'auto' }, (event) => {
          if (event.type === 'predicted' && event.predictions[0]) predicted = { classes: event.classes, prediction: { ...event.predictions[0], source: label } };
        });
        const end = await job.done;
        if (end.type === 'error') return { ok: false as const, message: end.message.split(file).join(label) };
        if (!predicted) return { ok: false as const, message: `run ${runId}: the trainer gave no prediction` };
        return { ok: true as const, ...predicted };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },

    'engine:info': async () => {
      doctor ??= probeGpu(tfjsNodeGpuState(), readManifest(tensorflowEngineDir())?.tensorflow ?? null).then(diagnoseGpu);
      const { confirmed } = slot;
      const gpuDoctor = confirmed?.gpuDoctor ?? (await doctor);
      const forecast = forecastEngine();
      const engineDir = tensorflowEngineDir();
      const built = readManifest(engineDir);
      const info: EngineInfo = {
        engine: confirmed?.engine ?? forecast.engine,
        label: confirmed?.label ?? forecast.label,
        confirmed: confirmed !== undefined,
        gpuDoctor,
        memory: { totalBytes: totalmem(), freeBytes: freemem() },
        tensorflow: { built: built !== undefined, dir: engineDir, ...(built ? { source: built.tensorflow.source } : {}) },
      };
      return info;
    },

    'engine:build': async ({ python }) => {
      if (building) return { ok: false as const, message: 'the tensorflow engine is already being built' };
      building = true;
      const started = Date.now();
      const line = (text: string) => slot.broadcast({ type: 'engine-build', line: text });
      try {
        const tensorflow = await findPythonTensorflow(python);
        line(`found ${tensorflow.source} at ${tensorflow.libDir}`);
        await buildTensorflowEngine({ engineDir: tensorflowEngineDir(), tensorflow, onProgress: line });
        // The doctor's verdict changes with the engine: probe again on the next engine:info.
        doctor = undefined;
        return { ok: true as const, tensorflow: tensorflow.source, seconds: (Date.now() - started) / 1000 };
      } catch (e) {
        return { ok: false as const, message: (e as Error).message };
      } finally {
        building = false;
      }
    },
  };
}

/** '.png' or '.jpg' from the file's first bytes; undefined for anything else. */
function imageExtension(bytes: Uint8Array): '.png' | '.jpg' | undefined {
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return '.png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return '.jpg';
  return undefined;
}

/** Whether tfjs-node-gpu is installed, without loading it here (the trainer loads it). */
function tfjsNodeGpuState(): { loaded: true } | { loaded: false; error: string } {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node-gpu');
    return { loaded: true };
  } catch {
    return { loaded: false, error: "Cannot find module '@tensorflow/tfjs-node-gpu' (the optional dependency is not installed)" };
  }
}

/** The engine 'auto' is expected to pick, before any run has reported the one it loaded. */
function forecastEngine(): { engine: EngineName; label: string } {
  const tensorflow = readManifest(tensorflowEngineDir());
  if (tensorflow) return { engine: 'tensorflow', label: `tensorflow (TensorFlow ${tensorflow.tensorflow.version}; confirmed when a run starts)` };
  if (tfjsNodeGpuState().loaded) return { engine: 'tfjs-node-gpu', label: 'tfjs-node-gpu (confirmed when a run starts)' };
  // As the fast CPU engine counts its threads: NETWRIGHT_FASTCPU_THREADS, else the cores, at most 4.
  const fromEnv = Number(process.env.NETWRIGHT_FASTCPU_THREADS);
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  const threads = Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : Math.max(1, Math.min(4, cores));
  return { engine: 'fastcpu', label: `Fast CPU (wasm, ${threads} thread${threads === 1 ? '' : 's'})` };
}
