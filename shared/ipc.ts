/**
 * The one typed bridge between the UI and the backend. Each request channel has a zod schema
 * for its payload (the backend validates every payload with it) and a response type. The
 * Electron preload exposes exactly `NetwrightApi`; browser mode carries the same calls over a
 * WebSocket. Channels are contracts: add, never rename.
 */
import { z } from 'zod';
import type { Project } from './graph/schema.ts';
import type { Prediction, TrainEvent } from './train/events.ts';
import { DataSpecSchema } from './train/request.ts';
import { EnsembleRequestSchema, MultiCropRequestSchema, type EvaluationReply } from './train/evaluation.ts';
import { LOSSES, TrainSettingsSchema } from './train/settings.ts';
import { CODE_REQUESTS, type CodeApplyResult, type CodeGenerateResult, type CodeSaveResult } from './ipcCode.ts';

const path = z.string().min(1).max(4096);
/** Projects cross the bridge as plain objects; the backend re-validates them with ProjectSchema. */
const projectPayload = z.record(z.string(), z.unknown());
/** What the data checks need to know about the model: its input (no batch), output units and loss. */
const modelInfo = z.object({
  inputShape: z.array(z.number().int().min(0).max(1 << 20)).max(8),
  units: z.number().int().min(1).max(1 << 24),
  loss: z.enum(LOSSES),
});

/** Request payload schemas, one per channel. */
export const REQUESTS = {
  /** Version, mode (electron | browser), platform, and why Electron is not used where it is not. */
  'app:info': z.object({}),
  /** The templates under templates/ (id, name, description, kind: network | block). */
  'templates:list': z.object({}),
  /** A template expanded to a project, with optional template parameters (input shape, classes, ...). */
  'templates:load': z.object({ id: z.string().min(1).max(200), params: z.record(z.string(), z.unknown()).optional() }),
  /** Open a project: with `path`, that file; without, ask the user (native dialog in Electron). */
  'project:open': z.object({ path: path.optional() }),
  /** Save atomically. Without `path` (or with saveAs) ask the user where. */
  'project:save': z.object({ project: projectPayload, path: path.optional(), saveAs: z.boolean().optional() }),
  'project:recent': z.object({}),
  /**
   * Import a saved model (Keras model.to_json(), tfjs model.json with its weights, Keras .h5) as a
   * new unsaved project: with `path`, that file; without, ask the user (native dialog in Electron).
   */
  'project:import': z.object({ path: path.optional() }),
  /** Journal of unsaved edits (null clears it after a save or a discard). */
  'recovery:write': z.object({ project: projectPayload.nullable(), path: path.nullable().optional() }),
  'recovery:read': z.object({}),
  /** Lists a folder, for the in-app file dialog of browser mode. */
  'fs:list': z.object({ path: path.optional() }),
  /** The UI reports unsaved work; the Electron window then asks it before closing (close-requested). */
  'app:set-dirty': z.object({ dirty: z.boolean() }),
  /** The UI's answer to 'close-requested': the person chose to close (after saving or discarding). */
  'app:confirm-close': z.object({}),
  /**
   * Draw the graph (or the selected layers, with their outside inputs) as SVG or PNG, by the
   * extension of `path`. Without `path`, ask where (native dialog; `format` picks its suggestion).
   */
  'diagram:export': z.object({
    project: projectPayload,
    path: path.optional(),
    format: z.enum(['svg', 'png']).optional(),
    groups: z.enum(['collapsed', 'expanded']).default('expanded'),
    theme: z.enum(['light', 'dark']).default('light'),
    /** Layer (or group) ids; the whole graph when absent or empty. */
    selection: z.array(z.string().min(1).max(200)).max(100_000).optional(),
    /** PNG pixels per diagram unit (default 2; lowered for very large diagrams). */
    scale: z.number().min(0.25).max(8).optional(),
  }),

  /** Start training `project` on `data` in a trainer process; events arrive as { type: 'train' }. One run at a time. */
  'train:start': z.object({
    project: projectPayload,
    data: DataSpecSchema,
    /** A separate test set, evaluated at the end (confusion matrix). */
    testData: DataSpecSchema.optional(),
    settings: TrainSettingsSchema.optional(),
    /** Transfer learning: a run folder or model.json whose weights go into matching layers. */
    initialWeights: z.object({ path }).optional(),
    /** Continue the kept run `runId` in its own folder from its last checkpoint (the optimizer state restarts). */
    resume: z.object({ runId: z.string().regex(/^[A-Za-z0-9_.-]{1,120}$/, 'a run id (letters, digits, _ . -)') }).optional(),
  }),
  /** The weights (Keras names and shapes) of a kept run's last checkpoint or of a tfjs model.json, for the transfer preview. */
  'train:weights-source': z.union([z.object({ runId: z.string().min(1).max(200) }), z.object({ path })]),
  /** Ask the running run to stop after the batch in progress. */
  'train:stop': z.object({ runId: z.string().min(1).max(200) }),
  /** Every kept run (newest first) and the one training now. */
  'train:runs': z.object({}),
  /** One kept run with its curves, evaluation, settings and graph. */
  'train:run': z.object({ id: z.string().min(1).max(200) }),
  /** Classes, counts, shape, a sample grid per class and problems against the model, before training. */
  'data:describe': z.object({ data: DataSpecSchema, model: modelInfo.optional(), perClass: z.number().int().min(1).max(32).optional() }),
  /** Augmented versions of one training image, for the preview gallery. */
  'data:augment-preview': z.object({
    data: DataSpecSchema,
    model: modelInfo.optional(),
    augmentation: z.record(z.string(), z.unknown()),
    index: z.number().int().min(0).optional(),
    count: z.number().int().min(1).max(32).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  }),
  /** Class probabilities of one image (JPEG/PNG bytes, base64) under a run's last checkpoint. */
  'train:predict': z.object({ runId: z.string().min(1).max(200), image: z.string().min(1).max(48 * 1024 * 1024), name: z.string().max(300).optional() }),
  /** The engine training will use and the GPU doctor's verdict; machine memory for the estimate. */
  'engine:info': z.object({}),
  /**
   * Builds the tensorflow engine (the tfjs-node binding on the person's TensorFlow) into the user
   * data folder: TensorFlow of the interpreter `python` names, else the first python3/python with
   * it. Progress comes as { type: 'engine-build' } events.
   */
  'engine:build': z.object({ python: z.string().min(1).max(4096).optional() }),
  /**
   * A one-click experiment: plain-vs-residual trains templates plain_deep and residual_deep on `data`
   * one after the other (same settings and seed) with the trainer train:start uses: one thing trains
   * at a time. Each run's events come as { type: 'train' }, the whole as { type: 'experiment' }.
   */
  'experiment:start': z.object({
    kind: z.literal('plain-vs-residual'),
    data: DataSpecSchema,
    testData: DataSpecSchema.optional(),
    settings: TrainSettingsSchema.optional(),
    /** Filters of the three stages (default 16, 32, 64 as in the paper; smaller trains faster). */
    params: z.object({ filters: z.array(z.number().int().min(1).max(1024)).length(3).optional() }).optional(),
  }),
  /** Stop the experiment training now (its run in progress stops after the batch; the next is not started). */
  'experiment:stop': z.object({ experimentId: z.string().min(1).max(200) }),
  /** Every kept experiment (newest first) and the one training now. */
  'experiment:list': z.object({}),
  /** Average the class probabilities of 2-10 kept runs on `data` (default: their test data); in an evaluation process. */
  'evaluate:ensemble': EnsembleRequestSchema,
  /** 10-crop testing of one kept run (four corners, centre, and their mirrors) beside one pass. */
  'evaluate:multicrop': MultiCropRequestSchema,
  /** Stop the evaluation in progress (its process is ended). */
  'evaluate:stop': z.object({}),
  /** The data an evaluation of 1-10 kept runs would use (`data`, default their test data): name, count, shape, classes, mismatches with the runs. */
  'evaluate:data': z.object({ runIds: z.array(z.string().min(1).max(200)).min(1).max(10), data: DataSpecSchema.optional() }),

  /** The code panel: generate, apply back, save, export with trained weights (shared/ipcCode.ts). */
  ...CODE_REQUESTS,
} as const;


