// Keras 3's own files without Keras: a `.keras` archive (config.json + model.weights.h5 in Keras
// 3's layout, where layers are saved under their class's snake-cased name counted in
// model.layers order, not under their own names) and to_json() + a Keras 3 .weights.h5.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import { applyWeights } from '../../../shared/import/index.ts';
import { kerasSnakeCase } from '../../../shared/import/keras3Weights.ts';
import { importModelFile, MAX_JSON_BYTES } from '../../../electron/import/importModel.ts';
import { makeTempDir } from '../../shared/codegen/tempDir.ts';
import { toKeras3, writeKeras3WeightsH5 } from './kerasFormats.ts';
import { writeZip } from './zipFixture.ts';

const tmp = makeTempDir('keras3-import');
afterAll(() => tmp.remove());

/** Layer names unlike their classes, so a reader keyed by layer name would find nothing. */
function smallModel(): tf.LayersModel {
  const x = tf.input({ shape: [8, 8, 3], name: 'pixels' });
  const stem = tf.layers.conv2d({ name: 'stem', filters: 4, kernelSize: 3, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  const norm = tf.layers.batchNormalization({ name: 'norm' }).apply(stem) as tf.SymbolicTensor;
  const act = tf.layers.reLU({ name: 'act' }).apply(norm) as tf.SymbolicTensor;
  const branch = tf.layers.conv2d({ name: 'branch', filters: 2, kernelSize: 1 }).apply(act) as tf.SymbolicTensor;
  const join = tf.layers.concatenate({ name: 'join', axis: 3 }).apply([act, branch]) as tf.SymbolicTensor;
  const pool = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(join) as tf.SymbolicTensor;
  const head = tf.layers.dense({ name: 'head', units: 5 }).apply(pool) as tf.SymbolicTensor;
  const model = tf.model({ inputs: x, outputs: head, name: 'small' });
  // Positive everywhere, so BatchNorm's moving variance is a variance.
  model.setWeights(model.getWeights().map((w, i) => tf.randomUniform(w.shape, 0.5, 1.5, 'float32', 40 + i)));
  return model;
}

/** Keras 3's saving paths for smallModel, written out by hand from saving_lib's naming rule. */
const PATHS: Record<string, string> = { pixels: 'input_layer', stem: 'conv2d', norm: 'batch_normalization', act: 're_lu', branch: 'conv2d_1', join: 'concatenate', pool: 'global_average_pooling2d', head: 'dense' };

async function keras3Weights(model: tf.LayersModel, paths = PATHS): Promise<Uint8Array> {
  return writeKeras3WeightsH5(
    model.layers.map((l) => ({ path: `layers/${paths[l.name]!}`, vars: l.getWeights().map((w) => ({ shape: w.shape, values: w.dataSync() as Float32Array })) })),
  );
}

const configText = (model: tf.LayersModel) => JSON.stringify(toKeras3(model.toJSON(null, false) as Record<string, unknown>));

async function predictsLike(original: tf.LayersModel, file: string, options: Parameters<typeof importModelFile>[1] = {}) {
  const result = await importModelFile(file, options);
  if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`);
  const rebuilt = compileToTfjs(tf, result.model.project);
  applyWeights(tf, rebuilt, result.model.weights!);
  const x = tf.randomNormal([3, 8, 8, 3], 0, 1, 'float32', 5);
  const [a, b] = [original.predict(x) as tf.Tensor, rebuilt.predict(x) as tf.Tensor];
  expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
  tf.dispose([x, a, b]);
  rebuilt.dispose();
  return result.model;
}

describe('Keras 3 files', () => {
  it.each([
    ['Conv2D', 'conv2d'],
    ['ReLU', 're_lu'],
    ['LeakyReLU', 'leaky_re_lu'],
    ['BatchNormalization', 'batch_normalization'],
    ['DepthwiseConv2D', 'depthwise_conv2d'],
    ['GlobalAveragePooling2D', 'global_average_pooling2d'],
    ['InputLayer', 'input_layer'],
    ['Add', 'add'],
  ])("Keras' snake case: %s -> %s", (className, snake) => {
    expect(kerasSnakeCase(className)).toBe(snake);
  });

  it('a .keras archive imports with its weights and predicts what the model predicts', async () => {
    const original = smallModel();
    const file = join(tmp.dir, 'small.keras');
    writeFileSync(
      file,
      writeZip([
        { name: 'metadata.json', data: new TextEncoder().encode('{"keras_version": "3.15.1"}') },
        { name: 'config.json', data: new TextEncoder().encode(configText(original)), deflate: true },
        { name: 'model.weights.h5', data: await keras3Weights(original) },
      ]),
    );
    const model = await predictsLike(original, file);
    expect(model.format).toBe('keras-v3');
    expect(model.project.nodes.find((n) => n.name === 'join')!.params).toEqual({ axis: 3 });
    const bare = await importModelFile(file, { weights: false });
    expect(bare.ok && bare.model.weights).toBeUndefined();
    original.dispose();
  });

  it('to_json() with a Keras 3 .weights.h5 beside it imports with its weights', async () => {
    const original = smallModel();
    const json = join(tmp.dir, 'small.json');
    const weights = join(tmp.dir, 'small.weights.h5');
    writeFileSync(json, configText(original));
    writeFileSync(weights, await keras3Weights(original));
    expect((await predictsLike(original, json, { weightsFile: weights })).format).toBe('keras-json');
    original.dispose();
  });

  it('weights saved from another model are refused, naming the path the model lacks', async () => {
    const original = smallModel();
    const json = join(tmp.dir, 'other.json');
    const weights = join(tmp.dir, 'other.weights.h5');
    writeFileSync(json, configText(original));
    writeFileSync(weights, await keras3Weights(original, { ...PATHS, head: 'conv2d_2' }));
    const result = await importModelFile(json, { weightsFile: weights });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.path).toBe(`${json}: layers/conv2d_2`);
    expect(!result.ok && result.error.message).toContain('the weights belong to another model');
    original.dispose();
  });

  it(`a .keras larger than a model description may be (${MAX_JSON_BYTES} bytes) imports: the limit is for config.json`, async () => {
    const x = tf.input({ shape: [4096], name: 'features' });
    const y = tf.layers.dense({ name: 'wide', units: 4100, useBias: false, kernelInitializer: 'zeros' }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: y });
    const file = join(tmp.dir, 'wide.keras');
    const h5 = await writeKeras3WeightsH5([{ path: 'layers/dense', vars: [{ shape: [4096, 4100], values: new Float32Array(4096 * 4100).fill(0.25) }] }]);
    writeFileSync(file, writeZip([{ name: 'config.json', data: new TextEncoder().encode(configText(model)) }, { name: 'model.weights.h5', data: h5 }]));
    expect(h5.length).toBeGreaterThan(MAX_JSON_BYTES);
    model.dispose();
    const result = await importModelFile(file);
    if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`);
    const kernel = result.model.weights!.get('wide')![0]!;
    expect(kernel.shape).toEqual([4096, 4100]);
    expect(kernel.values[4096 * 4100 - 1]).toBe(0.25);
  }, 60_000);

  it('int64 variables (a scalar count, as Normalization keeps) are read as numbers', async () => {
    const x = tf.input({ shape: [3], name: 'features' });
    const y = tf.layers.dense({ name: 'head', units: 2 }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: y });
    const json = join(tmp.dir, 'counted.json');
    const weights = join(tmp.dir, 'counted.weights.h5');
    writeFileSync(json, configText(model));
    model.dispose();
    writeFileSync(weights, await writeKeras3WeightsH5([{ path: 'layers/dense', vars: [{ shape: [3, 2], values: new Float32Array(6).fill(1) }, { shape: [], values: BigInt64Array.of(12345n) }] }]));
    const result = await importModelFile(json, { weightsFile: weights });
    if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`);
    const count = result.model.weights!.get('head')![1]!;
    expect({ shape: count.shape, values: Array.from(count.values) }).toEqual({ shape: [], values: [12345] });
  });

  it('a zip that is not a .keras model says so', async () => {
    const file = join(tmp.dir, 'photos.zip');
    writeFileSync(file, writeZip([{ name: 'cat.jpg', data: new Uint8Array(10) }]));
    const result = await importModelFile(file);
    expect(!result.ok && result.error.message).toBe('photos.zip is a zip archive without config.json, so not a Keras .keras model; save the model with model.save("model.keras")');
  });
});
