/**
 * The trainer's event stream: everything a run reports, as one discriminated union on `type`.
 * The trainer process emits them in this order: loading*, started, [weights], (batch* epoch
 * checkpoint?)*, evaluated?, done | error. Every event carries its `runId`. Epochs and batches count from 1,
 * as Keras prints them ("Epoch 1/10"). The format is a contract between trainer, supervisor,
 * UI and CLI: add fields, never rename them.
 */
import type { MemoryEstimate } from './memory.ts';
import type { LossName, TrainSettings } from './settings.ts';

/** Engines the trainer can run on. */
export type EngineName = 'tensorflow' | 'tfjs-node-gpu' | 'fastcpu' | 'cpu';

/** The GPU doctor's verdict: why the GPU is (not) used and what to install. */
export interface GpuDoctorReport {
  /** True when tfjs-node-gpu loaded and its CUDA libraries were found. */
  gpuUsable: boolean;
  /** One line, e.g. "GPU not used: @tensorflow/tfjs-node-gpu is not installed". */
  summary: string;
  /** What was checked, one finding per line. */
  findings: string[];
  /** What to do, in order. */
  fixes: string[];
  /** The NVIDIA GPU nvidia-smi names, when there is one. */
  gpuName?: string;
}

/** Error codes of a run. Stable: add, never rename. */
export const TRAIN_ERROR_CODES = {
  COMPILE: 'The graph has errors or does not build as a tfjs model.',
  DATA: 'The data cannot be read or does not fit the model (size, classes, empty).',
  NAN_LOSS: 'The loss became NaN or infinite; training diverged.',
  OOM: 'The trainer ran out of memory.',
  CRASH: 'The trainer process ended unexpectedly.',
  HANG: 'The trainer process stopped reporting progress for far longer than its batches take, and was ended.',
  ENGINE: 'The requested engine cannot be loaded.',
  CHECKPOINT: 'A checkpoint or saved model cannot be read or written.',
  REQUEST: 'The request is malformed (settings, paths).',
  INTERNAL: 'An unexpected error inside the trainer.',
} as const;
export type TrainErrorCode = keyof typeof TRAIN_ERROR_CODES;

/** Loss and accuracy over one pass; accuracy is null when the loss has no accuracy (regression). */
export interface Metrics {
  loss: number;
  accuracy: number | null;
}

export interface StartedEvent {
  type: 'started';
  runId: string;
  /** The folder holding run.json and checkpoints. */
  runDir: string;
  engine: EngineName;
  /** For people: "fastcpu (WebAssembly SIMD, 2 threads)", "tfjs-node-gpu (NVIDIA T4)". */
  engineLabel: string;
  /** Present when the GPU is not used (or to confirm it is). */
  gpuDoctor?: GpuDoctorReport;
  memoryEstimate: MemoryEstimate;
  samples: { train: number; validation: number; test: number };
  classes: string[];
  /** Sample shape fed to the model, without batch. */
  inputShape: number[];
  loss: LossName;
  lossReason: string;
  settings: TrainSettings;
  /** The first epoch this run trains (greater than 1 when resuming). */
  startEpoch: number;
  epochs: number;
  batchesPerEpoch: number;
  params: { total: number; trainable: number; nonTrainable: number };
  /** Things the person should know before trusting the run (loss vs output, memory, ...). */
  warnings: string[];
}

/** Data loading progress before training starts (images read so far of `total`), throttled. */
export interface LoadingEvent {
  type: 'loading';
  runId: string;
  /** Which data: the training set or the separate test set. */
  role: 'training' | 'test';
  done: number;
  total: number;
}

/** Transfer learning: which layers received weights from `source`. */
export interface WeightsLoadedEvent {
  type: 'weights';
  runId: string;
  source: string;
  matched: string[];
  skipped: { layer: string; reason: string }[];
}

/** Batch progress, throttled (at most about 10 per second, plus the last batch of an epoch). */
export interface BatchEvent {
  type: 'batch';
  runId: string;
  epoch: number;
  batch: number;
  batches: number;
  /** Loss and accuracy of this batch (not averaged). */
  loss: number;
  acc: number | null;
}

