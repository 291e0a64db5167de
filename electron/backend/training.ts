/**
 * The training channels of the bridge: start and stop a run, list and read kept runs, describe a
 * dataset, preview augmentation, predict one image, and say which engine trains. Runs happen in
 * trainer processes (TrainerSupervisor: child_process.fork in browser mode, utilityProcess in
 * Electron), so a crash there never reaches the editor; every event of a run is broadcast to the
 * UI as { type: 'train', event }. Runs are kept under <user data>/runs. One run trains at a time.
 */
import { createRequire } from 'node:module';
import { availableParallelism, cpus, freemem, tmpdir, totalmem } from 'node:os';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackendEvent, EngineInfo, Handlers, RunListEntry } from '../../shared/ipc.ts';
import type { EngineName, GpuDoctorReport, Prediction } from '../../shared/train/events.ts';
import { runIdFromDate } from '../../shared/train/request.ts';
import { diagnoseGpu, probeGpu } from '../trainer/gpuDoctor.ts';
import { listRuns, loadRun } from '../trainer/runs.ts';
import { TrainerSupervisor, type SpawnTrainer, type TrainerJob } from '../trainer/supervisor.ts';
import { DatasetCache } from './trainingData.ts';

export interface TrainingDeps {
  /** Runs are kept in <userDataDir>/runs. */
  userDataDir: string;
  /** Pushes an event to the UI; absent, events are dropped (tests of other channels). */
  broadcast?: (event: BackendEvent) => void;
  /** How trainer processes start (Electron: utilityProcessTrainer); default child_process.fork with tsx. */
  spawnTrainer?: SpawnTrainer;
  /** The trainer entry file, when the default next to the sources is not where it lives (bundles). */
  trainerEntry?: string;
  /** How long Stop waits before killing the trainer (ms). */
  stopGraceMs?: number;
}

export type TrainingChannel = 'train:start' | 'train:stop' | 'train:runs' | 'train:run' | 'data:describe' | 'data:augment-preview' | 'train:predict' | 'engine:info';

const RUN_ID = /^[A-Za-z0-9_.-]{1,120}$/;

export function createTrainingHandlers(deps: TrainingDeps): Pick<Handlers, TrainingChannel> {
  const runsDir = join(deps.userDataDir, 'runs');
  const supervisor = new TrainerSupervisor({
    ...(deps.spawnTrainer ? { spawn: deps.spawnTrainer } : {}),
    ...(deps.trainerEntry ? { entry: deps.trainerEntry } : {}),
    ...(deps.stopGraceMs !== undefined ? { stopGraceMs: deps.stopGraceMs } : {}),
  });
  const data = new DatasetCache();
  let active: TrainerJob | undefined;
  /** The engine the last run really loaded (from its started event). */
  let confirmed: { engine: EngineName; label: string; gpuDoctor?: GpuDoctorReport } | undefined;
  let doctor: Promise<GpuDoctorReport> | undefined;

  const broadcast = (event: BackendEvent) => {
    try {
      deps.broadcast?.(event);
    } catch {
      // A window that is closing must not end the run.
    }
  };

  return {
    'train:start': async ({ project, data: spec, testData, settings, initialWeights }) => {
      if (active) return { ok: false as const, message: `run ${active.runId} is still training; stop it or wait for it to finish before starting another` };
      const runId = runIdFromDate(new Date(), Math.random().toString(36).slice(2, 6));
      const job: TrainerJob = supervisor.start(
        { type: 'train', runId, runsDir, project, data: spec, ...(testData ? { testData } : {}), settings: settings ?? {}, ...(initialWeights ? { initialWeights } : {}) },
        (event) => {
          if (event.type === 'started') confirmed = { engine: event.engine, label: event.engineLabel, ...(event.gpuDoctor ? { gpuDoctor: event.gpuDoctor } : {}) };
          // The run is over at its final event; the process may take a moment longer to exit.
          if ((event.type === 'done' || event.type === 'error') && active === job) active = undefined;
          broadcast({ type: 'train', event });
        },
      );
      active = job;
      void job.done.then(() => {
        if (active === job) active = undefined;
      });
      return { ok: true as const, runId: job.runId };
    },

    'train:stop': async ({ runId }) => {
      if (!active || active.runId !== runId) return { ok: false as const, message: `no run "${runId}" is training${active ? ` (the run training now is ${active.runId})` : ''}` };
      active.stop();
      return { ok: true as const };
    },

    'train:runs': async () => {
      const runs: RunListEntry[] = listRuns(runsDir).map((r) =>
        // run.json still says running when the backend itself ended mid-run.
        r.status === 'running' && r.id !== active?.runId ? { ...r, status: 'crashed' as const } : r,
      );
      return { runs, active: active?.runId ?? null };
    },

    'train:run': async ({ id }) => {
      const record = loadRun(runsDir, id);
      return record.status === 'running' && id !== active?.runId ? { ...record, status: 'crashed' as const } : record;
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
      doctor ??= probeGpu(tfjsNodeGpuState()).then(diagnoseGpu);
      const gpuDoctor = confirmed?.gpuDoctor ?? (await doctor);
      const forecast = forecastEngine();
      const info: EngineInfo = {
        engine: confirmed?.engine ?? forecast.engine,
        label: confirmed?.label ?? forecast.label,
        confirmed: confirmed !== undefined,
        gpuDoctor,
        memory: { totalBytes: totalmem(), freeBytes: freemem() },
      };
      return info;
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
  if (tfjsNodeGpuState().loaded) return { engine: 'tfjs-node-gpu', label: 'tfjs-node-gpu (confirmed when a run starts)' };
  // As the fast CPU engine counts its threads: NETWRIGHT_FASTCPU_THREADS, else the cores, at most 4.
  const fromEnv = Number(process.env.NETWRIGHT_FASTCPU_THREADS);
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  const threads = Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : Math.max(1, Math.min(4, cores));
  return { engine: 'fastcpu', label: `Fast CPU (wasm, ${threads} thread${threads === 1 ? '' : 's'})` };
}
