// Whole models on fastcpu against tfjs' CPU backend: the gradient of the loss for every weight
// (HappyModel-like, a residual stage with BatchNorm, LeNet-like, depthwise-separable), weights
// after SGD steps, and a tensor count that stays flat across training epochs.
import { describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { relError, seeded, sizeOf, tf } from './compare.ts';

const TOL = 1e-4;
type Build = () => TF.LayersModel;

function happy(): TF.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.zeroPadding2d({ padding: 3, inputShape: [16, 16, 3] }));
  m.add(tf.layers.conv2d({ filters: 8, kernelSize: 7 }));
  m.add(tf.layers.batchNormalization({ axis: 3 }));
  m.add(tf.layers.activation({ activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  return m;
}

function convBn(x: TF.SymbolicTensor, filters: number, kernelSize: number, strides = 1, relu = true): TF.SymbolicTensor {
  let y = tf.layers.conv2d({ filters, kernelSize, strides, padding: kernelSize === 1 ? 'valid' : 'same' }).apply(x) as TF.SymbolicTensor;
  y = tf.layers.batchNormalization({ axis: 3 }).apply(y) as TF.SymbolicTensor;
  return relu ? (tf.layers.activation({ activation: 'relu' }).apply(y) as TF.SymbolicTensor) : y;
}

/** A conv block (projection shortcut, stride 2) then an identity block, filters [4, 4, 8]. */
function residual(): TF.LayersModel {
  const input = tf.input({ shape: [8, 8, 4] });
  let y = convBn(convBn(convBn(input, 4, 1, 2), 4, 3), 8, 1, 1, false);
  let shortcut = convBn(input, 8, 1, 2, false);
  let x = tf.layers.activation({ activation: 'relu' }).apply(tf.layers.add().apply([y, shortcut])) as TF.SymbolicTensor;
  y = convBn(convBn(convBn(x, 4, 1), 4, 3), 8, 1, 1, false);
  shortcut = x;
  x = tf.layers.activation({ activation: 'relu' }).apply(tf.layers.add().apply([y, shortcut])) as TF.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({}).apply(x) as TF.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(pooled) as TF.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

function lenet(): TF.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ filters: 6, kernelSize: 5, activation: 'tanh', inputShape: [16, 16, 1] }));
  m.add(tf.layers.averagePooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }));
  m.add(tf.layers.averagePooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 12, activation: 'relu' }));
  m.add(tf.layers.dense({ units: 4, activation: 'softmax' }));
  return m;
}

function separable(): TF.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', inputShape: [10, 10, 3] }));
  m.add(tf.layers.batchNormalization({ axis: 3 }));
  m.add(tf.layers.separableConv2d({ filters: 5, kernelSize: 3, strides: 2, activation: 'relu' }));
  m.add(tf.layers.globalMaxPooling2d({}));
  m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  return m;
}

const models: [string, Build, string][] = [
  ['HappyModel-like (pad, conv 7x7, BN, ReLU, max-pool, dense)', happy, 'binaryCrossentropy'],
  ['residual stage (conv block + identity block, BN)', residual, 'categoricalCrossentropy'],
  ['LeNet-like (tanh, average pooling, dense)', lenet, 'categoricalCrossentropy'],
  ['depthwise-separable with BN', separable, 'categoricalCrossentropy'],
];

function batch(model: TF.LayersModel, n: number, seed: number): [TF.Tensor, TF.Tensor] {
  const inShape = [n, ...(model.inputs[0]!.shape.slice(1) as number[])];
  const units = model.outputs[0]!.shape[1] as number;
  const x = tf.tensor(seeded(sizeOf(inShape), seed), inShape);
  const labels = Array.from({ length: n }, (_, i) => (i * 7 + seed) % units);
  const y = units === 1 ? tf.tensor2d(labels.map((l, i) => (i % 2) + l * 0), [n, 1]) : tf.oneHot(tf.tensor1d(labels, 'int32'), units).toFloat();
  return [x, y];
}

