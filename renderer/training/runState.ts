/**
 * What the results side shows about one run, whether it is training now (built from the event
 * stream by `applyEvent`) or kept on disk (built from run.json by `fromRecord`): curves per epoch,
 * batch-level points, progress, evaluation and outcome. Pure functions, so the panel only draws.
 */
import type { RunDetail } from '../../shared/ipc.ts';
import type { BatchEvent, DoneEvent, EpochEvent, ErrorEvent, EvaluatedEvent, LogEvent, StartedEvent, TrainEvent } from '../../shared/train/events.ts';

/** One epoch's numbers as curves draw them. */
export type EpochPoint = Pick<EpochEvent, 'epoch' | 'loss' | 'accuracy' | 'val_loss' | 'val_accuracy' | 'samplesPerSecond' | 'etaSeconds' | 'seconds'>;

/** One reported batch, placed on the epoch axis (epoch 1, batch 5 of 10 is at 0.5). */
export interface BatchPoint {
  x: number;
  loss: number;
  acc: number | null;
}

/** What a run said when it started (kept runs know fewer of these). */
export type RunInfo = Pick<StartedEvent, 'engine' | 'engineLabel' | 'samples' | 'classes' | 'loss' | 'lossReason' | 'epochs' | 'batchesPerEpoch' | 'warnings'> &
  Partial<Pick<StartedEvent, 'memoryEstimate' | 'params'>> & { settings: Record<string, unknown> };

const MAX_BATCH_POINTS = 4000;

export type RunPhase = 'loading' | 'training' | 'stopping' | 'done' | 'stopped' | 'error';

export interface RunView {
  runId: string;
  /** The project's name (past runs) or the model being trained. */
  name: string;
  live: boolean;
  phase: RunPhase;
  loading?: { role: 'training' | 'test'; done: number; total: number };
  started?: RunInfo;
  lastBatch?: BatchEvent;
  batches: BatchPoint[];
  epochs: EpochPoint[];
  evaluated?: Omit<EvaluatedEvent, 'type' | 'runId'>;
  done?: Pick<DoneEvent, 'stopped' | 'stoppedEarly' | 'stoppedAt' | 'samplesPerSecond' | 'seconds' | 'final'>;
  error?: Omit<ErrorEvent, 'type' | 'runId'>;
  logs: Omit<LogEvent, 'type' | 'runId'>[];
  /** Date.now() when the first batch of the run was reported (for the ETA before epoch 1 ends). */
  firstBatchAt?: number;
  /** Date.now() of the last event. */
  updatedAt: number;
}

/** A run that has just been asked to start (before its first event). */
export function newRun(runId: string, name: string, now = Date.now()): RunView {
  return { runId, name, live: true, phase: 'loading', batches: [], epochs: [], logs: [], updatedAt: now };
}

/** Folds one event of the run into its view. Events of other runs leave it unchanged. */
export function applyEvent(run: RunView, event: TrainEvent, now = Date.now()): RunView {
  if (event.runId !== run.runId) return run;
  const next: RunView = { ...run, updatedAt: now };
  switch (event.type) {
    case 'loading':
      return { ...next, loading: { role: event.role, done: event.done, total: event.total } };
    case 'started': {
      const { type: _t, runId: _r, runDir: _d, gpuDoctor: _g, inputShape: _i, startEpoch: _s, ...rest } = event;
      return { ...next, phase: run.phase === 'stopping' ? 'stopping' : 'training', started: rest };
    }
    case 'batch': {
      const x = event.epoch - 1 + event.batch / event.batches;
      // Long runs: keep the chart light by thinning old batch points to every other one.
      const kept = run.batches.length >= MAX_BATCH_POINTS ? run.batches.filter((_, i) => i % 2 === 0) : run.batches;
      return {
        ...next,
        lastBatch: event,
        batches: [...kept, { x, loss: event.loss, acc: event.acc }],
        firstBatchAt: run.firstBatchAt ?? now,
      };
    }
    case 'epoch': {
      const { type: _t, runId: _r, epochs: _e, ...point } = event;
      return { ...next, epochs: [...run.epochs.filter((e) => e.epoch !== event.epoch), point] };
    }
    case 'evaluated': {
      const { type: _t, runId: _r, ...rest } = event;
      return { ...next, evaluated: rest };
    }
    case 'log': {
      const { type: _t, runId: _r, ...rest } = event;
      return { ...next, logs: [...run.logs, rest] };
    }
    case 'done': {
      const { stopped, stoppedEarly, stoppedAt, samplesPerSecond, seconds, final } = event;
      return { ...next, phase: stopped ? 'stopped' : 'done', done: { stopped, stoppedEarly, ...(stoppedAt ? { stoppedAt } : {}), samplesPerSecond, seconds, final } };
    }
    case 'error': {
      const { type: _t, runId: _r, ...rest } = event;
      return { ...next, phase: 'error', error: rest };
    }
    default:
      return next;
  }
}

