// fastcpu's convolution gradient kernels against tfjs' CPU backend, over tables of shapes,
// strides, paddings, dilations, batch sizes and channel counts (small shapes: this is fast).
import { describe, expect, it } from 'vitest';
import { compareBackends, compareWith, seeded, sizeOf, tf } from './compare.ts';

type Pad = 'same' | 'valid' | number;
const TOL = 1e-4;

function t4(shape: number[], seed: number) {
  return tf.tensor4d(seeded(sizeOf(shape), seed), shape as [number, number, number, number]);
}

interface ConvCase { n: number; h: number; w: number; ci: number; k: [number, number]; co: number; s: [number, number]; pad: Pad }

// [N, H, W, Ci, kernel, Co, strides, pad]
const convCases: ConvCase[] = (
  [
    [1, 5, 5, 1, [3, 3], 1, [1, 1], 'valid'],
    [2, 6, 7, 3, [3, 3], 4, [1, 1], 'same'],
    [3, 8, 8, 2, [1, 1], 5, [1, 1], 'valid'],
    [2, 8, 8, 4, [1, 1], 3, [1, 1], 'same'],
    [2, 9, 9, 3, [1, 1], 4, [2, 2], 'valid'],
    [1, 12, 12, 3, [7, 7], 4, [1, 1], 'valid'],
    [2, 7, 7, 2, [3, 3], 3, [2, 2], 'same'],
    [2, 8, 8, 2, [3, 3], 3, [2, 2], 'same'],
    [2, 8, 9, 2, [3, 3], 3, [2, 2], 'valid'],
    [1, 10, 10, 2, [5, 5], 2, [3, 3], 'valid'],
    [1, 11, 10, 2, [4, 2], 3, [2, 1], 'same'],
    [2, 6, 6, 3, [2, 2], 2, [2, 2], 'valid'],
    [4, 5, 5, 6, [3, 3], 8, [1, 1], 'same'],
    [1, 7, 7, 2, [3, 3], 2, [1, 1], 1],
    [2, 9, 9, 2, [3, 3], 2, [2, 2], 1],
    [1, 6, 6, 1, [5, 5], 1, [1, 1], 'same'],
  ] as const
).map(([n, h, w, ci, k, co, s, pad]) => ({ n, h, w, ci, k: [...k], co, s: [...s], pad }) as ConvCase);

const label = (c: ConvCase) => `x ${c.n}x${c.h}x${c.w}x${c.ci}, k ${c.k.join('x')}x${c.co}, s ${c.s.join('x')}, ${c.pad}`;

describe('Conv2DBackpropFilter', () => {
  it.each(convCases.map((c) => [label(c), c] as const))('%s', async (_, c) => {
    const filterShape = [c.k[0], c.k[1], c.ci, c.co] as [number, number, number, number];
    const { error } = await compareBackends(() => {
      const x = t4([c.n, c.h, c.w, c.ci], 1);
      const y = tf.conv2d(x, t4(filterShape, 2), c.s, c.pad);
      const dy = t4(y.shape, 3);
      return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: c.s, pad: c.pad, dataFormat: 'NHWC', filterShape }) as never;
    });
    expect(error).toBeLessThan(TOL);
  });
});

describe('Conv2DBackpropInput', () => {
  it.each(convCases.map((c) => [label(c), c] as const))('%s', async (_, c) => {
    const inputShape = [c.n, c.h, c.w, c.ci];
    const { error } = await compareBackends(() => {
      const filter = t4([c.k[0], c.k[1], c.ci, c.co], 2);
      const y = tf.conv2d(t4(inputShape, 1), filter, c.s, c.pad);
      const dy = t4(y.shape, 3);
      return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { strides: c.s, pad: c.pad, dataFormat: 'NHWC', inputShape }) as never;
    });
    expect(error).toBeLessThan(TOL);
  });
});

interface DwCase { n: number; h: number; w: number; c: number; k: [number, number]; m: number; s: [number, number]; d: [number, number]; pad: Pad }

