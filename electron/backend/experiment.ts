/**
 * The experiment channels: plain-vs-residual (electron/experiments/plainVsResidual.ts) run from the
 * app on the trainer the training channels use (trainerSlot.ts), so a run and an experiment never
 * train at once and Stop ends either. Each experiment is kept as a small JSON under
 * <runs>/experiments/ naming its two runs, so it can be reopened after the app restarts.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExperimentRecord, ExperimentRunEntry, ExperimentVariant, Handlers } from '../../shared/ipc.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import type { TrainEvent } from '../../shared/train/events.ts';
import { runIdFromDate } from '../../shared/train/request.ts';
import { TrainSettingsSchema } from '../../shared/train/settings.ts';
import type { ParamValues } from '../../shared/templates/params.ts';
import { experimentProjects, paramsForData, runPlainVsResidual, type PlainVsResidualResult } from '../experiments/plainVsResidual.ts';
import { loadDataset, type DataSpec } from '../trainer/data/index.ts';
import { loadTemplateLibrary } from '../templates.ts';
import type { TemplateFile } from '../../shared/templates/format.ts';
import { writeFileAtomic } from './atomicWrite.ts';
import type { Occupant, TrainerSlot } from './trainerSlot.ts';

export type ExperimentChannel = 'experiment:start' | 'experiment:stop' | 'experiment:list';

const TITLE = 'plain-vs-residual';

/** The experiment channels, sharing `slot` (its supervisor and one-at-a-time rule) with the training channels. */
export function createExperimentHandlers(slot: TrainerSlot, templatesDir?: string): Pick<Handlers, ExperimentChannel> {
  // The packaged app's templates/ is not beside the bundled code: read the folder the app names.
  let library: ReadonlyMap<string, TemplateFile> | undefined;
  const templates = () => (library ??= loadTemplateLibrary(templatesDir).templates);
  const dir = join(slot.runsDir, 'experiments');
  let running: { record: ExperimentRecord; occupant: Occupant } | undefined;
  // Writes of one record are chained so an older state never lands after a newer one.
  let writes: Promise<void> = Promise.resolve();
  const save = (record: ExperimentRecord) => {
    const text = `${JSON.stringify(record, null, 2)}\n`;
    // A record that cannot be written (full disk) leaves the runs themselves intact and listed.
    writes = writes.then(() => mkdir(dir, { recursive: true })).then(() => writeFileAtomic(join(dir, `${record.id}.json`), text)).catch(() => undefined);
    return writes;
  };
  const announce = (phase: 'started' | 'variant-started' | 'variant-finished' | 'done', record: ExperimentRecord, variant?: ExperimentVariant) =>
    slot.broadcast({ type: 'experiment', phase, ...(variant ? { variant } : {}), experiment: structuredClone(record) });

  return {
    'experiment:start': async (request) => {
      const busy = slot.busyReason('the experiment');
      if (busy) return { ok: false as const, message: busy };
      const id = runIdFromDate(new Date(), Math.random().toString(36).slice(2, 6));
      const controller = new AbortController();
      const occupant: Occupant = { kind: 'experiment', experimentId: id, title: TITLE, runId: undefined, stop: () => controller.abort() };
      slot.claim(occupant);
      let record: ExperimentRecord;
      try {
        record = await prepare(id, request, templates());
      } catch (e) {
        slot.release(occupant);
        return { ok: false as const, message: `The plain-vs-residual experiment cannot start: ${(e as Error).message}` };
      }
      running = { record, occupant };
      await save(record);
      announce('started', record);

      const entry = (variant: ExperimentVariant) => record.runs.find((r) => r.variant === variant)!;
      const onEvent = (variant: ExperimentVariant, event: TrainEvent) => {
        slot.observe(event);
        const run = entry(variant);
        if (run.status === 'waiting') {
          run.status = 'running';
          occupant.runId = run.runId;
          announce('variant-started', record, variant);
        }
        if (event.type === 'evaluated' && event.on === 'test') run.testAccuracy = event.accuracy;
        slot.broadcast({ type: 'train', event });
        if (event.type === 'done' || event.type === 'error') {
          if (event.type === 'done') {
            run.status = event.stopped ? 'stopped' : 'done';
            run.final = event.final;
          } else {
            run.status = 'error';
            run.error = { code: event.code, message: event.message };
          }
          void save(record);
          announce('variant-finished', record, variant);
        }
      };
      void runPlainVsResidual({
        data: request.data,
        ...(request.testData ? { testData: request.testData } : {}),
        runsDir: slot.runsDir,
        settings: record.settings,
        params: record.params as ParamValues,
        runIdPrefix: id,
        supervisor: slot.supervisor,
        library: templates(),
        signal: controller.signal,
        onEvent,
      })
        .then((result) => finish(record, result))
        .catch((e: unknown) => {
          record.status = 'error';
          record.error = (e as Error).message;
          for (const r of record.runs) if (r.status === 'waiting' || r.status === 'running') r.status = 'error';
        })
        .finally(async () => {
          occupant.runId = undefined;
          running = undefined;
          slot.release(occupant);
          await save(record);
          announce('done', record);
        });
      return { ok: true as const, experimentId: id, runIds: { plain: record.runs[0].runId, residual: record.runs[1].runId } };
    },

    'experiment:stop': async ({ experimentId }) => {
      if (!running || running.record.id !== experimentId) return { ok: false as const, message: `no experiment "${experimentId}" is training${running ? ` (the experiment training now is ${running.record.id})` : ''}` };
      running.occupant.stop();
      return { ok: true as const };
    },

    'experiment:list': async () => {
      await writes;
      const experiments = await readRecords(dir);
      const out = experiments.map((r) => (r.id === running?.record.id ? structuredClone(running.record) : r.status === 'running' ? markCrashed(r) : r));
      return { experiments: out, active: running?.record.id ?? null };
    },
  };
}

