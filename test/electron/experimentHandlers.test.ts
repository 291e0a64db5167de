/**
 * The experiment channels through dispatch with real trainer processes on real MNIST digits (a few
 * dozen, two epochs, narrow networks so it stays quick): experiment:start trains plain then
 * residual on the trainer train:start uses, so either refuses while the other trains; both runs are
 * broadcast and kept, the experiment is kept as JSON and listed again by a restarted backend; Stop
 * (experiment:stop, or train:stop on its run) ends it without starting the next network.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/backend/handlers.ts';
import { dispatch } from '../../electron/backend/dispatch.ts';
import type { BackendEvent, ExperimentRecord } from '../../shared/ipc.ts';
import type { TrainEvent } from '../../shared/train/events.ts';
import { mnistMlpProject, tempDir } from './trainer/fixtures.ts';

const TEMPLATES = join(import.meta.dirname, '../../templates');

type ExperimentEvent = Extract<BackendEvent, { type: 'experiment' }>;

function backend(userDataDir: string, events: BackendEvent[] = [], onEvent: (e: BackendEvent) => void = () => {}, templatesDir = TEMPLATES) {
  const handlers = createHandlers({
    mode: 'browser',
    version: 'test',
    userDataDir,
    templatesDir,
    broadcast: (event) => {
      events.push(event);
      onEvent(event);
    },
  });
  const call = async (channel: string, payload: unknown): Promise<any> => {
    const reply = await dispatch(handlers, channel, payload);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  return { handlers, call };
}

/** Backends of the test in progress: whatever they still train is stopped after it, pass or fail. */
const backends: ((channel: string, payload: unknown) => Promise<any>)[] = [];
afterEach(async () => {
  for (const call of backends.splice(0)) {
    const { active } = await call('experiment:list', {});
    if (active) await call('experiment:stop', { experimentId: active });
    const runs = await call('train:runs', {});
    if (runs.active) await call('train:stop', { runId: runs.active });
  }
});

function setup() {
  const userDataDir = join(tempDir('nw-experiment-handlers-'), 'user');
  mkdirSync(userDataDir);
  const events: BackendEvent[] = [];
  const listeners = new Set<(e: BackendEvent) => void>();
  const { call } = backend(userDataDir, events, (e) => listeners.forEach((l) => l(e)));
  backends.push(call);
  /** Resolves with the experiment's 'done' event. */
  const doneOf = (id: string) =>
    new Promise<ExperimentEvent>((resolve) => {
      const match = (e: BackendEvent): e is ExperimentEvent => e.type === 'experiment' && e.phase === 'done' && e.experiment.id === id;
      const seen = events.find(match);
      if (seen) return resolve(seen);
      const l = (e: BackendEvent) => {
        if (match(e)) {
          listeners.delete(l);
          resolve(e);
        }
      };
      listeners.add(l);
    });
  const trainEvents = (runId: string) => events.flatMap((e) => (e.type === 'train' && e.event.runId === runId ? [e.event] : []));
  return { userDataDir, events, listeners, call, doneOf, trainEvents };
}

/** 64 digits, 16 of them for validation; stages of 4, 8 and 16 filters. */
const quick = { kind: 'plain-vs-residual', data: { kind: 'mnist' }, settings: { epochs: 2, batchSize: 16, limit: 64, validationSplit: 0.25, seed: 3 }, params: { filters: [4, 8, 16] } };

