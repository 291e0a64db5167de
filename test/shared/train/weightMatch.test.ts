/**
 * The transfer-learning preview rule (shared/train/weightMatch.ts) against real tfjs: the weight
 * names and shapes projectWeights gives every weighted kind equal those tfjs builds, and on a
 * LeNet-5 saved by tfjs and loaded into a modified LeNet-5 (new head, a wider conv, a renamed
 * layer), the preview's matched / skipped lists equal what the trainer's loadWeightsByName loaded,
 * with the loaded values equal to the saved ones.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../electron/templates.ts';
import { loadWeightsByName, type ModelFile } from '../../../electron/trainer/checkpoint.ts';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import { validateProject } from '../../../shared/graph/load.ts';
import type { Project, ProjectInput } from '../../../shared/graph/schema.ts';
import { replaceHead } from '../../../shared/train/replaceHead.ts';
import { matchWeights, projectWeights, type WeightSpec } from '../../../shared/train/weightMatch.ts';

function lenet(): Project {
  const t = loadTemplate('lenet5', { input: [28, 28, 1], classes: 10 });
  if (!t.ok) throw new Error(t.message);
  const v = validateProject(t.project);
  if (!v.ok) throw new Error(v.error.message);
  return v.project;
}

/** The model's layers with weights, as tfjs names them. */
function tfjsWeights(model: tf.LayersModel) {
  return model.layers.filter((l) => l.weights.length > 0).map((l) => ({ layer: l.name, weights: l.weights.map((w) => ({ name: w.originalName, shape: w.shape as number[] })) }));
}

async function save(model: tf.LayersModel): Promise<ModelFile> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  return { path: '/virtual/source/model.json', artifacts: artifacts! };
}

const input = (shape: number[]) => ({ id: 'in', kind: 'Input', name: 'input_1', params: { shape } });
const chain = (nodes: ProjectInput['nodes']): ProjectInput => ({
  schemaVersion: 1,
  name: 'kinds',
  nodes,
  edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id })),
});

describe('projectWeights', () => {
  const cases: [string, ProjectInput][] = [
    ['Conv2D with and without bias', chain([input([12, 12, 3]), { id: 'a', kind: 'Conv2D', name: 'a', params: { filters: 5, kernelSize: [3, 2] } }, { id: 'b', kind: 'Conv2D', name: 'b', params: { filters: 4, kernelSize: [1, 1], useBias: false } }])],
    ['Dense with and without bias', chain([input([6, 6, 3]), { id: 'f', kind: 'Flatten', name: 'f' }, { id: 'a', kind: 'Dense', name: 'a', params: { units: 7 } }, { id: 'b', kind: 'Dense', name: 'b', params: { units: 3, useBias: false } }])],
    ['BatchNormalization, full and without scale / center', chain([input([5, 5, 4]), { id: 'a', kind: 'BatchNormalization', name: 'a' }, { id: 'b', kind: 'BatchNormalization', name: 'b', params: { scale: false } }, { id: 'c', kind: 'BatchNormalization', name: 'c', params: { center: false } }])],
    ['DepthwiseConv2D and SeparableConv2D', chain([input([10, 10, 3]), { id: 'a', kind: 'DepthwiseConv2D', name: 'a', params: { kernelSize: [3, 3], depthMultiplier: 2 } }, { id: 'b', kind: 'SeparableConv2D', name: 'b', params: { filters: 8, kernelSize: [3, 3], depthMultiplier: 3 } }, { id: 'c', kind: 'DepthwiseConv2D', name: 'c', params: { useBias: false } }])],
  ];
  it.each(cases)('names and shapes equal the tfjs model: %s', (_, raw) => {
    const v = validateProject(raw);
    if (!v.ok) throw new Error(v.error.message);
    const model = compileToTfjs(tf, v.project);
    try {
      const ours = projectWeights(v.project);
      expect(ours.unknown).toEqual([]);
      expect(ours.layers).toEqual(tfjsWeights(model));
    } finally {
      model.dispose();
    }
  });

  it('covers every layer of LeNet-5 and counts its parameters', () => {
    const { layers, unknown } = projectWeights(lenet());
    expect(unknown).toEqual([]);
    expect(layers.map((l) => l.layer)).toEqual(['c1', 'c3', 'f5', 'f6', 'output']);
    // Keras' published LeNet-5 (28x28x1 input, 10 classes): 44,426 params.
    expect(layers.flatMap((l) => l.weights).reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0)).toBe(44_426);
  });
});