async function gradientsOn(backend: 'cpu' | 'wasm', model: TF.LayersModel, loss: string, xs: Float32Array, ys: Float32Array, n: number) {
  await tf.setBackend(backend);
  const inShape = [n, ...(model.inputs[0]!.shape.slice(1) as number[])];
  const units = model.outputs[0]!.shape[1] as number;
  const lossFn = loss === 'binaryCrossentropy' ? tf.metrics.binaryCrossentropy : tf.metrics.categoricalCrossentropy;
  const grads = tf.tidy(() => {
    const x = tf.tensor(xs, inShape);
    const y = tf.tensor(ys, [n, units]);
    const vars = model.trainableWeights.map((w) => (w as unknown as { val: TF.Variable }).val);
    return tf.variableGrads(() => tf.mean(lossFn(y, model.apply(x, { training: true }) as TF.Tensor)) as TF.Scalar, vars).grads;
  });
  const out = new Map(Object.entries(grads).map(([k, g]) => [k, Float32Array.from(g.dataSync())]));
  tf.dispose(grads);
  return out;
}

describe('whole-model gradients: fastcpu equals the CPU backend', () => {
  it.each(models)('%s', async (_, build, loss) => {
    await tf.setBackend('wasm');
    const model = build();
    const n = 4;
    const [x, y] = batch(model, n, 3);
    const xs = Float32Array.from(x.dataSync());
    const ys = Float32Array.from(y.dataSync());
    tf.dispose([x, y]);
    const ref = await gradientsOn('cpu', model, loss, xs, ys, n);
    const got = await gradientsOn('wasm', model, loss, xs, ys, n);
    expect([...got.keys()].sort()).toEqual([...ref.keys()].sort());
    expect(ref.size).toBe(model.trainableWeights.length);
    // A bias right before BatchNorm has a gradient of exactly zero in theory (BN removes the
    // mean); both backends then hold rounding noise, so such tensors (below 1e-4 of the largest
    // gradient in the model) must be that small on fastcpu too. The others: relative error.
    const maxAbs = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const globalMax = Math.max(...[...ref.values()].map(maxAbs));
    const errors = [...ref].map(([k, r]) => {
      const g = got.get(k)!;
      const error = maxAbs(r) < 1e-4 * globalMax ? maxAbs(g) / globalMax : relError(g, r);
      return [k, error] as const;
    });
    const worst = errors.reduce((a, b) => (b[1] > a[1] ? b : a));
    if (process.env.FASTCPU_DEBUG) console.log(errors.map(([k, e]) => `${k} ${e.toExponential(1)}`).join('\n'));
    expect(worst[1], `worst: ${worst[0]}`).toBeLessThan(TOL);
    model.dispose();
  });
});

describe('training with model.fit', () => {
  it('SGD steps move the weights as on the CPU backend', async () => {
    const weightsAfter = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const model = residual();
      // Same start on both backends: deterministic weights.
      model.setWeights(model.getWeights().map((w, i) => tf.tensor(seeded(w.size, 100 + i).map((v) => v * 0.3), w.shape)));
      model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
      const [x, y] = batch(model, 6, 5);
      for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
      const out = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
      tf.dispose([x, y]);
      model.dispose();
      return out;
    };
    const ref = await weightsAfter('cpu');
    const got = await weightsAfter('wasm');
    const worst = Math.max(...ref.map((r, i) => relError(got[i]!, r)));
    expect(worst).toBeLessThan(TOL);
  });

  it.each(models)('%s: tensor count flat across epochs', async (_, build, loss) => {
    await tf.setBackend('wasm');
    const model = build();
    model.compile({ optimizer: tf.train.adam(1e-3), loss });
    const [x, y] = batch(model, 8, 9);
    const counts: number[] = [];
    await model.fit(x, y, {
      epochs: 4,
      batchSize: 4,
      verbose: 0,
      callbacks: { onEpochEnd: async () => void counts.push(tf.memory().numTensors) },
    });
    expect(counts.length).toBe(4);
    expect(new Set(counts.slice(1)).size, `tensors after each epoch: ${counts.join(', ')}`).toBe(1);
    expect(counts[1]! - counts[0]!).toBe(0);
    tf.dispose([x, y]);
    model.dispose();
  });
});
