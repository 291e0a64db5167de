/**
 * The plain-vs-residual experiment: the same 20-layer stack with and without shortcuts
 * (templates/plain_deep.json, templates/residual_deep.json), trained one after the other on the
 * same data with the same settings and seed through the trainer supervisor, each run kept on
 * disk, so their curves can be overlaid. The input shape and class count follow the data.
 */
import { join } from 'node:path';
import type { TemplateFile } from '../../shared/templates/format.ts';
import { expandTemplate } from '../../shared/templates/expand.ts';
import type { ParamValues } from '../../shared/templates/params.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import type { DoneEvent, EpochEvent, ErrorEvent, EvaluatedEvent, TrainEvent } from '../../shared/train/events.ts';
import { runIdFromDate, type DataSpecInput, type TrainRequestInput } from '../../shared/train/request.ts';
import { TrainSettingsSchema, type TrainSettingsInput } from '../../shared/train/settings.ts';
import { loadDataset, type Dataset, type DataSpec } from '../trainer/data/index.ts';
import { TrainerSupervisor } from '../trainer/supervisor.ts';
import { loadTemplateLibrary } from '../templates.ts';

export const VARIANTS = [
  { variant: 'plain', template: 'plain_deep' },
  { variant: 'residual', template: 'residual_deep' },
] as const;
export type Variant = (typeof VARIANTS)[number]['variant'];

export interface PlainVsResidualOptions {
  data: DataSpecInput;
  testData?: DataSpecInput;
  /** Folder of runs; each variant becomes <runsDir>/<runId>. */
  runsDir: string;
  /** Training settings shared by both runs (defaults: 5 epochs, Adam 0.001, batch 32, seed 42). */
  settings?: TrainSettingsInput;
  /** Template parameters for both (input, classes, filters); input and classes default to the data's. */
  params?: ParamValues;
  /** Run ids are `<prefix>-plain` and `<prefix>-residual` (default: the date). */
  runIdPrefix?: string;
  /** Every event of either run, tagged with its variant. */
  onEvent?: (variant: Variant, event: TrainEvent) => void;
  signal?: AbortSignal;
  /** The supervisor to start runs with (the app passes its own; default: a forking one). */
  supervisor?: TrainerSupervisor;
  /** The template library (the app passes the one from its templates/ folder; default: beside the sources). */
  library?: ReadonlyMap<string, TemplateFile>;
}

export interface ExperimentRun {
  variant: Variant;
  template: string;
  runId: string;
  runDir: string;
  status: 'done' | 'stopped' | 'error';
  /** Weights and multiply-adds of the graph as trained. */
  params: { total: number; trainable: number; macs: number };
  layers: number;
  /** One entry per finished epoch: loss, accuracy, val_loss, val_accuracy, seconds... */
  curves: Omit<EpochEvent, 'type' | 'runId'>[];
  final: DoneEvent['final'] | null;
  evaluated?: Omit<EvaluatedEvent, 'type' | 'runId'>;
  error?: { code: string; message: string };
}

export interface PlainVsResidualResult {
  params: ParamValues;
  settings: ReturnType<typeof TrainSettingsSchema.parse>;
  runs: [ExperimentRun, ExperimentRun];
}

/** Largest side the experiment trains at; bigger images are resized down to it. */
const MAX_SIDE = 64;

/** Template parameters that fit a dataset: its image size (at most 64x64) and class count. */
export function paramsForData(dataset: Pick<Dataset, 'shape' | 'classes'>): ParamValues {
  const [h, w, c] = dataset.shape;
  const scale = Math.min(1, MAX_SIDE / Math.max(h, w));
  return { input: [Math.max(8, Math.round(h * scale)), Math.max(8, Math.round(w * scale)), c], classes: Math.max(2, dataset.classes.length) };
}

/** Expands both templates with `params`; throws an Error naming the template on failure. */
export function experimentProjects(params: ParamValues, library: ReadonlyMap<string, TemplateFile> = loadTemplateLibrary().templates): { variant: Variant; template: string; project: Record<string, unknown> }[] {
  return VARIANTS.map(({ variant, template }) => {
    const t = library.get(template);
    if (!t) throw new Error(`the template ${template}.json is missing from the template library`);
    const r = expandTemplate(t, params, library);
    if (!r.ok) throw new Error(r.message);
    return { variant, template, project: r.project as unknown as Record<string, unknown> };
  });
}

