/**
 * Every run kept on disk: runs/<runId>/run.json holds the graph, the settings, the data spec,
 * the curves (every epoch event), the evaluation and the outcome, rewritten atomically as events
 * arrive, so runs can be listed, overlaid and compared even after a crash. Checkpoints live next
 * to it (checkpoint.ts).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSpecInput, TrainRequestInput } from '../../shared/train/request.ts';
import type { RunDetail, RunStatusName } from '../../shared/ipc.ts';
import type { EngineName, TrainEvent } from '../../shared/train/events.ts';
import type { TrainSettings } from '../../shared/train/settings.ts';

export type RunStatus = RunStatusName;

/**
 * run.json: what the UI reads as a RunDetail (shared/ipcTraining.ts, one definition for both
 * sides), plus what only the file keeps.
 */
export interface RunRecord extends RunDetail {
  updatedAt: string;
  /** The settings as the trainer resolved them (defaults filled in) once started. */
  settings: TrainSettings | Record<string, unknown>;
  testData?: DataSpecInput;
}

/** What listRuns gives per run: enough for a table of runs. */
export interface RunSummary {
  id: string;
  createdAt: string;
  status: RunStatus;
  name: string;
  epochs: number;
  val_accuracy: number | null;
  accuracy: number | null;
  engine?: EngineName;
}

function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 1)}\n`);
  renameSync(tmp, path);
}

function strip<E extends { type: string; runId: string }>(e: E): Omit<E, 'type' | 'runId'> {
  const { type: _t, runId: _r, ...rest } = e;
  return rest;
}

/**
 * Records the events of one training run into runsDir/runId/run.json. A resumed run keeps the
 * curves before its start epoch. Returns the event handler; call it with every event.
 */
export function createRunRecorder(runsDir: string, runId: string, request: TrainRequestInput): (event: TrainEvent) => void {
  const dir = join(runsDir, runId);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'run.json');
  const now = new Date().toISOString();
  const previous = request.resume ? readRecord(path) : undefined;
  const record: RunRecord = {
    ...(previous ?? {}),
    id: runId,
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
    status: 'running',
    project: request.project,
    settings: (request.settings ?? {}) as Record<string, unknown>,
    data: request.data,
    ...(request.testData ? { testData: request.testData } : {}),
    curves: previous?.curves ?? [],
  };
  delete record.error;
  writeJsonAtomic(path, record);
  return (event) => {
    switch (event.type) {
      case 'started':
        Object.assign(record, {
          settings: event.settings,
          engine: event.engine,
          engineLabel: event.engineLabel,
          samples: event.samples,
          classes: event.classes,
          loss: event.loss,
          warnings: event.warnings,
        });
        record.curves = record.curves.filter((c) => c.epoch < event.startEpoch);
        break;
      case 'epoch':
        record.curves.push(strip(event));
        break;
      case 'evaluated':
        record.evaluated = strip(event);
        break;
      case 'done':
        record.status = event.stopped ? 'stopped' : 'done';
        record.stoppedEarly = event.stoppedEarly;
        record.final = { ...event.final, samplesPerSecond: event.samplesPerSecond, seconds: event.seconds };
        break;
      case 'weights':
        record.weights = strip(event);
        break;
      case 'error':
        record.status = event.code === 'CRASH' || event.code === 'OOM' || event.code === 'HANG' ? 'crashed' : 'error';
        record.error = strip(event);
        break;
      default:
        return; // loading, batch, checkpoint, log: not kept in run.json
    }
    record.updatedAt = new Date().toISOString();
    writeJsonAtomic(path, record);
  };
}

function readRecord(path: string): RunRecord | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RunRecord;
  } catch {
    return undefined;
  }
}

/** The run `id` under `runsDir`; throws an Error naming the file when it is missing or unreadable. */
export function loadRun(runsDir: string, id: string): RunRecord {
  if (!/^[A-Za-z0-9_.-]{1,120}$/.test(id) || id.startsWith('.')) throw new Error(`"${id}" is not a run id`);
  const path = join(runsDir, id, 'run.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path}: no such run`);
  }
  try {
    return JSON.parse(text) as RunRecord;
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

/** All runs under `runsDir`, newest first; folders without a readable run.json are skipped. */
export function listRuns(runsDir: string): RunSummary[] {
  let names: string[];
  try {
    names = readdirSync(runsDir);
  } catch {
    return [];
  }
  const out: RunSummary[] = [];
  for (const name of names) {
    const r = readRecord(join(runsDir, name, 'run.json'));
    if (!r) continue;
    const last = r.curves[r.curves.length - 1];
    out.push({
      id: r.id,
      createdAt: r.createdAt,
      status: r.status,
      name: typeof r.project.name === 'string' ? r.project.name : 'model',
      epochs: last?.epoch ?? 0,
      val_accuracy: last?.val_accuracy ?? null,
      accuracy: last?.accuracy ?? null,
      ...(r.engine ? { engine: r.engine } : {}),
    });
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
}
