// BatchNormalization: 4 per channel, 2 of them (moving mean / variance) non-trainable.
import { tableFor, tf } from './harness.ts';

tableFor('BatchNormalization', {
  tfjsLayer: (c) => tf.layers.batchNormalization(c as never),
  valid: [
    { params: {}, inputs: [[6, 6, 32]] },
    { params: {}, inputs: [[10]] },
    { params: { center: false }, inputs: [[4, 4, 3]] },
    { params: { scale: false, momentum: 0.9, epsilon: 1e-5 }, inputs: [[5, 7, 2]] },
    { params: { center: false, scale: false }, inputs: [[3, 3, 5]] },
  ],
  invalid: [
    { params: { momentum: 1.5 }, inputs: [[4, 4, 3]], code: 'BAD_PARAM', quotes: ['momentum', '1.5'], param: 'momentum' },
    { params: { epsilon: 0 }, inputs: [[4, 4, 3]], code: 'BAD_PARAM', quotes: ['epsilon', '0'], param: 'epsilon' },
  ],
});
