/**
 * Transfer learning and the evaluate / predict jobs, in-process: weights copied by layer name
 * and shape from a run folder (which layers matched is reported), a frozen base that stays
 * bit-identical while the new head trains, evaluation of a saved run, and class probabilities
 * for PNG files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelFile, resolveModelPath } from '../../../electron/trainer/checkpoint.ts';
import { runJob } from '../../../electron/trainer/jobs.ts';
import { runTraining } from '../../../electron/trainer/run.ts';
import { validateProject } from '../../../shared/graph/load.ts';
import { replaceHead } from '../../../shared/train/replaceHead.ts';
import { collector, mlpProject, patchDataset, tempDir } from './fixtures.ts';

const three = patchDataset(300, 3, 11);
const two = patchDataset(200, 2, 12);
const runsDir = tempDir();
const baseDir = join(runsDir, 'base');

async function weightsOf(modelJson: string, name: string): Promise<Float32Array> {
  const file = await readModelFile(modelJson);
  const named = tf.io.decodeWeights(file.artifacts.weightData as ArrayBuffer, file.artifacts.weightSpecs!);
  const values = named[name]!.dataSync() as Float32Array;
  tf.dispose(Object.values(named));
  return values;
}

beforeAll(async () => {
  const done = await runTraining(
    { type: 'train', runId: 'base', runsDir, project: mlpProject(3) as Record<string, unknown>, data: { kind: 'mnist' }, settings: { engine: 'cpu', epochs: 6, batchSize: 30, learningRate: 0.01 } },
    () => {},
    new AbortController().signal,
    { loadDataset: async () => three },
  );
  if (done.type !== 'done') throw new Error(done.message);
});

describe('transfer learning', () => {
  it('loads matching layers from a run, reports the rest, and keeps a frozen base unchanged', async () => {
    const loaded = validateProject(mlpProject(3));
    if (!loaded.ok) throw new Error(loaded.error.message);
    const edited = replaceHead(loaded.project, 1, { freezeBase: true });
    if (!edited.ok) throw new Error(edited.message);
    const c = collector();
    const done = await runTraining(
      { type: 'train', runId: 'fine', runsDir, project: edited.project as unknown as Record<string, unknown>, data: { kind: 'mnist' }, initialWeights: { path: baseDir }, settings: { engine: 'cpu', epochs: 3, batchSize: 20, learningRate: 0.05 } },
      c.emit,
      new AbortController().signal,
      { loadDataset: async () => two },
    );
    expect(done.type, JSON.stringify(done)).toBe('done');
    const weights = c.of('weights')[0]!;
    expect(weights.source).toBe(join(baseDir, 'checkpoints', 'epoch-6', 'model.json'));
    expect(weights.matched).toEqual(['hidden']);
    expect(weights.skipped).toEqual([{ layer: 'head', reason: 'no weight "head/kernel" in model.json' }]);
    // Events: weights come right after started, before the first batch.
    expect(c.events.map((e) => e.type).slice(0, 3)).toEqual(['started', 'weights', 'batch']);
    expect(c.of('started')[0]!.params.trainable).toBe(16 + 1);

    const base = (await resolveModelPath(baseDir)).modelJson;
    const fine = (await resolveModelPath(join(runsDir, 'fine'))).modelJson;
    expect(Array.from(await weightsOf(fine, 'hidden/kernel'))).toEqual(Array.from(await weightsOf(base, 'hidden/kernel')));
    expect(Array.from(await weightsOf(fine, 'hidden/bias'))).toEqual(Array.from(await weightsOf(base, 'hidden/bias')));
    // The head did train on the frozen features.
    const evaluated = c.of('evaluated')[0]!;
    expect(evaluated.accuracy).toBeGreaterThan(0.8);
  });

  it('names the layers whose shapes do not match', async () => {
    const other = mlpProject(4);
    const c = collector();
    await runTraining(
      { type: 'train', runId: 'shape', runsDir, project: other as Record<string, unknown>, data: { kind: 'mnist' }, initialWeights: { path: join(baseDir, 'checkpoints', 'epoch-6', 'model.json') }, settings: { engine: 'cpu', epochs: 1 } },
      c.emit,
      new AbortController().signal,
      { loadDataset: async () => patchDataset(40, 4) },
    );
    expect(c.of('weights')[0]).toMatchObject({ matched: ['hidden'], skipped: [{ layer: 'out', reason: 'out/kernel: saved 16x3, model needs 16x4' }] });
  });
});

describe('evaluate and predict jobs', () => {
  it('evaluates a run folder on data: confusion matrix and accuracy agree with tfjs predictions', async () => {
    const c = collector();
    const done = await runJob({ type: 'evaluate', runId: 'ev', model: baseDir, data: { kind: 'mnist' }, engine: 'cpu' }, c.emit, new AbortController().signal, { loadDataset: async () => three });
    expect(done.type, JSON.stringify(done)).toBe('done');
    const ev = c.of('evaluated')[0]!;
    expect(ev).toMatchObject({ on: 'data', samples: 300, classes: ['corner0', 'corner1', 'corner2'] });
    // Independent check: load the checkpoint with tf.loadLayersModel and count argmax hits.
    const file = await readModelFile((await resolveModelPath(baseDir)).modelJson);
    const model = await tf.loadLayersModel(tf.io.fromMemory(file.artifacts));
    const x = tf.tensor4d(Float32Array.from(three.images, (v) => v / 255), [300, 8, 8, 1]);
    const predicted = (model.predict(x) as tf.Tensor).argMax(1).dataSync();
    let hits = 0;
    for (let i = 0; i < 300; i++) if (predicted[i] === three.labels[i]) hits++;
    tf.dispose([x]);
    model.dispose();
    expect(ev.accuracy).toBeCloseTo(hits / 300, 10);
    expect(ev.confusion.flat().reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('predicts class probabilities for PNG files', async () => {
    const dir = tempDir();
    const files: string[] = [];
    for (const i of [0, 1, 2, 3, 4, 5]) {
      const png = new PNG({ width: 8, height: 8 });
      for (let p = 0; p < 64; p++) {
        const v = three.images[i * 64 + p]!;
        png.data.set([v, v, v, 255], p * 4);
      }
      const file = join(dir, `sample${i}.png`);
      writeFileSync(file, PNG.sync.write(png));
      files.push(file);
    }
    const c = collector();
    const done = await runJob({ type: 'predict', model: baseDir, images: files, engine: 'cpu' }, c.emit, new AbortController().signal);
    expect(done.type, JSON.stringify(done)).toBe('done');
    const predicted = c.of('predicted')[0]!;
    expect(predicted.classes).toEqual(['corner0', 'corner1', 'corner2']);
    expect(predicted.predictions.map((p) => p.source)).toEqual(files);
    for (const p of predicted.predictions) expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const right = predicted.predictions.filter((p, i) => p.top.index === three.labels[i]).length;
    expect(right).toBeGreaterThanOrEqual(5);
    expect(predicted.predictions[0]!.top.label).toBe(predicted.classes[predicted.predictions[0]!.top.index]);
  });

  it('names an unreadable image and a missing model', async () => {
    const bad = join(tempDir(), 'broken.png');
    writeFileSync(bad, 'not an image');
    const r1 = await runJob({ type: 'predict', model: baseDir, images: [bad], engine: 'cpu' }, () => {}, new AbortController().signal);
    expect(r1).toMatchObject({ type: 'error', code: 'DATA' });
    expect(r1.type === 'error' && r1.message).toContain(bad);
    const r2 = await runJob({ type: 'predict', model: '/no/such/run', images: [bad], engine: 'cpu' }, () => {}, new AbortController().signal);
    expect(r2).toMatchObject({ type: 'error', code: 'CHECKPOINT', message: '/no/such/run: no such file or folder; give a run folder or a model.json' });
  });
});
