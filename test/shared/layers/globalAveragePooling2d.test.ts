// GlobalAveragePooling2D: HxWxC -> C.
import { tableFor, tf } from './harness.ts';

tableFor('GlobalAveragePooling2D', {
  tfjsLayer: (c) => tf.layers.globalAveragePooling2d(c as never),
  valid: [
    { params: {}, inputs: [[7, 7, 64]] },
    { params: {}, inputs: [[1, 1, 3]] },
    { params: {}, inputs: [[5, 3, 2]] },
  ],
  invalid: [
    { params: {}, inputs: [[64]], code: 'RANK_MISMATCH', quotes: ['64', 'rank 1'], tfjs: true },
    { params: {}, inputs: [[4, 4]], code: 'RANK_MISMATCH', quotes: ['4x4', 'rank 2'], tfjs: true },
  ],
});
