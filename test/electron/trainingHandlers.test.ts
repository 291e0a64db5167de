/**
 * The training channels through dispatch, as both transports call them, with real trainer child
 * processes (fork, from the bundle test/globalSetup.ts builds) and the built-in MNIST digits: a run's events are broadcast in order and
 * kept (train:runs, train:run), a second start is refused while one trains, Stop ends a run within
 * a batch, predict reads the run's checkpoint, the data view describes and checks a dataset, and
 * bad payloads are refused with the channel and field named.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/backend/handlers.ts';
import { dispatch } from '../../electron/backend/dispatch.ts';
import { imageAt, imageToPng, loadDataset } from '../../electron/trainer/data/index.ts';
import type { BackendEvent } from '../../shared/ipc.ts';
import type { TrainEvent } from '../../shared/train/events.ts';
import { lenetProject, mnistMlpProject, tempDir } from './trainer/fixtures.ts';

const TEMPLATES = join(import.meta.dirname, '../../templates');

function setup() {
  const root = tempDir('nw-training-handlers-');
  const userDataDir = join(root, 'user');
  mkdirSync(userDataDir);
  const broadcast: BackendEvent[] = [];
  const listeners = new Set<(e: TrainEvent) => void>();
  const handlers = createHandlers({
    mode: 'browser',
    version: 'test',
    userDataDir,
    templatesDir: TEMPLATES,
    broadcast: (event) => {
      broadcast.push(event);
      if (event.type === 'train') for (const l of listeners) l(event.event);
    },
  });
  const call = async (channel: string, payload: unknown): Promise<any> => {
    const reply = await dispatch(handlers, channel, payload);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  /** Resolves with the run's final event, as broadcast. */
  const finalOf = (runId: string) =>
    new Promise<TrainEvent>((resolve) => {
      const seen = trainEvents(broadcast).find((e) => e.runId === runId && (e.type === 'done' || e.type === 'error'));
      if (seen) return resolve(seen);
      const l = (e: TrainEvent) => {
        if (e.runId === runId && (e.type === 'done' || e.type === 'error')) {
          listeners.delete(l);
          resolve(e);
        }
      };
      listeners.add(l);
    });
  return { userDataDir, handlers, broadcast, listeners, call, finalOf };
}

function trainEvents(events: BackendEvent[]): TrainEvent[] {
  return events.flatMap((e) => (e.type === 'train' ? [e.event] : []));
}

const mlpStart = { project: mnistMlpProject(), data: { kind: 'mnist' }, settings: { engine: 'cpu', epochs: 2, batchSize: 50, limit: 300, learningRate: 0.005 } };

