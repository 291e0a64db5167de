/**
 * The resnet50_keras template against real Keras: keras.applications.ResNet50(weights=None) at
 * 224x224x3 with 1000 classes has the same layers as the template, in the same order, with the
 * same names, classes, output shapes and trainable / non-trainable counts (25,636,712 in all), so
 * its ImageNet weights load into the template by name. At 64x64x3 with 6 classes too (the course's
 * SIGNS size).
 */
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../electron/templates.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { kerasLayerClass } from '../../shared/summary.ts';
import { hasReference, referee, referenceSkipReason } from './referee.ts';

const ready = hasReference('keras');
if (!ready) console.warn(referenceSkipReason('keras'));

interface KerasLayer {
  name: string;
  class: string;
  shape: number[] | null;
  trainable: number;
  nonTrainable: number;
}

describe.skipIf(!ready)('resnet50_keras equals keras.applications.ResNet50', () => {
  it.each([
    [[224, 224, 3], 1000, 25_636_712],
    // At 64x64 the body ends at 2x2x2048, so both heads see 2048 features: the course's total.
    [[64, 64, 3], 6, 23_600_006],
  ] as const)('at %j with %i classes', async (input, classes, expectedTotal) => {
    const keras = await referee<{ layers: KerasLayer[]; total: number; trainable: number; nonTrainable: number }>('keras_application', { model: 'ResNet50', input, classes }, 240_000);
    const loaded = loadTemplate('resnet50_keras', { input: [...input], classes });
    if (!loaded.ok) throw new Error(loaded.message);
    const analysis = analyzeGraph(loaded.project);
    expect(analysis.ok).toBe(true);
    const ours = analysis.order.map((id) => {
      const a = analysis.nodes.get(id)!;
      return { name: a.name, class: a.kind === 'Input' ? 'InputLayer' : kerasLayerClass(a), shape: a.shape ?? null, trainable: a.count.trainable, nonTrainable: a.count.nonTrainable };
    });
    // The input layer's name is Keras' automatic one ('input_layer' in Keras 3): compare the rest.
    expect(ours.slice(1)).toEqual(keras.layers.slice(1));
    expect(ours[0]!.class).toBe(keras.layers[0]!.class);
    expect(analysis.totals.total).toBe(keras.total);
    expect(analysis.totals.trainable).toBe(keras.trainable);
    expect(analysis.totals.nonTrainable).toBe(keras.nonTrainable);
    expect(keras.total).toBe(expectedTotal);
  });
});
