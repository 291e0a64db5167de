// GlobalMaxPooling2D: HxWxC -> C.
import { tableFor, tf } from './harness.ts';

tableFor('GlobalMaxPooling2D', {
  tfjsLayer: (c) => tf.layers.globalMaxPooling2d(c as never),
  valid: [
    { params: {}, inputs: [[7, 7, 64]] },
    { params: {}, inputs: [[1, 1, 3]] },
    { params: {}, inputs: [[2, 9, 5]] },
  ],
  invalid: [{ params: {}, inputs: [[8]], code: 'RANK_MISMATCH', quotes: ['8', 'rank 1'], tfjs: true }],
});
