import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import { emitTypeScript } from '../../../shared/codegen/typescript.ts';
import { templateLibrary, templateProjects } from './templateProjects.ts';
import { customs, editedResnet, tiny } from './fixtures.ts';
import { makeTempDir } from './tempDir.ts';
import { typecheck, type ToolResult } from './generated.ts';

const library = templateLibrary();
const cases = templateProjects(library);

const TRAINING = { optimizer: 'momentum', learningRate: 0.01, momentum: 0.8, loss: 'auto', metrics: ['accuracy'], epochs: 2, batchSize: 4, validationSplit: 0, shuffle: false } as const;

type Generated = { buildModel: () => tf.LayersModel; default: unknown; train?: (m: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor) => Promise<tf.History> };

/** What a model is, as far as the comparison goes: per layer class, config, shape, inputs. */
function describeModel(model: tf.LayersModel) {
  return {
    name: model.name,
    countParams: model.countParams(),
    trainableWeights: model.trainableWeights.length,
    outputs: model.outputs.map((o) => o.shape),
    layers: model.layers.map((l) => ({
      name: l.name,
      className: l.getClassName(),
      // The whole Keras-style config: every argument the compiler passes, defaults included.
      config: l.getConfig(),
      outputShape: l.outputShape,
      trainable: l.trainable,
      inbound: l.inboundNodes[0]!.inboundLayers.map((x) => x.name),
    })),
  };
}

// Per template: the module with block helpers, and (where it differs) the all-inline one.
const sources = new Map<string, string>();
for (const c of cases) {
  const withHelpers = emitTypeScript(c.project, { blocks: library });
  sources.set(c.id, withHelpers);
  const inline = emitTypeScript(c.project);
  if (inline !== withHelpers) sources.set(`${c.id}:inline`, inline);
}
sources.set('tiny:train', emitTypeScript(tiny, { training: TRAINING }));
sources.set('customs', emitTypeScript(customs));
const edited = editedResnet(cases.find((c) => c.id === 'resnet50')!.project);
cases.push({ id: 'resnet50_edited', project: edited });
sources.set('resnet50_edited', emitTypeScript(edited, { blocks: library }));
sources.set('tiny:trained', emitTypeScript(tiny, { trainedModel: 'model.json' }));

