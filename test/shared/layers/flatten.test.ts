// Flatten: any rank of 2 or more to one vector.
import { tableFor, tf } from './harness.ts';

tableFor('Flatten', {
  tfjsLayer: (c) => tf.layers.flatten(c as never),
  valid: [
    { params: {}, inputs: [[8, 8, 3]] },
    { params: {}, inputs: [[5, 7]] },
    { params: {}, inputs: [[1, 1, 1]] },
    { params: {}, inputs: [[2, 3, 4, 5]] },
  ],
  // Keras passes a vector through; tfjs refuses it, so we say so before compiling.
  invalid: [{ params: {}, inputs: [[10]], code: 'RANK_MISMATCH', quotes: ['10', 'already flat'], tfjs: true }],
});
