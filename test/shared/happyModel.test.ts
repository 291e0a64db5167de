import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadTemplate } from '../../electron/templates.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { compileToTfjs } from '../../shared/compile/toTfjs.ts';
import { formatSummary } from '../../shared/summary.ts';

describe('the seed HappyModel', () => {
  // templates/happy_model.json, read through parseProject and expanded with its defaults.
  const loaded = loadTemplate('happy_model');
  if (!loaded.ok) throw new Error(loaded.message);
  const project = loaded.project;
  const analysis = analyzeGraph(project);

  it('has 37,633 parameters split as Keras splits them', () => {
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.totals).toMatchObject({ total: 37_633, trainable: 37_569, nonTrainable: 64 });
    const byName = (n: string) => [...analysis.nodes.values()].find((a) => a.name === n)!;
    expect(byName('conv0').count.trainable).toBe(4_736);
    expect(byName('bn0').count).toEqual({ trainable: 64, nonTrainable: 64 });
    expect(byName('fc').count.trainable).toBe(32_769);
    expect(byName('max_pool').shape).toEqual([32, 32, 32]);
  });

  it('compiles to a tfjs model with the same names, shapes and count', () => {
    const model = compileToTfjs(tf, project, analysis);
    expect(model.name).toBe('HappyModel');
    expect(model.countParams()).toBe(37_633);
    for (const id of analysis.order) {
      const a = analysis.nodes.get(id)!;
      const layer = model.getLayer(a.name);
      const outShape = layer.outputShape as number[];
      expect(outShape.slice(1)).toEqual([...a.shape!]);
    }
    const trainable = model.trainableWeights.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
    expect(trainable).toBe(37_569);
    model.dispose();
  });

  it('prints a Keras summary ending with the three totals', () => {
    const text = formatSummary(project.name, analysis);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Model: "HappyModel"');
    expect(lines.slice(-4, -1)).toEqual(['Total params: 37,633', 'Trainable params: 37,569', 'Non-trainable params: 64']);
    expect(text).toContain(" conv0 (Conv2D)                 (None, 64, 64, 32)   4736        ['zero_padding2d[0][0]']");
  });
});