/** Trains the plain and the residual network in turn; resolves with both runs and their curves. */
export async function runPlainVsResidual(options: PlainVsResidualOptions): Promise<PlainVsResidualResult> {
  const settings = TrainSettingsSchema.parse({ epochs: 5, ...(options.settings ?? {}) });
  let params = options.params ?? {};
  if (params.input === undefined || params.classes === undefined) {
    // Peek at the data once for its image shape and classes (the trainer loads it again per run).
    const peek = await loadDataset(options.data as DataSpec, { limit: 1, ...(options.signal ? { signal: options.signal } : {}) });
    params = { ...paramsForData(peek), ...params };
  }
  const projects = experimentProjects(params, options.library);
  const supervisor = options.supervisor ?? new TrainerSupervisor();
  const prefix = options.runIdPrefix ?? runIdFromDate(new Date());
  const runs: ExperimentRun[] = [];
  for (const { variant, template, project } of projects) {
    const runId = `${prefix}-${variant}`;
    const analysis = analyzeGraph(project as never);
    const run: ExperimentRun = {
      variant,
      template,
      runId,
      runDir: join(options.runsDir, runId),
      status: 'error',
      params: { total: analysis.totals.total, trainable: analysis.totals.trainable, macs: analysis.totals.macs },
      layers: analysis.order.length,
      curves: [],
      final: null,
    };
    runs.push(run);
    if (options.signal?.aborted) {
      run.status = 'stopped';
      continue;
    }
    const request: TrainRequestInput = { type: 'train', runId, runsDir: options.runsDir, project, data: options.data, ...(options.testData ? { testData: options.testData } : {}), settings };
    const job = supervisor.start(request, (e) => {
      if (e.type === 'started') run.runDir = e.runDir;
      if (e.type === 'epoch') {
        const { type: _t, runId: _r, ...rest } = e;
        run.curves.push(rest);
      }
      if (e.type === 'evaluated') {
        const { type: _t, runId: _r, ...rest } = e;
        run.evaluated = rest;
      }
      options.onEvent?.(variant, e);
    });
    const onAbort = () => job.stop();
    options.signal?.addEventListener('abort', onAbort);
    let final: DoneEvent | ErrorEvent;
    try {
      final = await job.done;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    if (final.type === 'error') run.error = { code: final.code, message: final.message };
    else {
      run.status = final.stopped ? 'stopped' : 'done';
      run.final = final.final;
    }
  }
  return { params, settings, runs: [runs[0]!, runs[1]!] };
}

/** A compact JSON-able summary: per variant, the final metrics and the accuracy curve. */
export function experimentSummary(result: PlainVsResidualResult): Record<string, unknown> {
  const per = (r: ExperimentRun) => ({
    status: r.status,
    run_id: r.runId,
    run_dir: r.runDir,
    params: r.params.total,
    macs: r.params.macs,
    epochs: r.curves.length,
    loss: r.final?.loss ?? null,
    accuracy: r.final?.accuracy ?? null,
    val_loss: r.final?.val_loss ?? null,
    val_accuracy: r.final?.val_accuracy ?? null,
    test_accuracy: r.evaluated?.on === 'test' ? r.evaluated.accuracy : null,
    curve: { loss: r.curves.map((c) => c.loss), accuracy: r.curves.map((c) => c.accuracy), val_loss: r.curves.map((c) => c.val_loss), val_accuracy: r.curves.map((c) => c.val_accuracy) },
    ...(r.error ? { error: r.error } : {}),
  });
  return { experiment: 'plain-vs-residual', input: result.params.input, classes: result.params.classes, settings: { epochs: result.settings.epochs, batchSize: result.settings.batchSize, optimizer: result.settings.optimizer, learningRate: result.settings.learningRate, seed: result.settings.seed }, plain: per(result.runs[0]), residual: per(result.runs[1]) };
}
