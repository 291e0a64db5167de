import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import type { ProjectInput } from '../../../shared/graph/schema.ts';
import { applyWeights, importModelJson } from '../../../shared/import/index.ts';
import { importModelFile } from '../../../electron/import/importModel.ts';
import { templateLibrary, templateProjects } from '../../shared/codegen/templateProjects.ts';
import { makeTempDir } from '../../shared/codegen/tempDir.ts';
import { toKeras3, withTuples, writeKerasH5, type H5Layer } from './kerasFormats.ts';
import { graphSignature } from './signature.ts';

const templates = templateProjects(templateLibrary());
const project = (id: string) => templates.find((c) => c.id === id)!.project;

function topology(p: ProjectInput): Record<string, unknown> {
  const model = compileToTfjs(tf, p);
  try {
    return model.toJSON(null, false) as Record<string, unknown>;
  } finally {
    model.dispose();
  }
}

async function imported(text: string) {
  const result = await importModelJson(text);
  if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`);
  return result.model.project;
}

describe('Keras model.to_json() formats', () => {
  it.each(['happy_model', 'resnet_conv_block', 'inception_module'].map((id) => [id]))('Keras 3 functional (%s)', async (id) => {
    const json = JSON.stringify(toKeras3(topology(project(id))));
    expect(json).toContain('__keras_tensor__');
    expect(graphSignature(await imported(json))).toEqual(graphSignature(project(id)));
  });

  it('TF tuple encoding ({"class_name": "__tuple__", "items": [...]})', async () => {
    const json = JSON.stringify(withTuples(topology(project('lenet5'))));
    expect(json).toContain('__tuple__');
    expect(graphSignature(await imported(json))).toEqual(graphSignature(project('lenet5')));
  });

  it('Keras 2 Sequential: the first layer carries batch_input_shape, no InputLayer', async () => {
    const seq = tf.sequential({
      name: 'seq',
      layers: [
        tf.layers.conv2d({ name: 'c1', inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling2d({ name: 'p1', poolSize: 2 }),
        tf.layers.flatten({ name: 'f' }),
        tf.layers.dense({ name: 'out', units: 3, activation: 'softmax' }),
      ],
    });
    const json = seq.toJSON(null, true) as string;
    seq.dispose();
    const p = await imported(json);
    expect(p.nodes.map((n) => [n.name, n.kind])).toEqual([['c1_input', 'Input'], ['c1', 'Conv2D'], ['p1', 'MaxPooling2D'], ['f', 'Flatten'], ['out', 'Dense']]);
    expect(p.nodes[0]!.params).toEqual({ shape: [12, 12, 1] });
    expect(p.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['c1_input>c1', 'c1>p1', 'p1>f', 'f>out']);
  });

  it('Keras 3 Sequential with an InputLayer (batch_shape)', async () => {
    const json = JSON.stringify({
      module: 'keras',
      class_name: 'Sequential',
      config: {
        name: 'sequential',
        trainable: true,
        dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null },
        layers: [
          { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 28, 28, 1], dtype: 'float32', sparse: false, name: 'input_layer' }, registered_name: null },
          { module: 'keras.layers', class_name: 'Conv2D', config: { name: 'conv2d', trainable: true, filters: 8, kernel_size: [3, 3], strides: [1, 1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1], groups: 1, activation: 'relu', use_bias: true, kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null }, kernel_regularizer: null }, registered_name: null, build_config: { input_shape: [null, 28, 28, 1] } },
          { module: 'keras.layers', class_name: 'MaxPooling2D', config: { name: 'max_pooling2d', pool_size: [2, 2], padding: 'valid', strides: [2, 2], data_format: 'channels_last' }, registered_name: null },
          { module: 'keras.layers', class_name: 'Flatten', config: { name: 'flatten', data_format: 'channels_last' }, registered_name: null },
          { module: 'keras.layers', class_name: 'Dropout', config: { name: 'dropout', rate: 0.5, seed: null, noise_shape: null }, registered_name: null },
          { module: 'keras.layers', class_name: 'Dense', config: { name: 'dense', units: 10, activation: 'softmax', use_bias: true }, registered_name: null, build_config: { input_shape: [null, 1352] } },
        ],
        build_input_shape: [null, 28, 28, 1],
      },
      registered_name: null,
      build_config: { input_shape: [null, 28, 28, 1] },
    });
    const p = await imported(json);
    expect(p.nodes.map((n) => n.kind)).toEqual(['Input', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dropout', 'Dense']);
    expect(graphSignature(p).totals.total).toBe((3 * 3 * 1 + 1) * 8 + (1352 + 1) * 10);
  });

  it('maps Keras-only spellings: LeakyReLU(0.2) and Softmax become Activation layers', async () => {
    const layers = [
      { class_name: 'InputLayer', name: 'in', config: { name: 'in', batch_input_shape: [null, 10] }, inbound_nodes: [] },
      { class_name: 'LeakyReLU', name: 'leaky', config: { name: 'leaky', negative_slope: 0.2 }, inbound_nodes: [[['in', 0, 0, {}]]] },
      { class_name: 'Softmax', name: 'soft', config: { name: 'soft', axis: -1 }, inbound_nodes: [[['leaky', 0, 0, {}]]] },
    ];
    const p = await imported(JSON.stringify({ class_name: 'Functional', config: { name: 'm', layers, input_layers: [['in', 0, 0]], output_layers: [['soft', 0, 0]] } }));
    expect(p.nodes.map((n) => [n.kind, n.params.activation])).toEqual([['Input', undefined], ['Activation', 'leaky_relu'], ['Activation', 'softmax']]);
  });
});

/** The weights of a compiled model the way Keras lists them per layer in an .h5 file. */
function h5Layers(model: tf.LayersModel, style: 'keras2' | 'keras3'): H5Layer[] {
  return model.layers.map((l) => ({
    name: l.name,
    weights: l.weights.map((w) => ({ name: style === 'keras2' ? `${w.originalName}:0` : w.originalName, shape: w.shape as number[], values: w.read().dataSync() as Float32Array })),
  }));
}

describe('Keras .h5 files (HDF5 via h5wasm)', () => {
  const tmp = makeTempDir('import-h5');
  afterAll(() => tmp.remove());

  it.each([
    ['happy_model', 'keras2', false],
    ['resnet_identity_block', 'keras3', true],
  ] as const)('%s: a whole-model .h5 (%s weight names, chunked layer_names: %s) gives the same graph and outputs', async (id, style, chunk) => {
    const p = project(id);
    const original = compileToTfjs(tf, p);
    original.setWeights(original.getWeights().map((w, i) => tf.randomUniform(w.shape, -1, 1, 'float32', 100 + i)));
    const config = original.toJSON(null, false) as Record<string, unknown>;
    const file = join(tmp.dir, `${id}.h5`);
    writeFileSync(file, await writeKerasH5(style === 'keras3' ? toKeras3(config) : config, h5Layers(original, style), { chunkNames: chunk }));
    const result = await importModelFile(file);
    if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`);
    expect(result.model.format).toBe('keras-h5');
    expect(graphSignature(result.model.project)).toEqual(graphSignature(p));
    const rebuilt = compileToTfjs(tf, result.model.project);
    applyWeights(tf, rebuilt, result.model.weights!);
    const x = tf.randomNormal([2, ...(original.inputs[0]!.shape.slice(1) as number[])], 0, 1, 'float32', 9);
    const [a, b] = [original.predict(x) as tf.Tensor, rebuilt.predict(x) as tf.Tensor];
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    original.dispose();
    rebuilt.dispose();
  });

  it('a model.to_json() file with a save_weights() .h5 beside it', async () => {
    const p = project('lenet5');
    const original = compileToTfjs(tf, p);
    original.setWeights(original.getWeights().map((w, i) => tf.randomUniform(w.shape, -1, 1, 'float32', 7 + i)));
    const json = join(tmp.dir, 'lenet5.json');
    const weights = join(tmp.dir, 'lenet5.weights.h5');
    writeFileSync(json, original.toJSON(null, true) as string);
    writeFileSync(weights, await writeKerasH5(undefined, h5Layers(original, 'keras2')));
    const alone = await importModelFile(weights);
    expect(alone.ok).toBe(false);
    expect(!alone.ok && alone.error.message).toMatch(/holds weights only \(save_weights\); open the model's JSON config/);
    const result = await importModelFile(json, { weightsFile: weights });
    if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`);
    const rebuilt = compileToTfjs(tf, result.model.project);
    applyWeights(tf, rebuilt, result.model.weights!);
    for (const [i, w] of rebuilt.getWeights().entries()) expect(Array.from(w.dataSync())).toEqual(Array.from(original.getWeights()[i]!.dataSync()));
    original.dispose();
    rebuilt.dispose();
  });

  it('names the layer and weight when a file\'s weights do not fit the model', async () => {
    const p = project('happy_model');
    const original = compileToTfjs(tf, p);
    const layers = h5Layers(original, 'keras2');
    const conv = layers.find((l) => l.name === 'conv0')!;
    conv.weights[0] = { ...conv.weights[0]!, shape: [7, 7, 3, 16], values: new Float32Array(7 * 7 * 3 * 16) };
    const file = join(tmp.dir, 'bad.h5');
    writeFileSync(file, await writeKerasH5(original.toJSON(null, false) as Record<string, unknown>, layers));
    original.dispose();
    const result = await importModelFile(file);
    if (!result.ok) throw new Error(result.error.message);
    const rebuilt = compileToTfjs(tf, result.model.project);
    expect(() => applyWeights(tf, rebuilt, result.model.weights!)).toThrow('layer "conv0" weight "kernel" has shape 7x7x3x32; the file holds 7x7x3x16 ("conv0/kernel:0")');
    rebuilt.dispose();
  });
});
