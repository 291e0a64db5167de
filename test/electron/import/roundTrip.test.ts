import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import type { ProjectInput } from '../../../shared/graph/schema.ts';
import { applyWeights, importModelJson } from '../../../shared/import/index.ts';
import { importModelFile } from '../../../electron/import/importModel.ts';
import { templateLibrary, templateProjects } from '../../shared/codegen/templateProjects.ts';
import { makeTempDir } from '../../shared/codegen/tempDir.ts';
import { kindGraphs } from './kinds.ts';
import { graphSignature } from './signature.ts';
import { saveTfjsModel } from './tfjsFiles.ts';

const templates = templateProjects(templateLibrary());
/**
 * tfjs 4.22's SeparableConv2D.getConfig() leaves out depthMultiplier (Keras writes
 * depth_multiplier); our SeparableConv2D class writes it. Those variants are checked apart below,
 * also for files saved by stock tfjs, where the import reads the multiplier back from the weights.
 */
const lostByTfjs = (p: ProjectInput) => p.nodes.some((n) => n.kind === 'SeparableConv2D' && (n.params as { depthMultiplier?: number } | undefined)?.depthMultiplier !== undefined);
const kinds = kindGraphs().filter((k) => !lostByTfjs(k.project));
const separableMultiplier = kindGraphs().find((k) => lostByTfjs(k.project))!.project;

/** model.toJSON() of the compiled graph: what a tfjs user (or tfjs' own save) writes. */
function topologyJson(project: ProjectInput): string {
  const model = compileToTfjs(tf, project);
  try {
    return model.toJSON(null, true) as string;
  } finally {
    model.dispose();
  }
}

