// SeparableConv2D rows, Keras' published Xception count, and the dilated form (stock tfjs runs it
// forward but cannot train it) checked against tf.separableConv2d and by one training step.
import { describe, expect, it } from 'vitest';
import { checkRow, graphOf, tableFor, tf } from './harness.ts';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';

tableFor('SeparableConv2D', {
  kernelMacs: true,
  tfjsLayer: (c) => tf.layers.separableConv2d({ filters: 32, kernelSize: 3, ...c } as never),
  valid: [
    { params: {}, inputs: [[8, 8, 3]] },
    { params: { filters: 4, kernelSize: [3, 3], depthMultiplier: 2 }, inputs: [[8, 8, 3]] },
    { params: { filters: 2, kernelSize: [3, 3], strides: [2, 2], padding: 'same' }, inputs: [[9, 9, 4]] },
    { params: { filters: 5, kernelSize: [5, 3], strides: [1, 2], depthMultiplier: 3, useBias: false }, inputs: [[11, 7, 2]] },
    { params: { filters: 3, kernelSize: [3, 3], dilationRate: [2, 2] }, inputs: [[9, 9, 2]] },
    { params: { filters: 3, kernelSize: [3, 3], dilationRate: [2, 3], padding: 'same', depthMultiplier: 2 }, inputs: [[7, 8, 3]] },
    { params: { filters: 6, kernelSize: [1, 1], activation: 'relu' }, inputs: [[5, 5, 6]] },
  ],
  invalid: [
    { params: { filters: 2, kernelSize: [5, 5] }, inputs: [[3, 3, 2]], code: 'KERNEL_TOO_LARGE', quotes: ['5x5', '3x3'], tfjs: true },
    { params: { filters: 2, kernelSize: [3, 3], dilationRate: [3, 3] }, inputs: [[5, 5, 1]], code: 'NON_POSITIVE_OUTPUT', quotes: ['-1', '7', '5x5'], tfjs: true },
    { params: { filters: 2 }, inputs: [[10]], code: 'RANK_MISMATCH', quotes: ['10', 'rank 1'], tfjs: true },
    { params: { filters: 2, strides: [2, 2], dilationRate: [2, 2] }, inputs: [[9, 9, 1]], code: 'BAD_PARAM', quotes: ['strides 2x2', 'dilation rate 2x2'], param: 'dilationRate' },
    { params: { filters: 0 }, inputs: [[8, 8, 3]], code: 'BAD_PARAM', quotes: ['filters', '0'], param: 'filters', tfjs: true },
    { params: { padding: 'full' }, inputs: [[8, 8, 3]], code: 'BAD_PARAM', quotes: ['padding', '"full"'], param: 'padding', tfjs: true },
  ],
});

describe('SeparableConv2D against Keras and tfjs ops', () => {
  it("counts Keras Xception's block2_sepconv1: 147x147x64 -> 128, 3x3 same, no bias = 8,768", () => {
    const a = checkRow('SeparableConv2D', { params: { filters: 128, padding: 'same', useBias: false }, inputs: [[147, 147, 64]] });
    expect(a.nodes.get('layer')!.count).toEqual({ trainable: 8_768, nonTrainable: 0 });
    expect(a.nodes.get('layer')!.shape).toEqual([147, 147, 128]);
  });

  it('dilated: computes what tf.separableConv2d computes, and trains one step', async () => {
    const params = { filters: 4, kernelSize: [3, 3], dilationRate: [2, 2], padding: 'same', depthMultiplier: 2 };
    const model = compileToTfjs(tf, graphOf('SeparableConv2D', { params, inputs: [[7, 7, 3]] }));
    const [dw, pw, bias] = model.getLayer('separable_conv2d').getWeights() as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D];
    const x = tf.randomNormal([2, 7, 7, 3]) as tf.Tensor4D;
    const expected = tf.add(tf.separableConv2d(x, dw, pw, 1, 'same', [2, 2]), bias);
    const got = model.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(got, expected))).dataSync()[0]).toBeLessThan(1e-5);
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const before = dw.dataSync().slice();
    const h = await model.fit(x, tf.zerosLike(got), { epochs: 1, verbose: 0 });
    expect(Number.isFinite(h.history.loss![0] as number)).toBe(true);
    const after = (model.getLayer('separable_conv2d').getWeights()[0] as tf.Tensor).dataSync();
    expect(after.some((v, i) => v !== before[i])).toBe(true);
    model.dispose();
  });
});
