// Conv2D rows: strides, same/valid, dilation, odd sizes, rectangular kernels, no bias.
import { tableFor, tf } from './harness.ts';

const conv = (c: Record<string, unknown>) => tf.layers.conv2d({ filters: 32, kernelSize: 3, ...c } as never);

tableFor('Conv2D', {
  kernelMacs: true,
  tfjsLayer: conv,
  valid: [
    { params: {}, inputs: [[8, 8, 3]] },
    { params: { filters: 4, kernelSize: [3, 3] }, inputs: [[8, 8, 3]] },
    { params: { filters: 2, kernelSize: [3, 3], strides: [2, 2], padding: 'same' }, inputs: [[9, 9, 3]] },
    { params: { filters: 5, kernelSize: [5, 3], strides: [2, 1] }, inputs: [[11, 7, 2]] },
    { params: { filters: 3, kernelSize: [3, 3], dilationRate: [2, 2] }, inputs: [[9, 9, 1]] },
    { params: { filters: 3, kernelSize: [3, 3], dilationRate: [2, 3], padding: 'same' }, inputs: [[7, 8, 2]] },
    { params: { filters: 4, kernelSize: [1, 1], useBias: false, activation: 'relu' }, inputs: [[5, 5, 6]] },
    { params: { filters: 2, kernelSize: [4, 4], strides: [3, 3], padding: 'same' }, inputs: [[10, 10, 3]] },
    { params: { filters: 1, kernelSize: [7, 7] }, inputs: [[7, 7, 1]] },
    { params: { filters: 3, kernelSize: [5, 5], padding: 'same' }, inputs: [[3, 3, 2]] },
  ],
  invalid: [
    { params: { filters: 2, kernelSize: [5, 5] }, inputs: [[3, 3, 1]], code: 'KERNEL_TOO_LARGE', quotes: ['5x5', '3x3'], tfjs: true },
    { params: { filters: 2, kernelSize: [3, 7] }, inputs: [[9, 6, 1]], code: 'KERNEL_TOO_LARGE', quotes: ['3x7', '9x6', 'width'], tfjs: true },
    { params: { filters: 2, kernelSize: [3, 3], dilationRate: [3, 3] }, inputs: [[5, 5, 1]], code: 'NON_POSITIVE_OUTPUT', quotes: ['-1', '7', '5x5'], tfjs: true },
    { params: { filters: 2 }, inputs: [[10]], code: 'RANK_MISMATCH', quotes: ['10', 'rank 1'], tfjs: true },
    { params: { filters: 2 }, inputs: [[4, 4, 3, 2]], code: 'RANK_MISMATCH', quotes: ['4x4x3x2', 'rank 4'], tfjs: true },
    { params: { filters: 2, strides: [2, 2], dilationRate: [2, 2] }, inputs: [[9, 9, 1]], code: 'BAD_PARAM', quotes: ['strides 2x2', 'dilation rate 2x2'], param: 'dilationRate' },
    { params: { filters: 0 }, inputs: [[8, 8, 3]], code: 'BAD_PARAM', quotes: ['filters', '0'], param: 'filters', tfjs: true },
    { params: { filters: 2.5 }, inputs: [[8, 8, 3]], code: 'BAD_PARAM', quotes: ['filters', '2.5'], param: 'filters', tfjs: true },
    { params: { padding: 'full' }, inputs: [[8, 8, 3]], code: 'BAD_PARAM', quotes: ['padding', '"full"'], param: 'padding', tfjs: true },
    { params: { kernelSize: [3, 0] }, inputs: [[8, 8, 3]], code: 'BAD_PARAM', quotes: ['kernelSize[1]', '0'], param: 'kernelSize[1]' },
    { params: { activation: 'swish' }, inputs: [[8, 8, 3]], code: 'BAD_PARAM', quotes: ['activation', '"swish"'], param: 'activation' },
  ],
});
