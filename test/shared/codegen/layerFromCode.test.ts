/**
 * readLayer inverts every kind's tfjs spec as the code writes it (prunedConfig): for each kind of
 * the catalog, with its defaults and with settings that pick another factory, the factory and
 * pruned config read back to the same kind and parameters. A new kind is covered by this table.
 */
import { describe, expect, it } from 'vitest';
import { CUSTOM_LAYER_SOURCES } from '../../../shared/codegen/customLayerSources.ts';
import { readLayer } from '../../../shared/codegen/layerFromCode.ts';
import { prunedConfig } from '../../../shared/codegen/layerSpecs.ts';
import { LAYERS } from '../../../shared/layers/index.ts';

const variants: Record<string, Array<Record<string, unknown>>> = {
  Conv2D: [{ filters: 7, kernelSize: [1, 5], strides: [2, 1], padding: 'same', dilationRate: [1, 1], activation: 'relu', useBias: false }],
  Dense: [{ units: 3, activation: 'softmax', useBias: false }],
  Activation: [{ activation: 'leaky_relu' }, { activation: 'selu' }],
  ReLU: [{ maxValue: 6 }],
  MaxPooling2D: [{ poolSize: [3, 3], strides: [1, 1], padding: 'same' }],
  AveragePooling2D: [{ poolSize: [3, 3] }],
  BatchNormalization: [{ momentum: 0.9, epsilon: 1e-5, center: false, scale: false }],
  ZeroPadding2D: [{ padding: [[0, 1], [2, 3]] }],
  Dropout: [{ rate: 0.5 }],
  Reshape: [{ targetShape: [-1] }, { targetShape: [4, 4, 2] }],
  DepthwiseConv2D: [{ dilationRate: [2, 2], depthMultiplier: 2, padding: 'same' }],
  SeparableConv2D: [{ filters: 4, depthMultiplier: 2 }, { filters: 4, dilationRate: [2, 1] }],
  LocalResponseNormalization: [{ depthRadius: 1, bias: 1, alpha: 0.5, beta: 1 }],
};

describe('readLayer', () => {
  for (const def of Object.values(LAYERS)) {
    if (def.kind === 'Input') continue;
    for (const given of [{}, ...(variants[def.kind] ?? [])]) {
      it(`reads ${def.kind} ${JSON.stringify(given)} back from its code`, () => {
        const params = def.params.parse(given) as Record<string, unknown>;
        const spec = def.tfjs(params as never);
        const read = readLayer({ factory: spec.factory, custom: Object.hasOwn(CUSTOM_LAYER_SOURCES, spec.factory), name: 'x', config: prunedConfig(spec) });
        expect(read).toEqual({ ok: true, kind: def.kind, params });
      });
    }
  }

  it('refuses a stock factory where the settings need the custom class', () => {
    const read = readLayer({ factory: 'depthwiseConv2d', custom: false, name: 'dw', config: { kernelSize: [3, 3], dilationRate: [2, 2], depthwiseInitializer: 'glorotUniform' } });
    expect(read).toEqual({ ok: false, message: 'DepthwiseConv2D with these settings is built by new DepthwiseConv2D(...), not tf.layers.depthwiseConv2d(...)' });
  });

  it('names the setting a schema refuses', () => {
    const read = readLayer({ factory: 'conv2d', custom: false, name: 'c', config: { filters: -3, kernelSize: [3, 3] } });
    expect(read.ok).toBe(false);
    expect(read).toMatchObject({ key: 'filters' });
  });
});
