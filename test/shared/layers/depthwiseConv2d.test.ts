// DepthwiseConv2D rows, Keras' published MobileNet count, and the dilated form (which stock
// tfjs gets wrong: it ignores dilationRate) checked against tf.depthwiseConv2d's own dilation.
import { describe, expect, it } from 'vitest';
import { checkRow, graphOf, tableFor, tf } from './harness.ts';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import { dilateKernel } from '../../../shared/layers/dilatedConv.ts';

tableFor('DepthwiseConv2D', {
  kernelMacs: true,
  tfjsLayer: (c) => tf.layers.depthwiseConv2d({ kernelSize: 3, ...c } as never),
  valid: [
    { params: {}, inputs: [[8, 8, 3]] },
    { params: { kernelSize: [3, 3], depthMultiplier: 2 }, inputs: [[8, 8, 3]] },
    { params: { kernelSize: [3, 3], strides: [2, 2], padding: 'same' }, inputs: [[9, 9, 4]] },
    { params: { kernelSize: [5, 3], strides: [1, 2], depthMultiplier: 3, useBias: false }, inputs: [[11, 7, 2]] },
    { params: { kernelSize: [3, 3], dilationRate: [2, 2] }, inputs: [[9, 9, 2]] },
    { params: { kernelSize: [3, 3], dilationRate: [2, 3], padding: 'same', depthMultiplier: 2 }, inputs: [[7, 8, 3]] },
    { params: { kernelSize: [1, 1], activation: 'relu' }, inputs: [[5, 5, 6]] },
    { params: { kernelSize: [4, 4], strides: [3, 3], padding: 'same' }, inputs: [[10, 10, 1]] },
  ],
  invalid: [
    { params: { kernelSize: [5, 5] }, inputs: [[3, 3, 2]], code: 'KERNEL_TOO_LARGE', quotes: ['5x5', '3x3'], tfjs: true },
    { params: { kernelSize: [3, 3], dilationRate: [3, 3] }, inputs: [[5, 5, 1]], code: 'NON_POSITIVE_OUTPUT', quotes: ['-1', '7', '5x5'] },
    { params: {}, inputs: [[10]], code: 'RANK_MISMATCH', quotes: ['10', 'rank 1'], tfjs: true },
    { params: { strides: [2, 2], dilationRate: [2, 2] }, inputs: [[9, 9, 1]], code: 'BAD_PARAM', quotes: ['strides 2x2', 'dilation rate 2x2'], param: 'dilationRate' },
    { params: { depthMultiplier: 0 }, inputs: [[8, 8, 3]], code: 'BAD_PARAM', quotes: ['depthMultiplier', '0'], param: 'depthMultiplier' },
    { params: { padding: 'full' }, inputs: [[8, 8, 3]], code: 'BAD_PARAM', quotes: ['padding', '"full"'], param: 'padding', tfjs: true },
  ],
});

describe('DepthwiseConv2D against Keras and tfjs ops', () => {
  it("counts Keras MobileNet's conv_dw_1: 112x112x32, 3x3, no bias = 288", () => {
    const a = checkRow('DepthwiseConv2D', { params: { padding: 'same', useBias: false }, inputs: [[112, 112, 32]] });
    expect(a.nodes.get('layer')!.count).toEqual({ trainable: 288, nonTrainable: 0 });
    expect(a.nodes.get('layer')!.shape).toEqual([112, 112, 32]);
  });

  type Dilated = { kernelSize: [number, number]; dilationRate: [number, number]; padding?: 'same' | 'valid'; depthMultiplier?: number };
  it.each<[Dilated, [number, number, number]]>([
    [{ kernelSize: [3, 3], dilationRate: [2, 2], depthMultiplier: 2 }, [9, 9, 2]],
    [{ kernelSize: [3, 2], dilationRate: [2, 3], padding: 'same' }, [7, 8, 3]],
  ])('dilated %j computes what tf.depthwiseConv2d with dilations computes, and trains', (params, shape) => {
    const project = graphOf('DepthwiseConv2D', { params, inputs: [shape] });
    const model = compileToTfjs(tf, project);
    const layer = model.getLayer('depthwise_conv2d');
    const x = tf.randomNormal([2, ...shape]) as tf.Tensor4D;
    const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D];
    const p = params;
    const expected = tf.add(tf.depthwiseConv2d(x, kernel, 1, p.padding ?? 'valid', 'NHWC', p.dilationRate), bias);
    const got = model.predict(x) as tf.Tensor;
    expect(got.shape).toEqual(expected.shape);
    expect(tf.max(tf.abs(tf.sub(got, expected))).dataSync()[0]).toBeLessThan(1e-5);

    // The output is linear in each kernel tap, so the gradient of f = sum of outputs for tap i is
    // f(K + e_i) - f(K); the spread kernel must pass exactly that back (stock tfjs has no gradient here).
    const f = (k: tf.Tensor4D) => tf.sum(tf.depthwiseConv2d(x, k, 1, p.padding ?? 'valid', 'NHWC', p.dilationRate)).dataSync()[0]!;
    const grad = tf.grad((k: tf.Tensor) => tf.sum(tf.depthwiseConv2d(x, dilateKernel(tf, k as tf.Tensor4D, p.dilationRate), 1, p.padding ?? 'valid')))(kernel).dataSync();
    const base = f(kernel);
    const flat = kernel.dataSync();
    for (const i of [0, 1, flat.length - 1]) {
      const bumped = Float32Array.from(flat);
      bumped[i]! += 1;
      expect(grad[i]!).toBeCloseTo(f(tf.tensor4d(bumped, kernel.shape)) - base, 2);
    }
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    return model.fit(x, tf.zerosLike(got), { epochs: 1, verbose: 0 }).then((h) => {
      expect(Number.isFinite(h.history.loss![0] as number)).toBe(true);
      model.dispose();
    });
  });

  it('stock tfjs ignores the dilation (why the custom class exists)', () => {
    const stock = tf.layers.depthwiseConv2d({ kernelSize: 3, dilationRate: 2 });
    expect(stock.computeOutputShape([null, 9, 9, 2])).toEqual([null, 7, 7, 2]);
    const a = analyzeGraph(graphOf('DepthwiseConv2D', { params: { dilationRate: [2, 2] }, inputs: [[9, 9, 2]] }));
    expect(a.nodes.get('layer')!.shape).toEqual([5, 5, 2]);
  });
});
