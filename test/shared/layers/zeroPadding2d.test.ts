// ZeroPadding2D: symmetric and asymmetric padding, zero padding on one side.
import { tableFor, tf } from './harness.ts';

tableFor('ZeroPadding2D', {
  tfjsLayer: (c) => tf.layers.zeroPadding2d(c as never),
  valid: [
    { params: {}, inputs: [[4, 4, 3]] },
    { params: { padding: [[3, 3], [3, 3]] }, inputs: [[8, 8, 1]] },
    { params: { padding: [[0, 1], [2, 0]] }, inputs: [[5, 7, 2]] },
    { params: { padding: [[0, 0], [0, 0]] }, inputs: [[3, 3, 4]] },
  ],
  invalid: [
    { params: {}, inputs: [[12]], code: 'RANK_MISMATCH', quotes: ['12', 'rank 1'], tfjs: true },
    { params: { padding: [[-1, 1], [1, 1]] }, inputs: [[4, 4, 3]], code: 'BAD_PARAM', quotes: ['padding[0][0]', '-1'], param: 'padding[0][0]' },
    { params: { padding: 2 }, inputs: [[4, 4, 3]], code: 'BAD_PARAM', quotes: ['padding', '2'], param: 'padding' },
  ],
});
