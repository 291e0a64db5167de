// Multiply: equal shapes, several inputs, and the squeeze-and-excitation broadcast (HxWxC times 1x1xC).
import { tableFor, tf } from './harness.ts';

tableFor('Multiply', {
  tfjsLayer: () => tf.layers.multiply({}),
  valid: [
    { params: {}, inputs: [[4, 4, 8], [4, 4, 8]] },
    { params: {}, inputs: [[10], [10], [10]] },
    { params: {}, inputs: [[4, 4, 8], [1, 1, 8]] },
    { params: {}, inputs: [[8], [4, 4, 8]] },
  ],
  invalid: [
    { params: {}, inputs: [[4, 4, 8], [4, 4, 16]], code: 'SHAPE_MISMATCH', quotes: ['Multiply', '4x4x8', '4x4x16'], tfjs: true },
    { params: {}, inputs: [[3], [4]], code: 'SHAPE_MISMATCH', quotes: ['3 and 4'], tfjs: true },
    { params: {}, inputs: [[4, 4, 8]], code: 'MISSING_INPUT', quotes: ['2 inputs', 'received 1'] },
  ],
});