describe('experiment:start', () => {
  it('trains plain then residual on the shared trainer, broadcasts both, keeps them, and lists the experiment after a restart', async () => {
    const t = setup();
    const started = await t.call('experiment:start', quick);
    expect(started).toMatchObject({ ok: true, experimentId: expect.any(String) });
    const id: string = started.experimentId;
    expect(started.runIds).toEqual({ plain: `${id}-plain`, residual: `${id}-residual` });

    // One thing at a time: neither a run nor another experiment starts meanwhile.
    const run = await t.call('train:start', { project: mnistMlpProject(), data: { kind: 'mnist' }, settings: { epochs: 1, limit: 50 } });
    expect(run.ok).toBe(false);
    expect(run.message).toContain(`the plain-vs-residual experiment ${id} is still training`);
    expect(run.message).toContain('before starting another run');
    const again = await t.call('experiment:start', quick);
    expect(again.ok).toBe(false);
    expect(again.message).toContain(`experiment ${id} is still training`);
    expect((await t.call('experiment:list', {})).active).toBe(id);
    await expect.poll(async () => (await t.call('train:runs', {})).active, { timeout: 60_000 }).toBe(started.runIds.plain);

    const done = await t.doneOf(id);
    const record: ExperimentRecord = done.experiment;
    expect(record.status, JSON.stringify(record)).toBe('done');

    // Experiment-level progress, in order.
    const phases = t.events.flatMap((e) => (e.type === 'experiment' ? [`${e.phase}${e.variant ? `:${e.variant}` : ''}`] : []));
    expect(phases).toEqual(['started', 'variant-started:plain', 'variant-finished:plain', 'variant-started:residual', 'variant-finished:residual', 'done']);
    // The runs' own events, each run with its own id; the plain run is over before the residual one starts.
    const order = t.events.flatMap((e) => (e.type === 'train' ? [`${e.event.runId}:${e.event.type}`] : []));
    expect(order.indexOf(`${started.runIds.plain}:done`)).toBeLessThan(order.findIndex((x) => x.startsWith(started.runIds.residual)));
    for (const variant of ['plain', 'residual'] as const) {
      const runId: string = started.runIds[variant];
      const events = t.trainEvents(runId);
      expect(events.filter((e) => e.type === 'epoch').map((e) => (e as Extract<TrainEvent, { type: 'epoch' }>).epoch)).toEqual([1, 2]);
      expect(events.at(-1)).toMatchObject({ type: 'done', stopped: false });
      const entry = record.runs.find((r) => r.variant === variant)!;
      expect(entry).toMatchObject({ runId, status: 'done', template: `${variant}_deep` });
      // The record's final numbers are the run's own last epoch, as kept in its run.json.
      const kept = await t.call('train:run', { id: runId });
      expect(kept.status).toBe('done');
      expect(kept.settings).toMatchObject({ seed: 3, batchSize: 16, epochs: 2 });
      expect(kept.samples).toEqual({ train: 48, validation: 16, test: 0 });
      expect(entry.final!.loss).toBe(kept.curves[1].loss);
      expect(entry.final!.val_accuracy).toBe(kept.curves[1].val_accuracy);
      expect(Number.isFinite(entry.final!.loss)).toBe(true);
      // Sizes from the graphs as trained, and the same weights the trainer counted.
      const started_ = events.find((e) => e.type === 'started') as Extract<TrainEvent, { type: 'started' }>;
      expect(entry.params.total).toBe(started_.params.total);
      expect(entry.params.macs).toBeGreaterThan(entry.params.total);
    }
    const [plain, residual] = record.runs;
    expect(residual.params.total).toBeGreaterThan(plain.params.total);
    expect(record.params).toMatchObject({ input: [28, 28, 1], classes: 10, filters: [4, 8, 16] });
    expect(plain.name).toBe('PlainNet20');
    expect(residual.name).toBe('ResNet20');

    // Both runs are in the runs list like any other; the trainer is free again.
    const runs = await t.call('train:runs', {});
    expect(runs.active).toBe(null);
    expect(runs.runs.map((r: { id: string }) => r.id).sort()).toEqual([started.runIds.plain, started.runIds.residual].sort());
    const listed = await t.call('experiment:list', {});
    expect(listed.active).toBe(null);
    expect(listed.experiments).toEqual([record]);
    expect(JSON.parse(readFileSync(join(t.userDataDir, 'runs', 'experiments', `${id}.json`), 'utf8'))).toEqual(record);

    // A restarted backend over the same user data lists the same experiment.
    const restarted = backend(t.userDataDir);
    expect(await restarted.call('experiment:list', {})).toEqual({ experiments: [record], active: null });
  }, 150_000);

  it('is refused while a run trains, and names data it cannot read', async () => {
    const t = setup();
    const { runId } = await t.call('train:start', { project: mnistMlpProject(), data: { kind: 'mnist' }, settings: { engine: 'cpu', epochs: 30, batchSize: 10, limit: 300 } });
    const refused = await t.call('experiment:start', quick);
    expect(refused).toEqual({ ok: false, message: `run ${runId} is still training; stop it or wait for it to finish before starting the experiment` });
    expect(await t.call('train:stop', { runId })).toEqual({ ok: true });
    await expect.poll(async () => (await t.call('train:runs', {})).active, { timeout: 60_000 }).toBe(null);

    const missing = join(t.userDataDir, 'no-such-folder');
    const bad = await t.call('experiment:start', { ...quick, data: { kind: 'folder', path: missing } });
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/^The plain-vs-residual experiment cannot start: Dataset folder .*no-such-folder does not exist/);
    // Nothing is left holding the trainer or on disk.
    expect((await t.call('experiment:list', {})).experiments).toEqual([]);
    expect(t.events.some((e) => e.type === 'experiment')).toBe(false);
    await expect(t.call('experiment:start', { ...quick, params: { filters: [4, 8] } })).rejects.toThrow(/^experiment:start: params\.filters/);
  }, 120_000);

  it("takes the networks from the app's templates folder (the packaged app's is not beside the code)", async () => {
    const userDataDir = join(tempDir('nw-experiment-templates-'), 'user');
    mkdirSync(userDataDir);
    const emptyTemplates = tempDir('nw-experiment-no-templates-');
    const { call } = backend(userDataDir, [], () => {}, emptyTemplates);
    backends.push(call);
    expect(await call('experiment:start', quick)).toEqual({ ok: false, message: 'The plain-vs-residual experiment cannot start: the template plain_deep.json is missing from the template library' });
  });
});

