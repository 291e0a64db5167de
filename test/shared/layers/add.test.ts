// Add: equal shapes, several inputs, and Keras' broadcasting of size-1 axes and shorter shapes.
import { tableFor, tf } from './harness.ts';

tableFor('Add', {
  tfjsLayer: () => tf.layers.add({}),
  valid: [
    { params: {}, inputs: [[4, 4, 8], [4, 4, 8]] },
    { params: {}, inputs: [[10], [10], [10]] },
    { params: {}, inputs: [[4, 4, 1], [4, 4, 8]] },
    { params: {}, inputs: [[1, 5, 3], [4, 5, 1]] },
    { params: {}, inputs: [[8], [4, 4, 8]] },
  ],
  invalid: [
    { params: {}, inputs: [[4, 4, 8], [4, 4, 16]], code: 'SHAPE_MISMATCH', quotes: ['4x4x8', '4x4x16'], tfjs: true },
    { params: {}, inputs: [[4, 4, 8], [2, 2, 8]], code: 'SHAPE_MISMATCH', quotes: ['4x4x8', '2x2x8'], tfjs: true },
    { params: {}, inputs: [[3], [4]], code: 'SHAPE_MISMATCH', quotes: ['3 and 4'], tfjs: true },
    { params: {}, inputs: [[4, 4, 8]], code: 'MISSING_INPUT', quotes: ['2 inputs', 'received 1'] },
  ],
});
