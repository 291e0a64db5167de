// Concatenate on the channel axis: channels add up; everything else must match.
import { tableFor, tf } from './harness.ts';

tableFor('Concatenate', {
  tfjsLayer: () => tf.layers.concatenate({ axis: -1 }),
  valid: [
    { params: {}, inputs: [[4, 4, 8], [4, 4, 16]] },
    { params: {}, inputs: [[5, 3, 1], [5, 3, 2], [5, 3, 3]] },
    { params: { axis: -1 }, inputs: [[6], [9]] },
    // Keras files may count the batch: axis 3 of an image batch is its channel axis (InceptionV3's mixed0).
    { params: { axis: 3 }, inputs: [[4, 4, 8], [4, 4, 16]] },
    { params: { axis: 1 }, inputs: [[6], [9]] },
  ],
  invalid: [
    { params: {}, inputs: [[4, 4, 8], [2, 2, 8]], code: 'SHAPE_MISMATCH', quotes: ['4x4x8', '2x2x8'], tfjs: true },
    { params: {}, inputs: [[4, 4, 8], [16]], code: 'SHAPE_MISMATCH', quotes: ['4x4x8', '16'], tfjs: true },
    { params: { axis: 1 }, inputs: [[4, 4, 8], [4, 4, 8]], code: 'BAD_PARAM', quotes: ['axis', '1'], param: 'axis' },
    { params: { axis: 2 }, inputs: [[4, 4, 8], [4, 4, 8]], code: 'BAD_PARAM', quotes: ['axis 2', '-1 or 3'], param: 'axis' },
    { params: { axis: -2 }, inputs: [[4, 4, 8], [4, 4, 8]], code: 'BAD_PARAM', quotes: ['axis -2'], param: 'axis' },
    { params: { axis: 1.5 }, inputs: [[4, 4, 8], [4, 4, 8]], code: 'BAD_PARAM', quotes: ['axis', '1.5'], param: 'axis' },
    { params: {}, inputs: [[4, 4, 8]], code: 'MISSING_INPUT', quotes: ['received 1'] },
  ],
});