export type Channel = keyof typeof REQUESTS;
export type RequestOf<C extends Channel> = z.input<(typeof REQUESTS)[C]>;

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  platform: string;
  /** Present in browser mode: why the Electron window is not used. */
  fallbackReason?: string;
}

export interface TemplateInfo {
  id: string;
  name: string;
  /** The architecture's idea in a few lines. */
  description: string;
  /** Where it comes from: paper (authors, venue, arXiv id), course or Keras application. */
  source: string;
  kind: 'network' | 'block';
  /** Template parameters with their defaults, e.g. { input: [64, 64, 3], classes: 6 }. */
  params: Record<string, unknown>;
}

export type OpenResult =
  | { ok: true; path: string; project: Project; migrated: string[] }
  | { ok: false; path?: string; message: string }
  | { ok: false; cancelled: true };

/** A written diagram: where, its format, pixel size (SVG: user units), cards drawn and file size. */
export type DiagramExportResult =
  | { ok: true; path: string; format: 'svg' | 'png'; width: number; height: number; boxes: number; bytes: number; scale?: number }
  | { ok: false; message: string }
  | { ok: false; cancelled: true };

/**
 * An imported model: the project (architecture only: a project file holds no weights), the file
 * read, its format, whether the file carried weights, and settings the project does not keep.
 * A refusal names the file and the place inside it (`path`) and says what to do.
 */
export type ImportModelResult =
  | { ok: true; project: Project; source: string; format: 'keras-json' | 'tfjs' | 'keras-h5' | 'keras-v3'; weights: boolean; warnings: string[] }
  | { ok: false; path?: string; message: string }
  | { ok: false; cancelled: true };

export type SaveResult = { ok: true; path: string } | { ok: false; message: string } | { ok: false; cancelled: true };

export interface Recovery {
  project: Project;
  /** The file the unsaved edits belong to, if it had been saved before. */
  path: string | null;
  savedAt: string;
}