export interface EpochEvent {
  type: 'epoch';
  runId: string;
  epoch: number;
  epochs: number;
  /** Means over the epoch's training batches, weighted by batch size. */
  loss: number;
  accuracy: number | null;
  /** Null when there is no validation data. */
  val_loss: number | null;
  val_accuracy: number | null;
  samplesPerSecond: number;
  /** Seconds left for the remaining epochs at this epoch's pace. */
  etaSeconds: number;
  seconds: number;
}

export interface CheckpointEvent {
  type: 'checkpoint';
  runId: string;
  epoch: number;
  /** The model.json of the checkpoint. */
  path: string;
}

export interface EvaluatedEvent {
  type: 'evaluated';
  runId: string;
  /** Which data: the separate test set, or the validation split when there is none. */
  on: 'test' | 'validation' | 'data';
  samples: number;
  loss: number;
  accuracy: number | null;
  classes: string[];
  /** confusion[true][predicted] counts. */
  confusion: number[][];
}

export interface Prediction {
  /** The image file (or "sample 3"). */
  source: string;
  probabilities: number[];
  top: { index: number; label: string; probability: number };
}

export interface PredictedEvent {
  type: 'predicted';
  runId: string;
  classes: string[];
  predictions: Prediction[];
}

/** Free-form notes for the log (augmentation off, resumed from epoch 3, ...). */
export interface LogEvent {
  type: 'log';
  runId: string;
  level: 'info' | 'warning';
  message: string;
}

export interface DoneEvent {
  type: 'done';
  runId: string;
  /** Every epoch event of the run, in order (including those before a resume). */
  history: EpochEvent[];
  /** The last epoch's metrics (null values when no epoch finished). */
  final: { loss: number | null; accuracy: number | null; val_loss: number | null; val_accuracy: number | null };
  /** Epochs completed in total. */
  epochs: number;
  stoppedEarly: boolean;
  /** True when the person pressed Stop. */
  stopped: boolean;
  /** When stopped: the last batch that was trained (Stop ends the run after the batch in progress). */
  stoppedAt?: { epoch: number; batch: number };
  samplesPerSecond: number;
  seconds: number;
  engine: EngineName;
}

export interface ErrorEvent {
  type: 'error';
  runId: string;
  code: TrainErrorCode;
  message: string;
  epoch?: number;
  batch?: number;
}

export type TrainEvent =
  | LoadingEvent
  | StartedEvent
  | WeightsLoadedEvent
  | BatchEvent
  | EpochEvent
  | CheckpointEvent
  | EvaluatedEvent
  | PredictedEvent
  | LogEvent
  | DoneEvent
  | ErrorEvent;

export type TrainEventType = TrainEvent['type'];

/** A distributive Omit, so `emit({ type: 'batch', ... })` without runId type-checks per member. */
export type WithoutRunId<E> = E extends unknown ? Omit<E, 'runId'> : never;

/** True for the events that end a run. */
export function isFinal(event: TrainEvent): event is DoneEvent | ErrorEvent {
  return event.type === 'done' || event.type === 'error';
}

/**
 * Lets batch and loading-progress events through at most every `intervalMs` each (the first and
 * last batch of an epoch and the end of loading always pass: the hang watchdog times the first
 * batch, and progress ends at 100%). Other events always pass. `now` is injectable for tests.
 */
export function batchThrottle(intervalMs = 100, now: () => number = Date.now): (event: TrainEvent) => boolean {
  const last = { batch: -Infinity, loading: -Infinity };
  return (event) => {
    if (event.type !== 'batch' && event.type !== 'loading') return true;
    const t = now();
    const always = event.type === 'batch' ? event.batch === 1 || event.batch === event.batches : event.done === event.total;
    if (always || t - last[event.type] >= intervalMs) {
      last[event.type] = t;
      return true;
    }
    return false;
  };
}