// [N, H, W, C, kernel, multiplier, strides, dilations, pad]
const dwCases: DwCase[] = (
  [
    [1, 5, 5, 1, [3, 3], 1, [1, 1], [1, 1], 'valid'],
    [2, 6, 6, 3, [3, 3], 1, [1, 1], [1, 1], 'same'],
    [2, 7, 6, 2, [3, 3], 2, [1, 1], [1, 1], 'same'],
    [2, 8, 8, 3, [3, 3], 1, [2, 2], [1, 1], 'same'],
    [1, 9, 9, 2, [3, 3], 3, [2, 2], [1, 1], 'valid'],
    [2, 9, 9, 2, [3, 3], 1, [1, 1], [2, 2], 'same'],
    [1, 10, 10, 2, [3, 3], 2, [1, 1], [2, 2], 'valid'],
    [1, 8, 8, 4, [5, 5], 1, [1, 1], [1, 1], 'same'],
    [3, 6, 6, 2, [1, 1], 2, [1, 1], [1, 1], 'valid'],
    [1, 7, 9, 2, [2, 3], 1, [1, 2], [1, 1], 'same'],
  ] as const
).map(([n, h, w, c, k, m, s, d, pad]) => ({ n, h, w, c, k: [...k], m, s: [...s], d: [...d], pad }) as DwCase);

const dwLabel = (c: DwCase) => `x ${c.n}x${c.h}x${c.w}x${c.c}, k ${c.k.join('x')}, m ${c.m}, s ${c.s.join('x')}, d ${c.d.join('x')}, ${c.pad}`;

/**
 * tfjs' CPU depthwise gradient kernels ignore dilations (its gradient refuses dilated
 * convolutions), so a dilated case is checked against the undilated kernel with the filter
 * spread out by zeros: the same convolution.
 */
function spreadFilter(f: ReturnType<typeof t4>, d: [number, number]) {
  const [kh, kw, c, m] = f.shape;
  const rows = (kh - 1) * d[0] + 1;
  const cols = (kw - 1) * d[1] + 1;
  const wide = tf.pad(tf.reshape(f, [kh, 1, kw, 1, c, m]), [[0, 0], [0, d[0] - 1], [0, 0], [0, d[1] - 1], [0, 0], [0, 0]]);
  return tf.slice(tf.reshape(wide, [kh * d[0], kw * d[1], c, m]), [0, 0, 0, 0], [rows, cols, c, m]);
}

describe('DepthwiseConv2dNativeBackpropFilter', () => {
  it.each(dwCases.map((c) => [dwLabel(c), c] as const))('%s', async (_, c) => {
    const filterShape = [c.k[0], c.k[1], c.c, c.m] as [number, number, number, number];
    const inputs = () => {
      const x = t4([c.n, c.h, c.w, c.c], 4);
      const y = tf.depthwiseConv2d(x, t4(filterShape, 5), c.s, c.pad as 'same', 'NHWC', c.d);
      return { x, dy: t4(y.shape, 6) };
    };
    const got = () => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', inputs(), { strides: c.s, dilations: c.d, pad: c.pad, filterShape }) as never;
    const reference = () => {
      const wide = spreadFilter(t4(filterShape, 5), c.d).shape;
      const g = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', inputs(), { strides: c.s, dilations: 1, pad: c.pad, filterShape: wide }) as never;
      return tf.stridedSlice(g, [0, 0, 0, 0], wide, [c.d[0], c.d[1], 1, 1]);
    };
    const { error } = await compareWith(reference, got);
    expect(error).toBeLessThan(TOL);
  });
});

describe('DepthwiseConv2dNativeBackpropInput', () => {
  it.each(dwCases.map((c) => [dwLabel(c), c] as const))('%s', async (_, c) => {
    const inputShape = [c.n, c.h, c.w, c.c];
    const filter = () => t4([c.k[0], c.k[1], c.c, c.m], 5);
    const dy = () => t4(tf.depthwiseConv2d(t4(inputShape, 4), filter(), c.s, c.pad as 'same', 'NHWC', c.d).shape, 6);
    const got = () =>
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: dy(), filter: filter() }, { strides: c.s, dilations: c.d, pad: c.pad, inputShape }) as never;
    const reference = () =>
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: dy(), filter: spreadFilter(filter(), c.d) }, { strides: c.s, dilations: 1, pad: c.pad, inputShape }) as never;
    const { error } = await compareWith(reference, got);
    expect(error).toBeLessThan(TOL);
  });
});

describe('dilated forward convolutions (the wasm kernel fastcpu builds on)', () => {
  it.each([
    [[1, 9, 9, 2], [3, 3, 2, 3], 'same', [2, 2]],
    [[2, 10, 8, 1], [3, 2, 1, 2], 'valid', [2, 3]],
  ] as const)('x %j, filter %j, %s, dilation %j', async (xs, fs, pad, d) => {
    const { error } = await compareBackends(() => tf.conv2d(t4([...xs], 7), t4([...fs], 8), 1, pad, 'NHWC', [...d] as [number, number]));
    expect(error).toBeLessThan(TOL);
  });
});
