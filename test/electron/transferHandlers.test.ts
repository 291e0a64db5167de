/**
 * Transfer learning and resume through the bridge, with real trainer child processes on the
 * built-in MNIST digits: train:weights-source lists a kept run's checkpoint weights (the names and
 * shapes projectWeights derives from its graph), train:start with initialWeights loads exactly the
 * layers the preview (matchWeights) names, and train:start with resume continues a run stopped by
 * its settings after epoch 1 in the same folder for one more epoch: its curves then have 2 epochs.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/backend/handlers.ts';
import { dispatch } from '../../electron/backend/dispatch.ts';
import { validateProject } from '../../shared/graph/load.ts';
import type { BackendEvent } from '../../shared/ipc.ts';
import type { TrainEvent } from '../../shared/train/events.ts';
import { replaceHead } from '../../shared/train/replaceHead.ts';
import { matchWeights, projectWeights } from '../../shared/train/weightMatch.ts';
import { mnistMlpProject, tempDir } from './trainer/fixtures.ts';

const TEMPLATES = join(import.meta.dirname, '../../templates');

function setup() {
  const userDataDir = tempDir('nw-transfer-handlers-');
  const broadcast: BackendEvent[] = [];
  const handlers = createHandlers({ mode: 'browser', version: 'test', userDataDir, templatesDir: TEMPLATES, broadcast: (event) => void broadcast.push(event) });
  const call = async (channel: string, payload: unknown): Promise<any> => {
    const reply = await dispatch(handlers, channel, payload);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  const events = (runId: string) => broadcast.flatMap((e) => (e.type === 'train' && e.event.runId === runId ? [e.event] : []));
  /** Waits for the run's next final event after `from` events of it were seen. */
  const finalOf = async (runId: string, from = 0): Promise<TrainEvent> => {
    for (;;) {
      const end = events(runId).slice(from).find((e) => e.type === 'done' || e.type === 'error');
      if (end) return end;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { userDataDir, call, events, finalOf };
}

const settings = { engine: 'cpu', epochs: 1, batchSize: 50, limit: 300, learningRate: 0.005 };

describe('resume through train:start', () => {
  it('continues a run stopped after epoch 1 (epochs: 1) for one more epoch in the same folder', async () => {
    const t = setup();
    const first = await t.call('train:start', { project: mnistMlpProject(), data: { kind: 'mnist' }, settings });
    expect(first.ok, first.message).toBe(true);
    const runId: string = first.runId;
    expect((await t.finalOf(runId)).type).toBe('done');
    expect((await t.call('train:run', { id: runId })).curves.map((c: { epoch: number }) => c.epoch)).toEqual([1]);
    const seen = t.events(runId).length;

    const record = await t.call('train:run', { id: runId });
    const again = await t.call('train:start', { project: record.project, data: record.data, settings: { ...record.settings, epochs: 2 }, resume: { runId } });
    expect(again).toEqual({ ok: true, runId });
    const end = await t.finalOf(runId, seen);
    expect(end.type, JSON.stringify(end)).toBe('done');
    const resumed = t.events(runId).slice(seen);
    expect(resumed.find((e) => e.type === 'started')).toMatchObject({ startEpoch: 2, epochs: 2 });
    // The trainer says the optimizer state restarts; the UI shows this line.
    expect(resumed.find((e) => e.type === 'log' && /resumed after epoch 1 .*optimizer state .* starts afresh/.test(e.message))).toBeDefined();
    expect(resumed.filter((e) => e.type === 'epoch').map((e) => (e.type === 'epoch' ? e.epoch : 0))).toEqual([2]);

    const after = await t.call('train:run', { id: runId });
    expect(after.status).toBe('done');
    expect(after.curves.map((c: { epoch: number }) => c.epoch)).toEqual([1, 2]);
    expect(after.createdAt).toBe(record.createdAt);
    expect((await t.call('train:runs', {})).runs.map((r: { id: string }) => r.id)).toEqual([runId]);
    expect(existsSync(join(t.userDataDir, 'runs', runId, 'checkpoints', 'epoch-2', 'model.json'))).toBe(true);
  });

  it('refuses to resume a run without a checkpoint, and a bad run id', async () => {
    const t = setup();
    const reply = await t.call('train:start', { project: mnistMlpProject(), data: { kind: 'mnist' }, settings, resume: { runId: 'no-such-run' } });
    expect(reply).toEqual({ ok: false, message: 'run no-such-run has no checkpoint to continue from (it stopped before its first epoch ended, or checkpoints were off); start a new run' });
    const bad = await dispatch(createHandlers({ mode: 'browser', version: 'test', userDataDir: t.userDataDir, templatesDir: TEMPLATES, broadcast: () => {} }), 'train:start', { project: mnistMlpProject(), data: { kind: 'mnist' }, resume: { runId: '../x' } });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/train:start: resume\.runId: a run id/);
  });
});

