// fastcpu's non-convolution kernels and gradients against tfjs' CPU backend: Tile, leading-axis
// Sum/Mean, MaxPoolGrad (ties included), transposed BatchMatMul, Identity, tf.moments, the
// BatchNorm gradient and the lazy gradients of tf.fused.conv2d / depthwiseConv2d.
import { describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { channelKernelsFor } from '../../../electron/trainer/engines/fastcpu/simd/index.ts';
import { compareBackends, seeded, sizeOf, tf } from './compare.ts';

const TOL = 1e-4;
const tensor = (shape: number[], seed: number) => tf.tensor(seeded(sizeOf(shape), seed), shape);

describe('SIMD channel kernels', () => {
  it('are built and instantiated on the backend memory (the tables below use them when C % 4 == 0)', async () => {
    await tf.setBackend('wasm');
    expect(channelKernelsFor(tf.backend(), 8)).not.toBeNull();
    expect(channelKernelsFor(tf.backend(), 6)).toBeNull();
  });
});

describe('PadV2', () => {
  it.each([
    [[2, 4, 5, 3], [[0, 0], [3, 3], [3, 3], [0, 0]], 0],
    [[1, 3, 3, 2], [[0, 0], [0, 2], [1, 0], [0, 0]], 0],
    [[2, 2, 2, 1], [[0, 0], [1, 1], [0, 0], [0, 0]], 0],
    [[2, 3, 3, 2], [[1, 0], [1, 1], [1, 1], [0, 1]], 0],
    [[2, 3, 3, 2], [[0, 0], [1, 1], [1, 1], [0, 0]], 1.5],
    [[3, 4], [[1, 2], [0, 3]], 0],
  ])('x %j paddings %j value %d', async (shape, paddings, value) => {
    const { error } = await compareBackends(() => tf.pad(tensor(shape, 35), paddings as [number, number][], value));
    expect(error).toBe(0);
  });
});

describe('Tile', () => {
  it.each([
    [[1, 1, 1, 5], [2, 3, 4, 1]],
    [[2, 3, 1, 1], [1, 1, 4, 6]],
    [[3, 1, 2], [2, 5, 1]],
    [[4], [3]],
    [[2, 2, 3], [1, 1, 1]],
    [[1, 2, 1, 3], [3, 1, 2, 2]],
  ])('x %j reps %j', async (shape, reps) => {
    const { error } = await compareBackends(() => tf.tile(tensor(shape, 1), reps));
    expect(error).toBe(0);
  });
  it('int32', async () => {
    const { error } = await compareBackends(() => tf.tile(tf.tensor([1, 2, 3], [3, 1], 'int32'), [2, 4]).toFloat());
    expect(error).toBe(0);
  });
});

describe('Sum and Mean over leading axes (and the rest falling back)', () => {
  it.each([
    [[4, 5, 6, 3], [0, 1, 2], false],
    [[4, 5, 6, 3], [0, 1, 2], true],
    [[4, 5, 6, 8], [0, 1, 2], false],
    [[300, 12], [0], true],
    [[2, 3, 700, 4], [0, 1, 2], false],
    [[7, 9], [0], false],
    [[2, 3, 4], [0, 1], true],
    [[2, 3, 4], [1, 2], false],
    [[2, 3, 4], [0, 2], false],
    [[2, 3, 4], null, false],
    [[6, 4], [-2], false],
  ] as const)('x %j axes %j keepDims %s', async (shape, axes, keepDims) => {
    const axis = axes == null ? undefined : [...axes];
    const { error } = await compareBackends(() => [tf.sum(tensor([...shape], 2), axis, keepDims), tf.mean(tensor([...shape], 2), axis, keepDims)]);
    expect(error).toBeLessThan(1e-6);
  });
});

describe('MaxPoolGrad', () => {
  it.each([
    [[2, 8, 8, 3], 2, 2, 'valid'],
    [[1, 7, 7, 2], 3, 2, 'same'],
    [[2, 9, 6, 4], [3, 2], [2, 1], 'valid'],
    [[1, 6, 6, 1], 3, 1, 'same'],
    [[3, 5, 5, 2], 2, 1, 'valid'],
    [[2, 8, 8, 8], 2, 2, 'valid'],
    [[1, 7, 7, 4], 3, 2, 'same'],
    [[2, 9, 6, 12], [3, 2], [2, 1], 'valid'],
    [[1, 6, 6, 4], 3, 1, 'same'],
  ] as const)('x %j pool %j strides %j %s', async (shape, pool, strides, pad) => {
    const { error } = await compareBackends(() => {
      const x = tensor([...shape], 3);
      return tf.grad((v: TF.Tensor) => tf.sum(tf.mul(tf.maxPool(v as TF.Tensor4D, pool as [number, number], strides as [number, number], pad), 3.5)))(x);
    });
    expect(error).toBeLessThan(1e-6);
  });
  it.each([1, 4])('sends the gradient of a tied window to its first maximum, as the CPU kernel does (C = %i)', async (c) => {
    const { error } = await compareBackends(() => {
      const plane = [1, 1, 1, 1, 2, 0, 2, 2, 5, 5, 5, 5, -Infinity, -Infinity, -Infinity, -Infinity];
      const x = tf.tensor4d(plane.flatMap((v) => Array.from({ length: c }, () => v)), [1, 4, 4, c]);
      return tf.grad((v: TF.Tensor) => tf.sum(tf.maxPool(v as TF.Tensor4D, 2, 2, 'valid')))(x);
    });
    expect(error).toBe(0);
  });
});

describe('Tanh (SIMD exp-based, about 1e-7 absolute error)', () => {
  it('matches Math.tanh over a wide range, special values and a tail of 1..3 elements', async () => {
    await tf.setBackend('wasm');
    const values = [0, -0, 1e-8, -1e-6, 1e-3, 0.1, -0.5, 0.625, 1, -2, 3.7, 9, -9.5, 20, 44, -88, 1e6, -Infinity, Infinity];
    for (let i = -2000; i <= 2000; i++) values.push(i / 150);
    values.push(0.3, -0.7, 0.9); // 3 left over after groups of 4
    const y = tf.tanh(tf.tensor1d(values));
    const got = y.dataSync();
    let worst = 0;
    values.forEach((v, i) => (worst = Math.max(worst, Math.abs(got[i]! - Math.tanh(v)))));
    expect(worst).toBeLessThan(3e-7);
    expect(Number.isNaN(tf.tanh(tf.tensor1d([NaN, 1, 2, 3])).dataSync()[0])).toBe(true);
    y.dispose();
  });
  it('and its gradient against the CPU backend', async () => {
    const { error } = await compareBackends(() => tf.grad((v: TF.Tensor) => tf.sum(tf.mul(tf.tanh(v), tensor([3, 7, 5], 33))))(tf.mul(tensor([3, 7, 5], 34), 3)));
    expect(error).toBeLessThan(1e-6);
  });
});

describe('AvgPoolGrad', () => {
  it.each([
    [[2, 8, 8, 3], 2, 2, 'valid'],
    [[1, 7, 9, 2], 2, 2, 'valid'],
    [[2, 9, 9, 4], 3, 3, 'valid'],
    [[1, 6, 8, 2], [2, 4], [2, 4], 'valid'],
    [[1, 7, 7, 2], 3, 2, 'same'],
    [[2, 6, 6, 3], 2, 1, 'valid'],
  ] as const)('x %j pool %j strides %j %s', async (shape, pool, strides, pad) => {
    const { error } = await compareBackends(() => {
      const x = tensor([...shape], 30);
      return tf.grad((v: TF.Tensor) => tf.sum(tf.mul(tf.avgPool(v as TF.Tensor4D, pool as [number, number], strides as [number, number], pad), tf.range(1, 1 + 1000).slice(0, 1))))(x);
    });
    expect(error).toBeLessThan(1e-6);
  });
  it('spreads distinct values to their own windows', async () => {
    const { error } = await compareBackends(() => {
      const x = tensor([2, 6, 4, 3], 31);
      return tf.grad((v: TF.Tensor) => {
        const y = tf.avgPool(v as TF.Tensor4D, 2, 2, 'valid');
        return tf.sum(tf.mul(y, tensor(y.shape, 32)));
      })(x);
    });
    expect(error).toBeLessThan(1e-6);
  });
});

describe('BatchMatMul with transposes', () => {
  it.each([
    [[5, 7], [7, 3], false, false],
    [[7, 5], [7, 3], true, false],
    [[5, 7], [3, 7], false, true],
    [[7, 5], [3, 7], true, true],
    [[2, 4, 6], [2, 4, 3], true, false],
    [[1, 33, 17], [1, 9, 17], false, true],
  ] as const)('a %j b %j tA %s tB %s', async (a, b, ta, tb) => {
    const { error } = await compareBackends(() => tf.matMul(tensor([...a], 4), tensor([...b], 5), ta, tb));
    expect(error).toBeLessThan(1e-5);
  });
});

describe('Identity shares the buffer and stays immutable', () => {
  it('a clone survives its source and keeps its values', async () => {
    await tf.setBackend('wasm');
    const a = tensor([3, 4], 6);
    const before = Array.from(a.dataSync());
    const b = tf.clone(a);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual(before);
    b.dispose();
  });
});

describe('tf.moments and the BatchNorm gradient', () => {
  it.each([
    [[4, 5, 5, 3], [0, 1, 2], false],
    [[4, 5, 5, 3], [0, 1, 2], true],
    [[4, 5, 5, 8], [0, 1, 2], false],
    [[3, 30, 30, 4], [0, 1, 2], true],
    [[6, 4], [0], false],
    [[3, 4, 5], [0, 2], false],
  ] as const)('moments of %j over %j (keepDims %s) and their gradient', async (shape, axes, keepDims) => {
    const { error } = await compareBackends(() => {
      const x = tensor([...shape], 7);
      const { mean, variance } = tf.moments(x, [...axes], keepDims);
      const g = tf.grad((v: TF.Tensor) => {
        const m = tf.moments(v, [...axes], keepDims);
        return tf.add(tf.sum(tf.mul(m.mean, 1.7)), tf.sum(tf.mul(m.variance, tf.range(1, m.variance.size + 1).reshape(m.variance.shape))));
      })(x);
      return [mean, variance, g];
    });
    expect(error).toBeLessThan(TOL);
  });

  // Without a scale tfjs' own gradient fails on every backend (it saves the missing input).
  it.each([[[4, 6, 6, 3]], [[8, 5]], [[3, 4, 5]], [[4, 6, 6, 8]], [[2, 20, 20, 12]]] as const)('gradients of batchNorm(x, moments(x), scale, offset) for %j', async (shape) => {
    const { error } = await compareBackends(() => {
      const x = tensor([...shape], 8);
      const c = shape[shape.length - 1]!;
      const scale = tf.add(tensor([c], 9), 1.5);
      const offset = tensor([c], 10);
      const w = tensor([...shape], 11);
      const axes = shape.slice(0, -1).map((_, i) => i);
      const f = (xv: TF.Tensor, sv: TF.Tensor, ov: TF.Tensor) => {
        const { mean, variance } = tf.moments(xv, axes);
        return tf.sum(tf.mul(tf.batchNorm(xv, mean, variance, ov, sv, 1e-3), w));
      };
      return tf.grads(f as (...a: TF.Tensor[]) => TF.Tensor)([x, scale, offset]);
    });
    expect(error).toBeLessThan(TOL);
  });

  it.each([
    [[3, 5, 5, 8], [8]],
    [[3, 5, 5, 3], [3]],
    [[6, 4], [4]],
    [[2, 3, 3, 4], [1, 1, 1, 4]],
  ] as const)('batchNorm forward, x %j with statistics %j', async (xs, ps) => {
    const { error } = await compareBackends(() => {
      const x = tf.add(tf.mul(tensor([...xs], 23), 3), 40);
      const mean = tf.add(tensor([...ps], 24), 40);
      const variance = tf.add(tf.abs(tensor([...ps], 25)), 0.2);
      return [tf.batchNorm(x, mean, variance, tensor([...ps], 26), tensor([...ps], 27), 1e-3), tf.batchNorm(x, mean, variance)];
    });
    expect(error).toBeLessThan(1e-5);
  });

  it('batchNorm with fixed statistics (inference-style mean/variance) keeps its gradient', async () => {
    const { error } = await compareBackends(() => {
      const x = tensor([3, 4, 4, 2], 12);
      const mean = tensor([2], 13);
      const variance = tf.add(tf.abs(tensor([2], 14)), 0.5);
      const scale = tensor([2], 21);
      const offset = tensor([2], 22);
      const f = (xv: TF.Tensor, mv: TF.Tensor, vv: TF.Tensor, sv: TF.Tensor, ov: TF.Tensor) => tf.sum(tf.square(tf.batchNorm(xv, mv, vv, ov, sv, 1e-3)));
      return tf.grads(f as (...a: TF.Tensor[]) => TF.Tensor)([x, mean, variance, scale, offset]);
    });
    expect(error).toBeLessThan(TOL);
  });
});

describe('lazy gradients of fused convolutions', () => {
  it.each([
    ['conv2d same with bias', false, [2, 7, 7, 3], [3, 3, 3, 4], 1, 'same', true],
    ['conv2d strided valid without bias', false, [2, 9, 9, 2], [3, 3, 2, 3], 2, 'valid', false],
    ['depthwise same with bias', true, [2, 6, 6, 3], [3, 3, 3, 2], 1, 'same', true],
  ] as const)('%s: every input gradient', async (_, depthwise, xs, fs, s, pad, withBias) => {
    const { error } = await compareBackends(() => {
      const x = tensor([...xs], 15);
      const f = tensor([...fs], 16);
      const outC = depthwise ? fs[2] * fs[3] : fs[3];
      const b = tensor([outC], 17);
      const op = (xv: TF.Tensor, fv: TF.Tensor, bv?: TF.Tensor) => {
        const args = { x: xv as TF.Tensor4D, filter: fv as TF.Tensor4D, strides: s, pad, bias: bv };
        const y = depthwise ? tf.fused.depthwiseConv2d(args) : tf.fused.conv2d(args);
        return tf.sum(tf.mul(y, tf.range(0, y.size).reshape(y.shape).mod(7)));
      };
      return tf.grads(op as (...a: TF.Tensor[]) => TF.Tensor)(withBias ? [x, f, b] : [x, f]);
    });
    expect(error).toBeLessThan(TOL);
  });

  it('does not compute the input gradient when the input needs none', async () => {
    await tf.setBackend('wasm');
    const x = tensor([2, 6, 6, 3], 18);
    const filter = tf.variable(tensor([3, 3, 3, 4], 19) as TF.Tensor4D);
    const bias = tf.variable(tensor([4], 20));
    const counts = new Map<string, number>();
    const original = tf.getKernel('Conv2DBackpropInput', 'wasm')!;
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel({ ...original, kernelFunc: (a) => (counts.set('dx', (counts.get('dx') ?? 0) + 1), original.kernelFunc(a)) });
    try {
      const { grads } = tf.variableGrads(() => tf.sum(tf.fused.conv2d({ x: x as TF.Tensor4D, filter, strides: 1, pad: 'same', bias })));
      expect(Object.keys(grads).length).toBe(2);
      tf.dispose(grads);
      expect(counts.get('dx') ?? 0).toBe(0);
      // ...and does when it does.
      const g = tf.grad((v: TF.Tensor) => tf.sum(tf.fused.conv2d({ x: v as TF.Tensor4D, filter, strides: 1, pad: 'same', bias })))(x);
      expect(counts.get('dx')).toBe(1);
      g.dispose();
    } finally {
      tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
      tf.registerKernel(original);
      tf.dispose([x, filter, bias]);
    }
  });
});
