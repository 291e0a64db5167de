/**
 * runTraining in-process on a synthetic set with a tiny MLP on the plain tfjs CPU backend:
 * event order and contents, checkpoints, resume, Stop within one batch, NaN loss, no tensor
 * leaks, data/model mismatch messages.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runTraining } from '../../../electron/trainer/run.ts';
import type { TrainRequestInput } from '../../../shared/train/request.ts';
import { collector, mlpProject, patchDataset, tempDir } from './fixtures.ts';

const data = patchDataset(300, 3);
const loadDataset = async () => data;

function request(over: Partial<TrainRequestInput> = {}, settings: Record<string, unknown> = {}): TrainRequestInput {
  return {
    type: 'train',
    runId: 'r1',
    runsDir: tempDir(),
    project: mlpProject(3) as Record<string, unknown>,
    data: { kind: 'mnist' },
    settings: { engine: 'cpu', epochs: 4, batchSize: 30, learningRate: 0.01, validationSplit: 0.2, ...settings },
    ...over,
  };
}

describe('runTraining on a tiny MLP (plain tfjs cpu)', () => {
  it('emits started, batches, epochs, checkpoints, evaluated, done in order, and learns', async () => {
    const c = collector();
    const req = request();
    const done = await runTraining(req, c.emit, new AbortController().signal, { loadDataset, batchIntervalMs: 0 });
    expect(done.type).toBe('done');
    const types = c.events.map((e) => e.type);
    expect(types[0]).toBe('started');
    expect(types.at(-1)).toBe('done');
    expect(types.at(-2)).toBe('evaluated');
    // Each epoch: its 8 batches, then the epoch event, then its checkpoint.
    const perEpoch = types.slice(1, -2).join(',');
    const one = [...Array(8).fill('batch'), 'epoch', 'checkpoint'].join(',');
    expect(perEpoch).toBe(Array(4).fill(one).join(','));
    expect(c.events.every((e) => e.runId === 'r1')).toBe(true);

    const started = c.of('started')[0]!;
    expect(started).toMatchObject({ engine: 'cpu', samples: { train: 240, validation: 60, test: 0 }, loss: 'categoricalCrossentropy', batchesPerEpoch: 8, startEpoch: 1, epochs: 4, classes: ['corner0', 'corner1', 'corner2'] });
    expect(started.params.total).toBe(64 * 16 + 16 + 16 * 3 + 3);
    expect(started.memoryEstimate.bytes.total).toBeGreaterThan(0);
    expect(started.lossReason).toMatch(/softmax over 3 classes/);

    const epochs = c.of('epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    for (const e of epochs) {
      expect(e.samplesPerSecond).toBeGreaterThan(0);
      expect(e.val_loss).not.toBeNull();
    }
    expect(epochs[3]!.etaSeconds).toBe(0);
    expect(epochs[3]!.loss).toBeLessThan(epochs[0]!.loss);
    const batches = c.of('batch');
    expect(batches[0]).toMatchObject({ epoch: 1, batch: 1, batches: 8 });

    const evaluated = c.of('evaluated')[0]!;
    expect(evaluated.on).toBe('validation');
    expect(evaluated.samples).toBe(60);
    // The confusion matrix adds up to the samples and its diagonal is the accuracy.
    const total = evaluated.confusion.flat().reduce((a, b) => a + b, 0);
    const diagonal = evaluated.confusion.reduce((s, row, i) => s + row[i]!, 0);
    expect(total).toBe(60);
    expect(diagonal / total).toBeCloseTo(evaluated.accuracy!, 10);
    expect(evaluated.accuracy).toBeGreaterThan(0.8);

    if (done.type !== 'done') throw new Error('not done');
    expect(done).toMatchObject({ stopped: false, stoppedEarly: false, epochs: 4, engine: 'cpu' });
    expect(done.final.val_accuracy).toBe(epochs[3]!.val_accuracy);
    expect(done.history).toHaveLength(4);

    const runDir = join(req.runsDir, 'r1');
    const pointer = JSON.parse(readFileSync(join(runDir, 'checkpoint.json'), 'utf8'));
    expect(pointer.epoch).toBe(4);
    expect(existsSync(join(runDir, pointer.model))).toBe(true);
    expect(existsSync(join(runDir, 'checkpoints', 'epoch-3'))).toBe(false);
  });

  it('keeps the tensor count flat across epochs (no leaks)', async () => {
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    await runTraining(request({}, { epochs: 5 }), (e) => e.type === 'epoch' && counts.push(tf.memory().numTensors), new AbortController().signal, { loadDataset });
    expect(counts).toHaveLength(5);
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops within one batch when the signal aborts, and reports stopped', async () => {
    const c = collector();
    const ac = new AbortController();
    const done = await runTraining(request({}, { epochs: 4 }), c.emit, ac.signal, {
      loadDataset,
      batchIntervalMs: 0,
      onBatch: (epoch, batch) => epoch === 2 && batch === 3 && ac.abort(),
    });
    expect(done).toMatchObject({ type: 'done', stopped: true, epochs: 1 });
    const last = c.of('batch').at(-1)!;
    expect([last.epoch, last.batch]).toEqual([2, 3]);
    expect(c.of('epoch').map((e) => e.epoch)).toEqual([1]);
    expect(c.of('evaluated')).toHaveLength(0);
  });

  it('resumes from the last checkpoint at the next epoch, keeping the curves', async () => {
    const first = request({}, { epochs: 2 });
    const c1 = collector();
    await runTraining(first, c1.emit, new AbortController().signal, { loadDataset, batchIntervalMs: 0 });
    const c2 = collector();
    const done = await runTraining({ ...first, resume: true, settings: { ...first.settings, epochs: 4 } }, c2.emit, new AbortController().signal, { loadDataset, batchIntervalMs: 0 });
    expect(c2.of('started')[0]!.startEpoch).toBe(3);
    expect(c2.of('log').map((l) => l.message).join('\n')).toMatch(/resumed after epoch 2.*optimizer state/);
    expect(c2.of('epoch').map((e) => e.epoch)).toEqual([3, 4]);
    if (done.type !== 'done') throw new Error(JSON.stringify(done));
    expect(done.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(done.history[0]!.loss).toBe(c1.of('epoch')[0]!.loss);
    // The trained weights were loaded: the first batch after resuming is far below a fresh start.
    const fresh = c1.of('batch')[0]!.loss;
    const resumed = c2.of('batch')[0]!.loss;
    expect(resumed).toBeLessThan(fresh * 0.8);
  });

  it('stops at the batch where the loss becomes NaN, naming epoch and batch', async () => {
    const c = collector();
    const done = await runTraining(request({}, { optimizer: 'sgd', learningRate: 1e30, loss: 'meanSquaredError' }), c.emit, new AbortController().signal, { loadDataset, batchIntervalMs: 0 });
    expect(done.type).toBe('error');
    if (done.type !== 'error') return;
    expect(done.code).toBe('NAN_LOSS');
    expect(done.epoch).toBe(1);
    expect(done.batch).toBeGreaterThanOrEqual(2);
    expect(done.message).toContain(`epoch 1, batch ${done.batch} of 8`);
    expect(done.message).toMatch(/learning rate/);
    // Nothing trained after the bad batch.
    expect(c.of('batch').every((b) => b.batch < done.batch!)).toBe(true);
    expect(c.events.at(-1)).toBe(done);
  });

  it('refuses data whose classes do not match the output units, naming file and layer', async () => {
    const c = collector();
    const done = await runTraining(request({ project: mlpProject(2) as Record<string, unknown> }), c.emit, new AbortController().signal, { loadDataset });
    expect(done).toMatchObject({ type: 'error', code: 'DATA' });
    expect(done.type === 'error' && done.message).toMatch(/\/virtual\/patches.* has 3 classes .* ends in 2 output units\. Use Dense\(3\).* \(output layer "out"\)/);
    expect(c.of('started')).toHaveLength(0);
  });

  it('refuses images of the wrong size, naming the file', async () => {
    const big = { ...patchDataset(10), shape: [4, 16, 1] as [number, number, number] };
    const wrong = { ...big, images: new Uint8Array(10 * 4 * 16 * 2), shape: [4, 16, 2] as [number, number, number] };
    const done = await runTraining(request(), () => {}, new AbortController().signal, { loadDataset: async () => wrong });
    expect(done).toMatchObject({ type: 'error', code: 'DATA' });
    expect(done.type === 'error' && done.message).toMatch(/images of patches \(\/virtual\/patches\) are 4x16x2 but the model input is 8x8x1/);
  });

  it('reports graph errors as COMPILE before loading data', async () => {
    const project = mlpProject(3);
    project.edges = project.edges.filter((e) => e.id !== 'e2');
    let loaded = false;
    const done = await runTraining(request({ project: project as Record<string, unknown> }), () => {}, new AbortController().signal, {
      loadDataset: async () => ((loaded = true), data),
    });
    expect(done).toMatchObject({ type: 'error', code: 'COMPILE' });
    expect(loaded).toBe(false);
  });

  it('stops early when the monitored value does not improve for `patience` epochs', async () => {
    const c = collector();
    const done = await runTraining(request({}, { epochs: 10, earlyStopping: { monitor: 'val_accuracy', patience: 2, minDelta: 2 } }), c.emit, new AbortController().signal, { loadDataset });
    expect(done).toMatchObject({ type: 'done', stoppedEarly: true, stopped: false, epochs: 3 });
    expect(c.of('log').some((l) => /early stopping after epoch 3/.test(l.message))).toBe(true);
  });

  it('the same seed gives the same run (split, order, initial weights); another seed does not', async () => {
    const losses = async (seed: number) => {
      const c = collector();
      await runTraining(request({}, { epochs: 2, seed }), c.emit, new AbortController().signal, { loadDataset, batchIntervalMs: 0 });
      return c.of('batch').map((b) => b.loss);
    };
    const a = await losses(5);
    expect(await losses(5)).toEqual(a);
    expect(await losses(6)).not.toEqual(a);
  });

  it('applies augmentation on the fly (batches differ from an unaugmented run) and rejects bad settings', async () => {
    const losses = async (augmentation: Record<string, unknown>) => {
      const c = collector();
      const done = await runTraining(request({}, { epochs: 1, augmentation }), c.emit, new AbortController().signal, { loadDataset, batchIntervalMs: 0 });
      return { done, losses: c.of('batch').map((b) => b.loss) };
    };
    const plain = await losses({});
    const flipped = await losses({ flip: true, colorShift: 20 });
    expect(flipped.done.type).toBe('done');
    // Same seed, so the same samples and initial weights: only the augmented pixels differ.
    expect(flipped.losses).toHaveLength(plain.losses.length);
    expect(flipped.losses[0]).not.toBe(plain.losses[0]);
    const bad = await losses({ rotation: 500 });
    expect(bad.done).toMatchObject({ type: 'error', code: 'DATA' });
    expect(bad.done.type === 'error' && bad.done.message).toMatch(/rotation must be 0 to 180 degrees; received 500/);
  });

  it('a stop while the data loads ends as stopped, not as an error', async () => {
    const ac = new AbortController();
    const slowLoad = (_spec: unknown, options: { signal?: AbortSignal }) =>
      new Promise<never>((_resolve, reject) => options.signal!.addEventListener('abort', () => reject(options.signal!.reason)));
    const pending = runTraining(request(), () => {}, ac.signal, { loadDataset: slowLoad });
    setTimeout(() => ac.abort(), 10);
    expect(await pending).toMatchObject({ type: 'done', stopped: true, epochs: 0, history: [] });
  });
});
