// Dense rows: units, bias, activations. Dense on an image is refused on purpose (Keras would
// apply it to the last axis; people nearly always forgot a Flatten) - tfjs accepts it.
import { tableFor, tf } from './harness.ts';

tableFor('Dense', {
  kernelMacs: true,
  tfjsLayer: (c) => tf.layers.dense({ units: 10, ...c } as never),
  valid: [
    { params: {}, inputs: [[20]] },
    { params: { units: 1, activation: 'sigmoid' }, inputs: [[7]] },
    { params: { units: 16, useBias: false }, inputs: [[33]] },
    { params: { units: 3, activation: 'softmax' }, inputs: [[1]] },
    { params: { units: 5, activation: 'tanh' }, inputs: [[128]] },
  ],
  invalid: [
    { params: { units: 4 }, inputs: [[8, 8, 3]], code: 'RANK_MISMATCH', quotes: ['8x8x3', 'Flatten'], tfjs: false },
    { params: { units: 0 }, inputs: [[8]], code: 'BAD_PARAM', quotes: ['units', '0'], param: 'units', tfjs: true },
    { params: { units: -3 }, inputs: [[8]], code: 'BAD_PARAM', quotes: ['units', '-3'], param: 'units', tfjs: true },
    { params: { units: 4, useBias: 'yes' }, inputs: [[8]], code: 'BAD_PARAM', quotes: ['useBias', '"yes"'], param: 'useBias' },
  ],
});
