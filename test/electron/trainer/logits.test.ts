/**
 * Cross-entropy from logits (electron/trainer/logits.ts): values and gradients against the
 * stable formulas computed here in float64 (Keras' sigmoid/softmax_cross_entropy_with_logits) on
 * saturated logits; the logits view shares the Keras model's layers and names; a model whose
 * sigmoid output starts saturated still learns (tfjs' clipped loss leaves it stuck).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import { saveModel } from '../../../electron/trainer/checkpoint.ts';
import { logitsTraining, sigmoidCrossEntropyFromLogits, softmaxCrossEntropyFromLogits, sparseSoftmaxCrossEntropyFromLogits } from '../../../electron/trainer/logits.ts';
import { runTraining } from '../../../electron/trainer/run.ts';
import { loadSavedModel, runJob } from '../../../electron/trainer/jobs.ts';
import { collector, mlpProject, patchDataset, tempDir } from './fixtures.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Independent references in float64.
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const bceFromLogits = (y: number, z: number) => Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
function logSumExp(z: number[]): number {
  const m = Math.max(...z);
  return m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
}

const Z = [-40, -20, -5, -0.5, 0, 0.5, 5, 20, 40];

describe('binary cross-entropy from logits', () => {
  it('matches max(z,0) - z*y + log(1+exp(-|z|)) and its gradient sigmoid(z) - y, also saturated', () => {
    for (const y of [0, 1]) {
      const z = tf.tensor2d(Z, [Z.length, 1]);
      const labels = tf.fill([Z.length, 1], y);
      const loss = sigmoidCrossEntropyFromLogits(tf, labels, z);
      const grad = tf.grad((zz: tf.Tensor) => tf.sum(sigmoidCrossEntropyFromLogits(tf, labels, zz)))(z);
      const lv = loss.dataSync();
      const gv = grad.dataSync();
      expect(loss.shape).toEqual([Z.length]);
      Z.forEach((zi, i) => {
        expect(lv[i]).toBeCloseTo(bceFromLogits(y, zi), 4);
        expect(gv[i]).toBeCloseTo(sigmoid(zi) - y, 6);
      });
      // A confidently wrong answer costs |z| and keeps a full-size gradient.
      expect(lv[y === 0 ? Z.length - 1 : 0]).toBeCloseTo(40, 4);
      expect(Math.abs(gv[y === 0 ? Z.length - 1 : 0]!)).toBeCloseTo(1, 6);
      tf.dispose([z, labels, loss, grad]);
    }
  });

  it("is what tfjs' clipped binaryCrossentropy on sigmoid(z) is not: there the saturated gradient is 0", () => {
    const z = tf.tensor2d([40, -40], [2, 1]);
    const y = tf.tensor2d([0, 1], [2, 1]);
    const clipped = tf.grad((zz: tf.Tensor) => tf.sum(tf.metrics.binaryCrossentropy(y, tf.sigmoid(zz))))(z).dataSync();
    const ours = tf.grad((zz: tf.Tensor) => tf.sum(sigmoidCrossEntropyFromLogits(tf, y, zz)))(z).dataSync();
    expect([...clipped]).toEqual([0, 0]);
    expect(ours[0]).toBeCloseTo(1, 6);
    expect(ours[1]).toBeCloseTo(-1, 6);
  });
});

describe('categorical cross-entropy from logits', () => {
  const rows = [
    [40, -40, 0],
    [-40, 40, 0],
    [0.3, -1.2, 2],
    [25, 25, -30],
  ];
  const labels = [1, 0, 2, 2];

  it('matches logSumExp(z) - z[y] and its gradient softmax(z) - onehot(y), saturated rows included', () => {
    const z = tf.tensor2d(rows);
    const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
    const loss = softmaxCrossEntropyFromLogits(tf, onehot, z).dataSync();
    const grad = tf.grad((zz: tf.Tensor) => tf.sum(softmaxCrossEntropyFromLogits(tf, onehot, zz)))(z).arraySync() as number[][];
    const sparse = sparseSoftmaxCrossEntropyFromLogits(tf, tf.tensor2d(labels, [4, 1]), z).dataSync();
    rows.forEach((r, i) => {
      const lse = logSumExp(r);
      expect(loss[i]).toBeCloseTo(lse - r[labels[i]!]!, 4);
      expect(sparse[i]).toBeCloseTo(loss[i]!, 6);
      r.forEach((v, k) => expect(grad[i]![k]).toBeCloseTo(Math.exp(v - lse) - (k === labels[i] ? 1 : 0), 6));
    });
    expect(loss[0]).toBeCloseTo(80, 3);
  });
});

describe('logitsTraining', () => {
  it('shares the layers of the Keras model; its output is the logits of the sigmoid output layer', () => {
    const keras = compileToTfjs(tf, mlpProject(1));
    const view = logitsTraining(tf, keras, 'binaryCrossentropy')!;
    expect(view.activation).toBe('sigmoid');
    expect(view.model.layers.map((l) => l.name)).toEqual(keras.layers.map((l) => l.name));
    expect(view.model.getLayer('hidden')).toBe(keras.getLayer('hidden'));
    expect(view.model.getLayer('out')).not.toBe(keras.getLayer('out'));
    expect((view.model.getLayer('out').getConfig() as { activation: string }).activation).toBe('linear');
    const x = tf.randomUniform([5, 8, 8, 1], 0, 1, 'float32', 3);
    const p = keras.predict(x) as tf.Tensor;
    const z = view.model.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(tf.sigmoid(z), p))).dataSync()[0]).toBeLessThan(1e-6);

    // Weights changed in the view reach the Keras model with toKeras, and back with fromKeras.
    const out = view.model.getLayer('out');
    out.setWeights(out.getWeights().map((w) => tf.add(w, 0.5)));
    expect(tf.max(tf.abs(tf.sub(tf.sigmoid(view.model.predict(x) as tf.Tensor), keras.predict(x) as tf.Tensor))).dataSync()[0]).toBeGreaterThan(1e-3);
    view.toKeras();
    expect(tf.max(tf.abs(tf.sub(tf.sigmoid(view.model.predict(x) as tf.Tensor), keras.predict(x) as tf.Tensor))).dataSync()[0]).toBeLessThan(1e-6);
    const before = tf.memory().numTensors;
    view.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
    keras.dispose();
  });

  it('reaches the input of a bare Softmax or Activation output layer, and declines what it cannot split', () => {
    const project = mlpProject(3);
    project.nodes[3] = { id: 'out', kind: 'Dense', name: 'out', params: { units: 3 } };
    project.nodes.push({ id: 'sm', kind: 'Activation', name: 'probs', params: { activation: 'softmax' } });
    project.edges.push({ id: 'e4', source: 'out', target: 'sm' });
    const keras = compileToTfjs(tf, project);
    const view = logitsTraining(tf, keras, 'sparseCategoricalCrossentropy')!;
    expect(view.activation).toBe('softmax');
    expect(view.model.layers.map((l) => l.name)).toEqual(['input_1', 'flatten', 'hidden', 'out']);
    expect(logitsTraining(tf, keras, 'binaryCrossentropy')).toBeUndefined();
    expect(logitsTraining(tf, keras, 'meanSquaredError')).toBeUndefined();
    view.dispose();
    keras.dispose();
  });
});

describe('a sigmoid output that starts saturated', () => {
  /** The binary MLP with its output bias at +40: sigmoid(z) is 1.0 in float32 for every sample. */
  async function saturatedStart(): Promise<string> {
    const keras = compileToTfjs(tf, mlpProject(1, 'saturated'));
    // Seeded Glorot-uniform start for every layer, so the run is the same each time (an unseeded
    // start made this test pass or fail by chance).
    keras.layers.forEach((layer, i) => {
      const ws = layer.getWeights();
      if (ws.length === 0) return;
      layer.setWeights(
        ws.map((w, j) => {
          const [fanIn, fanOut] = w.shape.length === 2 ? [w.shape[0]!, w.shape[1]!] : [1, 1];
          const limit = w.shape.length === 2 ? Math.sqrt(6 / (fanIn + fanOut)) : 0;
          return limit === 0 ? tf.zerosLike(w) : tf.randomUniform(w.shape, -limit, limit, 'float32', 1000 + 10 * i + j);
        }),
      );
    });
    const out = keras.getLayer('out');
    const [kernel, bias] = out.getWeights();
    out.setWeights([kernel!, tf.fill(bias!.shape, 40)]);
    const dir = join(tempDir(), 'saturated');
    await saveModel(tf, keras, dir);
    keras.dispose();
    return join(dir, 'model.json');
  }
  const data = patchDataset(200, 2);

  it("stays stuck with tfjs' clipped loss on the probabilities (the failure the logits avoid)", async () => {
    const { model } = await loadSavedModel(tf, await saturatedStart());
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
    const before = model.getLayer('out').getWeights().map((w) => w.arraySync());
    const x = tf.tensor4d(Float32Array.from(data.images, (v) => v / 255), [200, 8, 8, 1]);
    const y = tf.tensor2d(Float32Array.from(data.labels), [200, 1]);
    for (let step = 0; step < 10; step++) await model.trainOnBatch(x, y);
    // No gradient reaches the output layer: it has not moved, and every sample is still class 1.
    expect(model.getLayer('out').getWeights().map((w) => w.arraySync())).toEqual(before);
    expect(tf.min(model.predict(x) as tf.Tensor).dataSync()[0]).toBe(1);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('learns when trained through the trainer (loss from the logits), and the checkpoint keeps the sigmoid', async () => {
    const c = collector();
    const runsDir = tempDir();
    const done = await runTraining(
      {
        type: 'train',
        runId: 'sat',
        runsDir,
        project: mlpProject(1, 'saturated') as Record<string, unknown>,
        data: { kind: 'mnist' },
        initialWeights: { path: await saturatedStart() },
        settings: { engine: 'cpu', epochs: 6, batchSize: 20, learningRate: 0.01, validationSplit: 0.25 },
      },
      c.emit,
      new AbortController().signal,
      { loadDataset: async () => data, batchIntervalMs: 0 },
    );
    expect(done.type, JSON.stringify(done)).toBe('done');
    expect(c.of('weights')[0]!.matched).toContain('out');
    expect(c.of('started')[0]!.lossReason).toMatch(/computed from the logits of "out" \(before its sigmoid\)/);
    const epochs = c.of('epoch');
    // At the start every sample is called class 1 with z ~ 40: the first epoch's loss is huge.
    expect(epochs[0]!.loss).toBeGreaterThan(5);
    expect(epochs.at(-1)!.val_accuracy!).toBeGreaterThan(0.9);
    const evaluated = c.of('evaluated')[0]!;

    // The checkpoint is the Keras model: Dense "out" with its sigmoid, same layer names.
    const json = JSON.parse(readFileSync(join(runsDir, 'sat', 'checkpoints', 'epoch-6', 'model.json'), 'utf8'));
    const layers = json.modelTopology.config.layers as { class_name: string; config: { name: string; activation?: string } }[];
    expect(layers.map((l) => l.config.name)).toEqual(['input_1', 'flatten', 'hidden', 'out']);
    expect(layers.at(-1)).toMatchObject({ class_name: 'Dense', config: { activation: 'sigmoid' } });
    // The saved model (probabilities, loaded from disk) classifies the whole set well.
    const e = collector();
    await runJob({ type: 'evaluate', model: join(runsDir, 'sat'), data: { kind: 'mnist' }, engine: 'cpu' }, e.emit, new AbortController().signal, { loadDataset: async () => data });
    const again = e.of('evaluated')[0]!;
    expect(again.samples).toBe(200);
    expect(evaluated.accuracy!).toBeGreaterThan(0.9);
    expect(again.accuracy!).toBeGreaterThan(0.9);
  });
});