describe('initial weights through train:weights-source and train:start', () => {
  it('lists a run checkpoint weights and loads exactly the layers the preview names', async () => {
    const t = setup();
    const first = await t.call('train:start', { project: mnistMlpProject(), data: { kind: 'mnist' }, settings });
    expect((await t.finalOf(first.runId)).type).toBe('done');

    const source = await t.call('train:weights-source', { runId: first.runId });
    expect(source).toMatchObject({ ok: true, label: `run ${first.runId}`, epoch: 1, modelJson: join(t.userDataDir, 'runs', first.runId, 'checkpoints', 'epoch-1', 'model.json') });
    expect(source.classes).toHaveLength(10);
    const loaded = validateProject(mnistMlpProject());
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(source.weights).toEqual(projectWeights(loaded.project).layers.flatMap((l) => l.weights));
    // The same checkpoint chosen as a model.json file lists the same weights.
    expect(await t.call('train:weights-source', { path: source.modelJson })).toMatchObject({ ok: true, modelJson: source.modelJson, label: 'epoch-1/model.json', weights: source.weights });

    const edited = replaceHead(loaded.project, 10, { freezeBase: true });
    if (!edited.ok) throw new Error(edited.message);
    const preview = matchWeights(projectWeights(edited.project).layers, source.weights, 'model.json');
    expect(preview.matched).toEqual(['hidden']);

    const second = await t.call('train:start', { project: edited.project, data: { kind: 'mnist' }, settings, initialWeights: { path: source.modelJson } });
    expect((await t.finalOf(second.runId)).type).toBe('done');
    const weights = t.events(second.runId).find((e) => e.type === 'weights');
    expect(weights).toMatchObject({ source: source.modelJson, matched: preview.matched, skipped: preview.skipped.map(({ layer, reason }) => ({ layer, reason })) });
    // The kept run remembers it, for the results of a run opened from the list.
    expect((await t.call('train:run', { id: second.runId })).weights).toEqual({ source: source.modelJson, matched: ['hidden'], skipped: [{ layer: 'head', reason: 'no weight "head/kernel" in model.json' }] });
  });

  it('says what is wrong with a path that is no model', async () => {
    const t = setup();
    expect(await t.call('train:weights-source', { path: '/no/such/model.json' })).toEqual({ ok: false, message: '/no/such/model.json: no such file or folder; give a run folder or a model.json' });
    expect(await t.call('train:weights-source', { runId: 'nothing-here' })).toMatchObject({ ok: false });
    const notModel = join(t.userDataDir, 'notes.json');
    writeFileSync(notModel, JSON.stringify({ hello: 'world' }));
    expect(await t.call('train:weights-source', { path: notModel })).toEqual({
      ok: false,
      message: `${notModel}: not a tfjs layers model (modelTopology or weightsManifest is missing); choose the model.json that tfjs or Netwright saved`,
    });
  });
});