export interface DirEntry {
  name: string;
  path: string;
  dir: boolean;
}

export type { RunStatusName, RunListEntry, RunDetail, WeightsSourceReply, DataDescription, EngineInfo, ExperimentVariant, ExperimentRunEntry, ExperimentRecord } from './ipcTraining.ts';
import type { RunStatusName, RunListEntry, RunDetail, WeightsSourceReply, DataDescription, EngineInfo, ExperimentVariant, ExperimentRunEntry, ExperimentRecord } from './ipcTraining.ts';
export type { EvaluationDataReply } from './ipcTraining.ts';
export type { CodeApplyResult, CodeChanges, CodeGenerateResult, CodeLang, CodeMarker, CodeOptions, CodeSaveResult, CodeStatement } from './ipcCode.ts';
import type { EvaluationDataReply } from './ipcTraining.ts';

/** What each channel answers. */
export interface Responses {
  'app:info': AppInfo;
  'templates:list': TemplateInfo[];
  'templates:load': { ok: true; project: Project } | { ok: false; message: string };
  'project:open': OpenResult;
  'project:save': SaveResult;
  'project:recent': string[];
  'project:import': ImportModelResult;
  'recovery:write': { ok: true };
  'recovery:read': Recovery | null;
  'fs:list': { path: string; parent: string | null; entries: DirEntry[] } | { ok: false; message: string };
  'app:set-dirty': { ok: true };
  'app:confirm-close': { ok: true };
  'diagram:export': DiagramExportResult;
  'train:start': { ok: true; runId: string } | { ok: false; message: string };
  'train:stop': { ok: true } | { ok: false; message: string };
  'train:runs': { runs: RunListEntry[]; active: string | null };
  'train:run': RunDetail;
  'train:weights-source': WeightsSourceReply;
  'data:describe': DataDescription;
  'data:augment-preview': { index: number; original: string; images: string[] };
  'train:predict': { ok: true; classes: string[]; prediction: Prediction } | { ok: false; message: string };
  'engine:info': EngineInfo;
  'engine:build': { ok: true; tensorflow: string; seconds: number } | { ok: false; message: string };
  'experiment:start': { ok: true; experimentId: string; runIds: Record<ExperimentVariant, string> } | { ok: false; message: string };
  'experiment:stop': { ok: true } | { ok: false; message: string };
  'experiment:list': { experiments: ExperimentRecord[]; active: string | null };
  'evaluate:ensemble': EvaluationReply;
  'evaluate:multicrop': EvaluationReply;
  'evaluate:stop': { ok: true } | { ok: false; message: string };
  'evaluate:data': EvaluationDataReply;
  'code:generate': CodeGenerateResult;
  'code:apply': CodeApplyResult;
  'code:save': CodeSaveResult;
  'code:export-trained': CodeSaveResult;
}

/** Events the backend pushes to the UI. */
export type BackendEvent =
  /** A menu item was chosen in the Electron window (new, open, save, undo, ...). */
  | { type: 'menu'; command: MenuCommand }
  /**
   * The window is about to close and the UI said it has unsaved work ('app:set-dirty'); the UI
   * asks the person and calls 'app:confirm-close' to let the window close.
   */
  | { type: 'close-requested' }
  /** Everything a training run reports (started, batch, epoch, evaluated, done, error, ...). */
  | { type: 'train'; event: TrainEvent }
  /** An experiment started, one of its networks started or finished, or the whole is over (with both results). */
  | { type: 'experiment'; phase: 'started' | 'variant-started' | 'variant-finished' | 'done'; variant?: ExperimentVariant; experiment: ExperimentRecord }
  /** One progress line of an 'engine:build' (checking the compiler, installing, compiling, built). */
  | { type: 'engine-build'; line: string };

export type { MenuCommand } from './menuCommands.ts';
import type { MenuCommand } from './menuCommands.ts';

/** The API the renderer sees: one async function per channel, plus an event subscription. */
export type NetwrightApi = {
  [C in Channel]: (request: RequestOf<C>) => Promise<Responses[C]>;
} & {
  onEvent(listener: (event: BackendEvent) => void): () => void;
};

/** Handlers the backend implements: a missing one is a compile error. */
export type Handlers = {
  [C in Channel]: (request: z.output<(typeof REQUESTS)[C]>) => Promise<Responses[C]>;
};

/** Validates a payload for `channel`; returns a message naming the field on failure. */
export function parseRequest<C extends Channel>(
  channel: C,
  payload: unknown,
): { ok: true; value: z.output<(typeof REQUESTS)[C]> } | { ok: false; message: string } {
  if (!Object.hasOwn(REQUESTS, channel)) return { ok: false, message: `unknown channel "${String(channel)}"` };
  const parsed = REQUESTS[channel].safeParse(payload ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as z.output<(typeof REQUESTS)[C]> };
  const issue = parsed.error.issues[0]!;
  return { ok: false, message: `${channel}: ${issue.path.join('.') || 'payload'}: ${issue.message}` };
}

export const CHANNELS = Object.keys(REQUESTS) as Channel[];

export type { WireEvent, WireRequest, WireResponse } from './ipcWire.ts';