describe('graph -> tfjs model -> model.toJSON() -> import -> the same graph', () => {
  it.each(templates.map((c) => [c.id, c.project] as const))('template %s', async (_id, project) => {
    const result = await importModelJson(topologyJson(project));
    if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`);
    expect(result.model.format).toBe('keras-json');
    expect(graphSignature(result.model.project)).toEqual(graphSignature(project));
    expect(result.model.project.name).toBe(project.name);
  });

  it(`every catalog kind, with each parameter varied (${kinds.length} graphs)`, async () => {
    for (const { kind, project } of kinds) {
      const result = await importModelJson(topologyJson(project));
      if (!result.ok) throw new Error(`${kind} ${JSON.stringify(project.nodes.at(-1)!.params)}: ${result.error.path}: ${result.error.message}`);
      expect(graphSignature(result.model.project), `${kind} ${JSON.stringify(project.nodes.at(-1)!.params)}`).toEqual(graphSignature(project));
    }
  });

  it('SeparableConv2D depth_multiplier survives model.toJSON() (tfjs 4.22 drops it; our layer class writes it)', async () => {
    const result = await importModelJson(topologyJson(separableMultiplier));
    if (!result.ok) throw new Error(result.error.message);
    expect(graphSignature(result.model.project)).toEqual(graphSignature(separableMultiplier));
  });

  it('keeps frozen layers frozen', async () => {
    const project = structuredClone(templates.find((c) => c.id === 'happy_model')!.project);
    project.nodes.find((n) => n.name === 'conv0')!.trainable = false;
    const result = await importModelJson(topologyJson(project));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.model.project.nodes.find((n) => n.name === 'conv0')!.trainable).toBe(false);
    expect(graphSignature(result.model.project)).toEqual(graphSignature(project));
  });

  it('lays the graph out top to bottom: every layer below the layers feeding it', async () => {
    const project = templates.find((c) => c.id === 'inception_module')!.project;
    const result = await importModelJson(topologyJson(project));
    if (!result.ok) throw new Error(result.error.message);
    const at = new Map(result.model.project.nodes.map((n) => [n.id, n.position]));
    for (const e of result.model.project.edges) expect(at.get(e.target)!.y, `${e.source} -> ${e.target}`).toBeGreaterThan(at.get(e.source)!.y);
    const xs = new Set(result.model.project.nodes.map((n) => n.position.x));
    expect(xs.size).toBeGreaterThan(1); // the four branches sit side by side
  });
});

/** Gives every weight random values, so a forward pass tells weights apart. */
function randomizeWeights(model: tf.LayersModel, seed: number): void {
  model.setWeights(model.getWeights().map((w, i) => tf.randomUniform(w.shape, 0.5, 1.5, 'float32', seed + i)));
}

describe('graph -> model with weights -> model.json + shards -> import with weights -> same outputs', () => {
  const tmp = makeTempDir('import-weights');
  afterAll(() => tmp.remove());

  it.each(['happy_model', 'lenet5', 'resnet_conv_block', 'inception_module'].map((id) => [id]))('%s', async (id) => {
    const project = templates.find((c) => c.id === id)!.project;
    const original = compileToTfjs(tf, project);
    randomizeWeights(original, 11);
    const dir = join(tmp.dir, id);
    await saveTfjsModel(original, dir, 3);
    const result = await importModelFile(join(dir, 'model.json'));
    if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`);
    expect(result.model.format).toBe('tfjs-layers');
    expect(graphSignature(result.model.project)).toEqual(graphSignature(project));
    const rebuilt = compileToTfjs(tf, result.model.project);
    applyWeights(tf, rebuilt, result.model.weights!);
    const input = original.inputs[0]!.shape.slice(1) as number[];
    const x = tf.randomNormal([2, ...input], 0, 1, 'float32', 5);
    try {
      const [a, b] = [original.predict(x) as tf.Tensor, rebuilt.predict(x) as tf.Tensor];
      expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
      // and the weights themselves, value for value
      const [wa, wb] = [original.getWeights(), rebuilt.getWeights()];
      expect(wb.length).toBe(wa.length);
      for (let i = 0; i < wa.length; i++) expect(Array.from(wb[i]!.dataSync()), original.weights[i]!.name).toEqual(Array.from(wa[i]!.dataSync()));
      tf.dispose([a, b]);
    } finally {
      tf.dispose(x);
      original.dispose();
      rebuilt.dispose();
    }
  });

  it('a saved SeparableConv2D with a depth multiplier reloads in tfjs with its weights and outputs', async () => {
    const original = compileToTfjs(tf, separableMultiplier);
    randomizeWeights(original, 4);
    const dir = join(tmp.dir, 'separable-reload');
    await saveTfjsModel(original, dir, 1);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { modelTopology: unknown; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
    const reloaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs: json.weightsManifest[0]!.weights, weightData: new Uint8Array(readFileSync(join(dir, 'group1-shard1of1.bin'))).buffer }),
    );
    const x = tf.randomNormal([2, ...(original.inputs[0]!.shape.slice(1) as number[])], 0, 1, 'float32', 6);
    const [a, b] = [original.predict(x) as tf.Tensor, reloaded.predict(x) as tf.Tensor];
    expect(reloaded.countParams()).toBe(original.countParams());
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    original.dispose();
    reloaded.dispose();
  });

  it('reads a SeparableConv2D depth multiplier that a stock tfjs model.json lost back from its weights', async () => {
    const original = compileToTfjs(tf, separableMultiplier);
    randomizeWeights(original, 3);
    const dir = join(tmp.dir, 'separable');
    await saveTfjsModel(original, dir, 1);
    // As stock tfjs 4.22 writes it: no depthMultiplier in the layer's config.
    const saved = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } } };
    const separable = saved.modelTopology.config.layers.filter((l) => l.class_name === 'SeparableConv2D');
    expect(separable.map((l) => l.config.depth_multiplier)).toEqual([2]);
    for (const l of separable) delete l.config.depth_multiplier;
    writeFileSync(join(dir, 'model.json'), JSON.stringify(saved));
    const result = await importModelFile(join(dir, 'model.json'));
    if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`);
    expect(graphSignature(result.model.project)).toEqual(graphSignature(separableMultiplier));
    const rebuilt = compileToTfjs(tf, result.model.project);
    applyWeights(tf, rebuilt, result.model.weights!);
    expect(rebuilt.countParams()).toBe(original.countParams());
    original.dispose();
    rebuilt.dispose();
  });

  it('imports the topology alone when asked to skip weights', async () => {
    const result = await importModelFile(join(tmp.dir, 'happy_model', 'model.json'), { weights: false });
    expect(result.ok && result.model.weights).toBe(undefined);
  });
});
