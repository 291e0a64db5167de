/**
 * What the training side of the bridge answers (shared/ipc.ts names the channels): kept runs and
 * their details, a dataset as the data view shows it, the engine, initial-weights sources, and the
 * plain-vs-residual experiment records. Re-exported by shared/ipc.ts, the one place to import from.
 */
import type { EngineName, EpochEvent, ErrorEvent, EvaluatedEvent, GpuDoctorReport, WeightsLoadedEvent } from './train/events.ts';
import type { DataSpecInput } from './train/request.ts';
import type { WeightSpec } from './train/weightMatch.ts';

export type RunStatusName = 'running' | 'done' | 'stopped' | 'error' | 'crashed';

/** One kept training run, as the runs list shows it. */
export interface RunListEntry {
  id: string;
  createdAt: string;
  status: RunStatusName;
  /** The project's name. */
  name: string;
  epochs: number;
  val_accuracy: number | null;
  accuracy: number | null;
  engine?: EngineName;
}

/** A kept run with what the UI draws: curves, evaluation, outcome (run.json is electron/trainer/runs.ts RunRecord, which extends it). */
export interface RunDetail {
  id: string;
  createdAt: string;
  status: RunStatusName;
  /** The graph as trained. */
  project: Record<string, unknown>;
  settings: Record<string, unknown>;
  data: DataSpecInput;
  engine?: EngineName;
  engineLabel?: string;
  samples?: { train: number; validation: number; test: number };
  classes?: string[];
  loss?: string;
  /** One entry per finished epoch, in order. */
  curves: Omit<EpochEvent, 'type' | 'runId'>[];
  evaluated?: Omit<EvaluatedEvent, 'type' | 'runId'>;
  final?: { loss: number | null; accuracy: number | null; val_loss: number | null; val_accuracy: number | null; samplesPerSecond: number; seconds: number };
  stoppedEarly?: boolean;
  error?: Omit<ErrorEvent, 'type' | 'runId'>;
  warnings?: string[];
  /** Transfer learning: the initial weights and which layers took them (kept across a resume). */
  weights?: Omit<WeightsLoadedEvent, 'type' | 'runId'>;
}

/** A saved model offered as initial weights: its model.json (what train:start's initialWeights takes) and its weights. */
export type WeightsSourceReply =
  | { ok: true; modelJson: string; label: string; weights: WeightSpec[]; classes?: string[]; epoch?: number }
  | { ok: false; message: string };

/** A dataset as the data view shows it. */
export interface DataDescription {
  name: string;
  source: string;
  count: number;
  /** H, W, C of the images as the model will see them. */
  shape: [number, number, number];
  classes: string[];
  /** Images per class, index = label. */
  counts: number[];
  /** PNG data URL: one row of `perClass` samples per class, in class order. */
  grid: string;
  perClass: number;
  /** Problems with this data for the model (image size, class count, empty classes). */
  problems: { code: string; severity: 'error' | 'warning'; message: string; file: string }[];
  /** The source has a separate test part (built-in MNIST, course .h5 test_* sets). */
  testSplit: boolean;
}

export interface EngineInfo {
  engine: EngineName;
  /** e.g. "Fast CPU (wasm SIMD, 2 threads)". */
  label: string;
  /** True once a run has reported the engine it really loaded; false for the forecast before. */
  confirmed: boolean;
  gpuDoctor: GpuDoctorReport;
  memory: { totalBytes: number; freeBytes: number };
  /** The tensorflow engine: built (then `auto` trains on it) or not, and its folder. */
  tensorflow: { built: boolean; dir: string; source?: string };
}

export type ExperimentVariant = 'plain' | 'residual';

/** One network of an experiment: its run (the curves live in the run), size and outcome. */
export interface ExperimentRunEntry {
  variant: ExperimentVariant;
  template: string;
  /** The network's name, e.g. PlainNet20. */
  name: string;
  runId: string;
  status: 'waiting' | 'running' | 'done' | 'stopped' | 'error';
  layers: number;
  /** Weights and multiply-adds per sample of the graph as trained. */
  params: { total: number; trainable: number; macs: number };
  final: { loss: number | null; accuracy: number | null; val_loss: number | null; val_accuracy: number | null } | null;
  testAccuracy: number | null;
  error?: { code: string; message: string };
}

/** A kept experiment: <user data>/runs/experiments/<id>.json (electron/backend/experiment.ts). */
export interface ExperimentRecord {
  id: string;
  kind: 'plain-vs-residual';
  createdAt: string;
  status: 'running' | 'done' | 'stopped' | 'error' | 'crashed';
  data: DataSpecInput;
  /** The training settings both runs used. */
  settings: Record<string, unknown>;
  /** Template parameters of both networks: input, classes, filters. */
  params: Record<string, unknown>;
  runs: [ExperimentRunEntry, ExperimentRunEntry];
  /** Why the experiment as a whole failed (e.g. its networks could not be built). */
  error?: string;
}

/**
 * What 'evaluate:data' answers: the data an evaluation of the ticked runs would use (the chosen
 * data, or the runs' own test data when none is chosen), what it holds as stored, and every way it
 * does not fit the runs (input shape, number of classes), each a sentence naming the data and the
 * run. Evaluations refuse data with problems; notes are said but do not stop anything.
 */
export type EvaluationDataReply =
  | {
      ok: true;
      data: DataSpecInput;
      /** True when no data was chosen: the runs' own test data. */
      own: boolean;
      /** The data in words ("built-in MNIST, test split", "x.npy + y.npy") and where it is. */
      label: string;
      source: string;
      count: number;
      /** H, W, C of the images as stored (image files: the first image decoded). */
      shape: [number, number, number];
      classes: string[];
      /** What the runs take and predict (the first run; an ensemble's runs agree). */
      runs: { inputShape: number[]; classes: string[] };
      problems: string[];
      notes: string[];
      /** Sample images for the data view (as data:describe draws them): a row of `perClass` per class, and images per class. */
      preview: Pick<DataDescription, 'grid' | 'perClass' | 'counts'>;
    }
  | { ok: false; message: string };