describe('train:start -> broadcast events -> done', () => {
  it('streams a run to the UI in order, keeps it, refuses a second start meanwhile, and predicts with it', async () => {
    const t = setup();
    const before = await t.call('engine:info', {});
    expect(before.confirmed).toBe(false);
    expect(before.gpuDoctor.summary).toMatch(/GPU (not )?used/);
    expect(before.memory.totalBytes).toBeGreaterThan(0);

    const started = await t.call('train:start', mlpStart);
    expect(started).toMatchObject({ ok: true, runId: expect.any(String) });
    const { runId } = started;
    const again = await t.call('train:start', mlpStart);
    expect(again.ok).toBe(false);
    expect(again.message).toContain(`run ${runId} is still training`);
    expect((await t.call('train:runs', {})).active).toBe(runId);

    const final = await t.finalOf(runId);
    expect(final, JSON.stringify(final)).toMatchObject({ type: 'done', stopped: false, epochs: 2, engine: 'cpu' });
    const events = trainEvents(t.broadcast).filter((e) => e.runId === runId);
    // Data-loading progress may come first; then started, and done last.
    expect(events.find((e) => e.type !== 'loading')!.type).toBe('started');
    expect(events.at(-1)!.type).toBe('done');
    expect(events.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([1, 2]);
    expect(events.some((e) => e.type === 'batch')).toBe(true);
    const evaluated = events.find((e) => e.type === 'evaluated');
    expect(evaluated && evaluated.type === 'evaluated' && evaluated.confusion).toHaveLength(10);

    // The backend forgets the run as active once its process has ended.
    await expect.poll(async () => (await t.call('train:runs', {})).active).toBe(null);
    const runs = await t.call('train:runs', {});
    expect(runs.runs).toEqual([expect.objectContaining({ id: runId, status: 'done', epochs: 2, name: 'mnist_mlp' })]);
    const record = await t.call('train:run', { id: runId });
    expect(record.curves.map((c: { epoch: number }) => c.epoch)).toEqual([1, 2]);
    expect(record.final.val_accuracy).toBe(record.curves[1].val_accuracy);

    // The engine line now names what the run really used.
    const after = await t.call('engine:info', {});
    expect(after).toMatchObject({ confirmed: true, engine: 'cpu' });

    // Predict: a real test digit, as PNG bytes, through the run's last checkpoint.
    const test = await loadDataset({ kind: 'mnist', split: 'test', limit: 10 });
    const digit = imageToPng(imageAt(test, 3), test.shape);
    const predicted = await t.call('train:predict', { runId, image: digit.toString('base64'), name: 'digit.png' });
    expect(predicted.ok, predicted.message).toBe(true);
    expect(predicted.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const p: number[] = predicted.prediction.probabilities;
    expect(p).toHaveLength(10);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
    expect(predicted.prediction.top.probability).toBe(Math.max(...p));
    expect(predicted.prediction.source).toBe('digit.png');

    const notImage = await t.call('train:predict', { runId, image: Buffer.from('hello').toString('base64'), name: 'notes.txt' });
    expect(notImage).toEqual({ ok: false, message: expect.stringContaining('notes.txt is not a JPEG or PNG image') });
    const noRun = await t.call('train:predict', { runId: 'no-such-run', image: digit.toString('base64') });
    expect(noRun.ok).toBe(false);
    expect(noRun.message).toMatch(/no-such-run/);
  }, 120_000);
});

describe('train:stop', () => {
  it('ends a run within one batch and the broadcast says it was stopped', async () => {
    const t = setup();
    let runId = '';
    let stopReply: Promise<any> | undefined;
    t.listeners.add((e) => {
      if (e.runId === runId && e.type === 'batch' && e.batch === 1 && !stopReply) stopReply = t.call('train:stop', { runId });
    });
    const started = await t.call('train:start', { project: lenetProject(), data: { kind: 'mnist' }, settings: { engine: 'cpu', epochs: 1, batchSize: 16, limit: 320 } });
    runId = started.runId;
    const final = await t.finalOf(runId);
    expect(await stopReply).toEqual({ ok: true });
    expect(final).toMatchObject({ type: 'done', stopped: true });
    if (final.type === 'done') expect(final.stoppedAt!.batch).toBeLessThanOrEqual(2);
    expect(trainEvents(t.broadcast).some((e) => e.runId === runId && e.type === 'epoch')).toBe(false);
    await expect.poll(async () => (await t.call('train:runs', {})).runs[0]?.status).toBe('stopped');
    expect(await t.call('train:stop', { runId })).toEqual({ ok: false, message: `no run "${runId}" is training` });
  }, 120_000);
});

describe('bad payloads', () => {
  it('are refused by dispatch with the channel and field, and start nothing', async () => {
    const t = setup();
    const cases: [string, unknown, RegExp][] = [
      ['train:start', { project: mnistMlpProject(), data: { kind: 'imagenet' } }, /^train:start: data/],
      ['train:start', { project: mnistMlpProject(), data: { kind: 'mnist' }, settings: { learningRate: -1 } }, /^train:start: settings\.learningRate/],
      ['train:start', { project: mnistMlpProject(), data: { kind: 'mnist' }, settings: { epochs: 2.5 } }, /^train:start: settings\.epochs/],
      ['train:start', { data: { kind: 'mnist' } }, /^train:start: project/],
      ['train:stop', {}, /^train:stop: runId/],
      ['train:run', { id: 7 }, /^train:run: id/],
      ['train:predict', { runId: 'x' }, /^train:predict: image/],
      ['data:describe', { data: { kind: 'h5' } }, /^data:describe: data/],
      ['data:augment-preview', { data: { kind: 'mnist' }, augmentation: {}, count: 1000 }, /^data:augment-preview: count/],
    ];
    for (const [channel, payload, error] of cases) {
      const reply = await dispatch(t.handlers, channel, payload);
      expect(reply.ok, channel).toBe(false);
      if (!reply.ok) expect(reply.error).toMatch(error);
    }
    expect((await t.call('train:runs', {})).runs).toEqual([]);
    expect(t.broadcast).toEqual([]);
    // A run that is not there, and a traversal attempt, are errors naming the id.
    await expect(t.call('train:run', { id: 'missing' })).rejects.toThrow(/train:run failed: .*missing.*no such run/);
    await expect(t.call('train:run', { id: '../../etc' })).rejects.toThrow(/"\.\.\/\.\.\/etc" is not a run id/);
  });

  it('a graph with errors starts, then ends with a COMPILE error event (the editor is untouched)', async () => {
    const t = setup();
    const broken = mnistMlpProject();
    broken.edges = broken.edges.slice(0, 1);
    const { runId } = await t.call('train:start', { project: broken, data: { kind: 'mnist' }, settings: { engine: 'cpu' } });
    const final = await t.finalOf(runId);
    expect(final).toMatchObject({ type: 'error', code: 'COMPILE' });
  }, 60_000);
});

describe('the data view', () => {
  it('describes MNIST at the model input: classes, counts, a grid per class, and problems against the model', async () => {
    const t = setup();
    const model = { inputShape: [32, 32, 1], units: 10, loss: 'categoricalCrossentropy' };
    const d = await t.call('data:describe', { data: { kind: 'mnist', limit: 500 }, model, perClass: 6 });
    expect(d.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(d.shape).toEqual([32, 32, 1]); // zero-padded to LeNet-5's 32x32
    expect(d.counts.reduce((s: number, n: number) => s + n, 0)).toBe(500);
    expect(d.counts).toEqual(Array(10).fill(50));
    expect(d.problems).toEqual([]);
    expect(d.testSplit).toBe(true);
    const png = PNG.sync.read(Buffer.from(d.grid.replace(/^data:image\/png;base64,/, ''), 'base64'));
    // 6 columns and 10 rows of 32 px with 2 px gaps.
    expect([png.width, png.height]).toEqual([6 * 32 + 5 * 2, 10 * 32 + 9 * 2]);

    const wrong = await t.call('data:describe', { data: { kind: 'mnist', limit: 500 }, model: { ...model, units: 5 } });
    expect(wrong.problems).toEqual([expect.objectContaining({ code: 'CLASS_COUNT_MISMATCH', severity: 'error', message: expect.stringContaining('10 classes') })]);

    await expect(t.call('data:describe', { data: { kind: 'folder', path: join(t.userDataDir, 'nope') } })).rejects.toThrow(/data:describe failed: Dataset folder .*nope does not exist/);
  });

  it('describes an image folder from its listing, decoding only a sample per class', async () => {
    const t = setup();
    const root = join(t.userDataDir, 'shapes');
    const sizes = { circle: 40, square: 35, triangle: 3 };
    for (const [name, n] of Object.entries(sizes)) {
      mkdirSync(join(root, name), { recursive: true });
      for (let i = 0; i < n; i++) {
        const pixels = new Uint8Array(12 * 12 * 3).fill(name === 'circle' ? 200 : name === 'square' ? 90 : 20);
        writeFileSync(join(root, name, `${i}.png`), imageToPng(pixels, [12, 12, 3]));
      }
    }
    // Past the 32 decoded per class (files sort by name): only the listing sees it, the trainer decodes it.
    writeFileSync(join(root, 'circle', 'zz-unread.png'), 'not really a PNG');
    const model = { inputShape: [16, 16, 3], units: 3, loss: 'categoricalCrossentropy' };
    const d = await t.call('data:describe', { data: { kind: 'folder', path: root }, model, perClass: 4 });
    expect(d.classes).toEqual(['circle', 'square', 'triangle']);
    expect(d.counts).toEqual([41, 35, 3]);
    expect(d.count).toBe(79);
    expect(d.shape).toEqual([16, 16, 3]);
    expect(d.problems).toEqual([]);
    expect(d.testSplit).toBe(false);
    // A stray file is named before any training starts.
    writeFileSync(join(root, 'square', 'notes.txt'), 'not an image');
    await expect(t.call('data:describe', { data: { kind: 'folder', path: root }, model })).rejects.toThrow(/notes\.txt is not an image/);
  });

  it('previews augmentation: seeded copies of one image that differ from it', async () => {
    const t = setup();
    const spec = { data: { kind: 'mnist', limit: 100 }, model: { inputShape: [28, 28, 1], units: 10, loss: 'categoricalCrossentropy' } };
    const a = await t.call('data:augment-preview', { ...spec, augmentation: { rotation: 30, crop: { mode: 'pad', pad: 4 } }, index: 5, count: 4 });
    expect(a.index).toBe(5);
    expect(a.images).toHaveLength(4);
    for (const img of a.images) expect(img).not.toBe(a.original);
    const b = await t.call('data:augment-preview', { ...spec, augmentation: { rotation: 30, crop: { mode: 'pad', pad: 4 } }, index: 5, count: 4 });
    expect(b.images).toEqual(a.images);
    await expect(t.call('data:augment-preview', { ...spec, augmentation: { rotation: 400 } })).rejects.toThrow(/rotation must be 0 to 180 degrees; received 400/);
  });
});
