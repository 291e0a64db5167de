// Dropout: identity shape, no weights; rate in [0, 1).
import { tableFor, tf } from './harness.ts';

tableFor('Dropout', {
  tfjsLayer: (c) => tf.layers.dropout({ rate: 0.5, ...c } as never),
  valid: [
    { params: {}, inputs: [[4, 4, 3]] },
    { params: { rate: 0 }, inputs: [[10]] },
    { params: { rate: 0.25 }, inputs: [[3, 5]] },
  ],
  invalid: [
    { params: { rate: 1 }, inputs: [[4]], code: 'BAD_PARAM', quotes: ['rate', '1'], param: 'rate' },
    { params: { rate: -0.1 }, inputs: [[4]], code: 'BAD_PARAM', quotes: ['rate', '-0.1'], param: 'rate' },
  ],
});