describe('Stop', () => {
  it('experiment:stop ends the plain run within a batch and the residual one never starts', async () => {
    const t = setup();
    let stopReply: Promise<any> | undefined;
    let id = '';
    t.listeners.add((e) => {
      if (e.type === 'train' && e.event.type === 'batch' && !stopReply) stopReply = t.call('experiment:stop', { experimentId: id });
    });
    const started = await t.call('experiment:start', { ...quick, settings: { ...quick.settings, epochs: 20, limit: 320 } });
    id = started.experimentId;
    const done = await t.doneOf(id);
    expect(await stopReply).toEqual({ ok: true });
    expect(done.experiment.status).toBe('stopped');
    expect(done.experiment.runs.map((r) => r.status)).toEqual(['stopped', 'stopped']);
    expect(t.trainEvents(started.runIds.plain).at(-1)).toMatchObject({ type: 'done', stopped: true });
    expect(t.trainEvents(started.runIds.residual)).toEqual([]);
    expect(existsSync(join(t.userDataDir, 'runs', started.runIds.residual))).toBe(false);
    expect(await t.call('experiment:stop', { experimentId: id })).toEqual({ ok: false, message: `no experiment "${id}" is training` });
    await expect.poll(async () => (await t.call('train:runs', {})).runs.map((r: { status: string }) => r.status)).toEqual(['stopped']);
  }, 120_000);

  it("train:stop on the experiment's run (the Train view's Stop) stops the whole experiment", async () => {
    const t = setup();
    let stopReply: Promise<any> | undefined;
    let plainId = '';
    t.listeners.add((e) => {
      if (e.type === 'train' && e.event.runId === plainId && e.event.type === 'batch' && !stopReply) stopReply = t.call('train:stop', { runId: plainId });
    });
    const started = await t.call('experiment:start', { ...quick, settings: { ...quick.settings, epochs: 20, limit: 320 } });
    plainId = started.runIds.plain;
    const done = await t.doneOf(started.experimentId);
    expect(await stopReply).toEqual({ ok: true });
    expect(done.experiment.status).toBe('stopped');
    expect(t.trainEvents(started.runIds.residual)).toEqual([]);
    // The trainer is free for a run again.
    const run = await t.call('train:start', { project: mnistMlpProject(), data: { kind: 'mnist' }, settings: { engine: 'cpu', epochs: 1, limit: 20, batchSize: 10 } });
    expect(run.ok, run.message).toBe(true);
    await t.call('train:stop', { runId: run.runId });
    await expect.poll(async () => (await t.call('train:runs', {})).active, { timeout: 60_000 }).toBe(null);
  }, 120_000);
});