describe('matchWeights agrees with what the trainer loads', () => {
  it('LeNet-5 weights into a modified LeNet-5: new head, wider c3, a renamed f6', async () => {
    const sourceProject = lenet();
    const source = compileToTfjs(tf, sourceProject);
    const file = await save(source);

    // The course's move: a new softmax head (5 classes) on the frozen body, plus two edits.
    const edited = replaceHead(sourceProject, 5, { freezeBase: true });
    if (!edited.ok) throw new Error(edited.message);
    const target: Project = {
      ...edited.project,
      nodes: edited.project.nodes.map((n) => (n.id === 'c3' ? { ...n, params: { ...n.params, filters: 20 } } : n.id === 'f6' ? { ...n, name: 'f6_new' } : n)),
    };
    const model = compileToTfjs(tf, target);
    try {
      const sourceSpecs: WeightSpec[] = projectWeights(sourceProject).layers.flatMap((l) => l.weights);
      // The manifest tfjs wrote lists the same weights the preview derives from the source graph.
      expect(file.artifacts.weightSpecs!.map((w) => ({ name: w.name, shape: w.shape }))).toEqual(sourceSpecs);
      const preview = matchWeights(projectWeights(target).layers, sourceSpecs, 'model.json');

      const loaded = loadWeightsByName(tf, model, file);
      expect(preview.matched).toEqual(loaded.matched);
      expect(preview.skipped.map(({ layer, reason }) => ({ layer, reason }))).toEqual(loaded.skipped);
      // The expected lists, spelled out: c3 is wider, so f5 (fed by it) changes shape too.
      expect(loaded.matched).toEqual(['c1']);
      expect(preview.skipped).toEqual([
        { layer: 'c3', why: 'shape', reason: 'c3/kernel: saved 5x5x6x16, model needs 5x5x6x20' },
        { layer: 'f5', why: 'shape', reason: 'f5/kernel: saved 256x120, model needs 320x120' },
        { layer: 'f6_new', why: 'missing', reason: 'no weight "f6_new/kernel" in model.json' },
        { layer: 'head', why: 'missing', reason: 'no weight "head/kernel" in model.json' },
      ]);
      // And the loaded layer really holds the saved values.
      for (const [i, w] of model.getLayer('c1').getWeights().entries()) {
        expect(Array.from(w.dataSync())).toEqual(Array.from(source.getLayer('c1').getWeights()[i]!.dataSync()));
      }
    } finally {
      model.dispose();
      source.dispose();
    }
  });

  it('an unchanged body: every layer but the new head is matched', async () => {
    const sourceProject = lenet();
    const source = compileToTfjs(tf, sourceProject);
    const file = await save(source);
    const edited = replaceHead(sourceProject, 3);
    if (!edited.ok) throw new Error(edited.message);
    const model = compileToTfjs(tf, edited.project);
    try {
      const preview = matchWeights(projectWeights(edited.project).layers, file.artifacts.weightSpecs!, 'model.json');
      const loaded = loadWeightsByName(tf, model, file);
      expect(preview.matched).toEqual(loaded.matched);
      expect(loaded.matched).toEqual(['c1', 'c3', 'f5', 'f6']);
      expect(preview.skipped.map((s) => s.layer)).toEqual(['head']);
    } finally {
      model.dispose();
      source.dispose();
    }
  });
});