/**
 * The record of a new experiment: the networks sized to the data (its image size and classes, read
 * from one sample), their weights and multiply-adds, and the settings both runs will use.
 */
async function prepare(id: string, request: Parameters<Handlers['experiment:start']>[0], library: ReadonlyMap<string, TemplateFile>): Promise<ExperimentRecord> {
  const settings = TrainSettingsSchema.parse({ epochs: 5, ...(request.settings ?? {}) });
  const peek = await loadDataset(request.data as DataSpec, { limit: 1 });
  const params: ParamValues = { ...paramsForData(peek), ...(request.params?.filters ? { filters: request.params.filters } : {}) };
  const runs = experimentProjects(params, library).map(({ variant, template, project }): ExperimentRunEntry => {
    const analysis = analyzeGraph(project as never);
    return {
      variant,
      template,
      name: typeof project.name === 'string' ? project.name : template,
      runId: `${id}-${variant}`,
      status: 'waiting',
      layers: analysis.order.length,
      params: { total: analysis.totals.total, trainable: analysis.totals.trainable, macs: analysis.totals.macs },
      final: null,
      testAccuracy: null,
    };
  });
  return { id, kind: 'plain-vs-residual', createdAt: new Date().toISOString(), status: 'running', data: request.data, settings, params, runs: [runs[0]!, runs[1]!] };
}

/** The record once both runs are over: done when both finished, else stopped or error. */
function finish(record: ExperimentRecord, result: PlainVsResidualResult): void {
  for (const run of result.runs) {
    const entry = record.runs.find((r) => r.variant === run.variant)!;
    // A variant that never started (stopped before its turn) is stopped; the rest came from its events.
    if (entry.status === 'waiting' || entry.status === 'running') entry.status = run.status;
    if (run.error && !entry.error) entry.error = run.error;
  }
  const statuses = record.runs.map((r) => r.status);
  record.status = statuses.every((s) => s === 'done') ? 'done' : statuses.includes('stopped') ? 'stopped' : 'error';
}

/** A record left as running by a backend that ended mid-experiment. */
function markCrashed(record: ExperimentRecord): ExperimentRecord {
  return { ...record, status: 'crashed', runs: record.runs.map((r) => (r.status === 'running' || r.status === 'waiting' ? { ...r, status: 'error' as const } : r)) as ExperimentRecord['runs'] };
}

/** The kept experiments, newest first; unreadable files are skipped. */
async function readRecords(dir: string): Promise<ExperimentRecord[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch {
    return [];
  }
  const records: ExperimentRecord[] = [];
  for (const name of names) {
    try {
      const r = JSON.parse(await readFile(join(dir, name), 'utf8')) as ExperimentRecord;
      if (r && typeof r.id === 'string' && Array.isArray(r.runs) && r.runs.length === 2) records.push(r);
    } catch {
      // A half-written or foreign file: not an experiment.
    }
  }
  return records.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}
