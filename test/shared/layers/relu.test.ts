// ReLU layer, plain and capped (ReLU6).
import { tableFor, tf } from './harness.ts';

tableFor('ReLU', {
  tfjsLayer: (c) => tf.layers.reLU(c as never),
  valid: [
    { params: {}, inputs: [[4, 4, 3]] },
    { params: { maxValue: 6 }, inputs: [[7]] },
    { params: { maxValue: null }, inputs: [[2, 3, 4]] },
  ],
  invalid: [{ params: { maxValue: -1 }, inputs: [[4]], code: 'BAD_PARAM', quotes: ['maxValue', '-1'], param: 'maxValue' }],
});