describe('emitTypeScript', () => {
  const tmp = makeTempDir('codegen-ts');
  const files = new Map([...sources.keys()].map((k) => [k, join(tmp.dir, `${k.replace(':', '_')}.ts`)]));
  let tsc: ToolResult;

  beforeAll(() => {
    for (const [k, text] of sources) writeFileSync(files.get(k)!, text);
    tsc = typecheck([...files.values()]);
  });
  afterAll(() => tmp.remove());

  it(`type-checks every template's module with tsc --strict`, () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(tsc.output).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('writes ResNet-50 blocks and Inception modules as helper functions called once per instance', () => {
    const resnet = emitTypeScript(cases.find((c) => c.id === 'resnet50')!.project, { blocks: library });
    expect(resnet).toMatch(/^function identityBlock\(x: tf\.SymbolicTensor, stage: number, block: string, f: number, filters: \[number, number, number\]\): tf\.SymbolicTensor \{$/m);
    expect(resnet).toMatch(/^function convolutionalBlock\(/m);
    expect(resnet.match(/= identityBlock\(/g)).toHaveLength(12);
    expect(resnet.match(/= convolutionalBlock\(/g)).toHaveLength(4);
    expect(resnet).toContain("identityBlock(res2aConvBlock, 2, 'b', 3, [64, 64, 256])");
    expect(resnet).toContain('name: `res${stage}${block}_branch2a`');
    // Edits a block parameter can express stay calls; others, and frozen layers, are written inline.
    const edit = sources.get('resnet50_edited')!;
    expect(edit.match(/= identityBlock\(/g)).toHaveLength(10);
    expect(edit).toContain("identityBlock(res3aConvBlock, 3, 'b', 3, [128, 100, 512])");
    expect(edit).toContain("tf.layers.conv2d({ name: 'res3c_branch2a', filters: 128, kernelSize: [3, 3], padding: 'same'");
    expect(edit).toContain("name: 'res4c_branch2a', filters: 256, kernelSize: [1, 1], kernelInitializer: 'glorotUniform', trainable: false");
    const googlenet = emitTypeScript(cases.find((c) => c.id === 'googlenet')!.project, { blocks: library });
    expect(googlenet.match(/= inceptionModule\(/g)).toHaveLength(9);
  });

  it.each([...files.keys()].filter((k) => !['tiny:train', 'tiny:trained', 'customs'].includes(k)).map((k) => [k]))('%s: buildModel() builds what compileToTfjs builds', async (key) => {
    const c = cases.find((x) => x.id === key.split(':')[0])!;
    const reference = compileToTfjs(tf, c.project);
    const expected = describeModel(reference);
    reference.dispose();
    const mod = (await import(pathToFileURL(files.get(key)!).href)) as Generated;
    expect(mod.default).toBe(mod.buildModel);
    const model = mod.buildModel();
    try {
      expect(describeModel(model)).toEqual(expected);
    } finally {
      model.dispose();
    }
  });

  it('carries the custom layer classes it uses, which compute what the compiler\'s classes compute', async () => {
    const source = sources.get('customs')!;
    for (const cls of ['LocalResponseNormalization', 'Reshape', 'DepthwiseConv2D', 'SeparableConv2D']) expect(source).toContain(`class ${cls} extends`);
    expect(source.match(/function dilatedDepthwiseCall/g)).toHaveLength(1);
    const mod = (await import(pathToFileURL(files.get('customs')!).href)) as Generated;
    const model = mod.buildModel();
    const reference = compileToTfjs(tf, customs);
    const x = tf.randomNormal([3, 9, 9, 4], 0, 1, 'float32', 7);
    try {
      expect(describeModel(model)).toEqual(describeModel(reference));
      model.setWeights(reference.getWeights());
      const [ours, theirs] = [model.predict(x) as tf.Tensor, reference.predict(x) as tf.Tensor];
      expect(ours.shape).toEqual([3, 2]);
      expect(Array.from(await ours.data())).toEqual(Array.from(await theirs.data()));
      // Dilated depthwise and separable layers train: every weight gets a finite, non-zero gradient.
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
      for (const [name, g] of Object.entries(grads)) expect((await tf.abs(g).sum().data())[0], name).toBeGreaterThan(0);
      tf.dispose([ours, theirs, ...Object.values(grads)]);
    } finally {
      tf.dispose(x);
      model.dispose();
      reference.dispose();
    }
  });

  it('with training settings: train() compiles and fits the model with those settings', async () => {
    const source = emitTypeScript(tiny, { training: TRAINING });
    expect(source).toContain('tf.train.momentum(0.01, 0.8)');
    expect(source).toContain("loss: 'binaryCrossentropy'"); // 'auto' on one sigmoid unit
    const mod = (await import(pathToFileURL(files.get('tiny:train')!).href)) as Generated;
    const model = mod.buildModel();
    const xs = tf.randomUniform([8, 8, 8, 1]);
    const ys = tf.tensor2d([0, 1, 0, 1, 1, 0, 1, 0], [8, 1]);
    try {
      const history = await mod.train!(model, xs, ys);
      expect(history.epoch).toEqual([0, 1]);
      expect(history.history.loss!.every((l) => Number.isFinite(l as number))).toBe(true);
      expect(Object.keys(history.history).sort()).toEqual(['acc', 'loss']);
      expect(model.optimizer.getClassName()).toBe('Momentum');
    } finally {
      tf.dispose([xs, ys]);
      model.dispose();
    }
  });
});