/** A kept run (run.json) as a view: epochs only, no batch points. */
export function fromRecord(record: RunDetail): RunView {
  const phase: RunPhase = record.status === 'running' ? 'training' : record.status === 'stopped' ? 'stopped' : record.status === 'done' ? 'done' : 'error';
  const name = typeof record.project.name === 'string' ? record.project.name : 'model';
  const settings = record.settings;
  return {
    runId: record.id,
    name,
    live: false,
    phase,
    ...(record.engine
      ? {
          started: {
            engine: record.engine,
            engineLabel: record.engineLabel ?? record.engine,
            samples: record.samples ?? { train: 0, validation: 0, test: 0 },
            classes: record.classes ?? [],
            loss: (record.loss ?? 'categoricalCrossentropy') as StartedEvent['loss'],
            lossReason: '',
            epochs: typeof settings.epochs === 'number' ? settings.epochs : record.curves.length,
            batchesPerEpoch: 0,
            warnings: record.warnings ?? [],
            settings,
          },
        }
      : {}),
    batches: [],
    epochs: record.curves.map(({ epochs: _e, ...point }) => point),
    ...(record.evaluated ? { evaluated: record.evaluated } : {}),
    ...(record.final
      ? {
          done: {
            stopped: record.status === 'stopped',
            stoppedEarly: record.stoppedEarly ?? false,
            samplesPerSecond: record.final.samplesPerSecond,
            seconds: record.final.seconds,
            final: { loss: record.final.loss, accuracy: record.final.accuracy, val_loss: record.final.val_loss, val_accuracy: record.final.val_accuracy },
          },
        }
      : {}),
    ...(record.error ? { error: record.error } : record.status === 'crashed' ? { error: { code: 'CRASH' as const, message: 'the run ended without reporting how (the app or the trainer stopped while it trained)' } } : {}),
    logs: [],
    updatedAt: Date.parse(record.createdAt) || 0,
  };
}

export interface Progress {
  /** 0..1 over the whole run. */
  fraction: number;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Seconds left, when it can be estimated. */
  etaSeconds?: number;
  samplesPerSecond?: number;
}

/**
 * Where a run stands: the fraction of all batches done, the ETA (the last epoch's pace, or the
 * pace of the batches so far before an epoch has ended) and samples per second.
 */
export function progressOf(run: RunView, now = Date.now()): Progress | undefined {
  const s = run.started;
  if (!s || s.epochs <= 0) return undefined;
  const batches = s.batchesPerEpoch || run.lastBatch?.batches || 1;
  const lastEpoch = run.epochs[run.epochs.length - 1];
  const b = run.lastBatch;
  // Done epochs, plus the batches of the epoch in progress.
  let doneBatches = (lastEpoch?.epoch ?? 0) * batches;
  if (b && b.epoch > (lastEpoch?.epoch ?? 0)) doneBatches = (b.epoch - 1) * batches + b.batch;
  if (run.phase === 'done') doneBatches = s.epochs * batches;
  const total = s.epochs * batches;
  const fraction = Math.min(1, doneBatches / total);
  let etaSeconds: number | undefined;
  let samplesPerSecond = lastEpoch?.samplesPerSecond;
  if (run.live && run.phase === 'training') {
    if (lastEpoch) {
      const perBatch = lastEpoch.seconds / batches;
      etaSeconds = Math.max(0, (total - doneBatches) * perBatch);
    } else if (run.firstBatchAt !== undefined && b && doneBatches > 1) {
      // The first reported batch started the clock: (doneBatches - 1) batches took this long.
      const perBatch = (now - run.firstBatchAt) / 1000 / (doneBatches - 1);
      etaSeconds = (total - doneBatches) * perBatch;
      const batchSize = Number(s.settings.batchSize) || 0;
      if (perBatch > 0 && batchSize > 0) samplesPerSecond = batchSize / perBatch;
    }
  }
  return {
    fraction,
    epoch: b?.epoch ?? lastEpoch?.epoch ?? 0,
    epochs: s.epochs,
    batch: b?.batch ?? 0,
    batches,
    ...(etaSeconds !== undefined ? { etaSeconds } : {}),
    ...(samplesPerSecond !== undefined ? { samplesPerSecond } : {}),
  };
}

/**
 * Series aligned on the union of their x positions, as uPlot wants them (one x array, a value or
 * null per series at each x); non-finite values become gaps.
 */
export function align(series: { x: number; y: number | null }[][]): [number[], ...(number | null)[][]] {
  const xs = [...new Set(series.flatMap((s) => s.map((p) => p.x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const out: (number | null)[] = new Array(xs.length).fill(null);
    for (const p of s) out[index.get(p.x)!] = p.y !== null && Number.isFinite(p.y) ? p.y : null;
    return out;
  });
  return [xs, ...ys];
}

/** 75 -> "1 min 15 s", 8 -> "8 s", 4000 -> "1 h 7 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** 0.9734 -> "97.3%"; null -> "–". */
export function percent(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(digits)}%`;
}

/** A loss value with 4 significant digits; null -> "–". */
export function lossText(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : Number.isFinite(v) ? v.toPrecision(4) : String(v);
}
