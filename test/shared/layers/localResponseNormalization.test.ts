// LocalResponseNormalization: AlexNet's LRN as a custom tfjs layer - shape, values against the
// paper's formula computed by hand, serialization round trip, and one training step.
import { describe, expect, it } from 'vitest';
import { checkRow, graphOf, tableFor, tf } from './harness.ts';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import { registerAllCustomLayers } from '../../../shared/compile/customLayers.ts';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';

tableFor('LocalResponseNormalization', {
  valid: [
    { params: {}, inputs: [[5, 5, 8]] },
    { params: { depthRadius: 0 }, inputs: [[3, 3, 1]] },
    { params: { depthRadius: 5, bias: 1, alpha: 0.001, beta: 0.5 }, inputs: [[4, 6, 3]] },
  ],
  invalid: [
    { params: {}, inputs: [[96]], code: 'RANK_MISMATCH', quotes: ['96', 'rank 1'] },
    { params: { depthRadius: 1.5 }, inputs: [[5, 5, 8]], code: 'BAD_PARAM', quotes: ['depthRadius', '1.5'], param: 'depthRadius' },
    { params: { bias: 0 }, inputs: [[5, 5, 8]], code: 'BAD_PARAM', quotes: ['bias', '0'], param: 'bias' },
  ],
});

/** b[c] = a[c] / (k + alpha * sum_{|j-c| <= r} a[j]^2)^beta, per pixel (Krizhevsky et al. 2012). */
function lrnByHand(a: Float32Array, channels: number, r: number, k: number, alpha: number, beta: number): number[] {
  const out: number[] = [];
  for (let p = 0; p < a.length; p += channels) {
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let j = Math.max(0, c - r); j <= Math.min(channels - 1, c + r); j++) sum += a[p + j]! ** 2;
      out.push(a[p + c]! / (k + alpha * sum) ** beta);
    }
  }
  return out;
}

describe('LocalResponseNormalization layer', () => {
  const params = { depthRadius: 2, bias: 2, alpha: 0.1, beta: 0.75 };
  const project = graphOf('LocalResponseNormalization', { params, inputs: [[3, 3, 7]] });

  it('defaults to AlexNet: n = 5 (radius 2), k = 2, alpha 1e-4, beta 0.75', () => {
    const a = checkRow('LocalResponseNormalization', { params: {}, inputs: [[55, 55, 96]] });
    expect(a.nodes.get('layer')!.params).toEqual({ depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75 });
    expect(a.nodes.get('layer')!.name).toBe('local_response_normalization');
  });

  it('computes the paper formula', () => {
    const model = compileToTfjs(tf, project);
    const x = tf.randomNormal([2, 3, 3, 7]);
    const y = (model.predict(x) as tf.Tensor).dataSync();
    const want = lrnByHand(x.dataSync() as Float32Array, 7, 2, 2, 0.1, 0.75);
    want.forEach((v, i) => expect(y[i]!).toBeCloseTo(v, 5));
    model.dispose();
  });

  it('survives model.toJSON -> tf.models.modelFromJSON with its config and outputs', async () => {
    const model = compileToTfjs(tf, project);
    const json = JSON.parse(model.toJSON() as string) as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    const saved = json.config.layers.find((l) => l.class_name === 'LocalResponseNormalization')!;
    expect(saved.config).toMatchObject({ depth_radius: 2, bias: 2, alpha: 0.1, beta: 0.75 });
    registerAllCustomLayers(tf);
    const loaded = await tf.models.modelFromJSON({ modelTopology: json } as never);
    const layer = loaded.getLayer('local_response_normalization');
    expect(layer.getClassName()).toBe('LocalResponseNormalization');
    expect(layer.getConfig()).toMatchObject(params);
    const x = tf.randomNormal([1, 3, 3, 7]);
    const d = tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor))).dataSync()[0]!;
    expect(d).toBe(0);
    model.dispose();
    loaded.dispose();
  });

  it('passes gradients: a conv before it trains one step', async () => {
    const g = {
      schemaVersion: 1 as const,
      nodes: [
        { id: 'in', kind: 'Input', params: { shape: [6, 6, 3] } },
        { id: 'c', kind: 'Conv2D', params: { filters: 8, kernelSize: [3, 3], activation: 'relu' } },
        { id: 'n', kind: 'LocalResponseNormalization', params: { alpha: 0.1 } },
        { id: 'f', kind: 'Flatten', params: {} },
        { id: 'd', kind: 'Dense', params: { units: 1 } },
      ],
      edges: [
        { id: 'a', source: 'in', target: 'c' },
        { id: 'b', source: 'c', target: 'n' },
        { id: 'e', source: 'n', target: 'f' },
        { id: 'h', source: 'f', target: 'd' },
      ],
    };
    expect(analyzeGraph(g).ok).toBe(true);
    const model = compileToTfjs(tf, g);
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const before = (model.getLayer('conv2d').getWeights()[0] as tf.Tensor).dataSync().slice();
    const x = tf.randomNormal([4, 6, 6, 3]);
    const h = await model.fit(x, tf.ones([4, 1]), { epochs: 1, verbose: 0 });
    expect(Number.isFinite(h.history.loss![0] as number)).toBe(true);
    const after = (model.getLayer('conv2d').getWeights()[0] as tf.Tensor).dataSync();
    expect(after.some((v, i) => v !== before[i])).toBe(true);
    model.dispose();
  });
});
