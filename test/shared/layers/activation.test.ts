// Activation: every function keeps the shape and has no weights; leaky_relu is Keras' slope 0.2.
import { expect, it } from 'vitest';
import { checkRow, graphOf, tableFor, tf, type Row } from './harness.ts';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';

tableFor('Activation', {
  tfjsLayer: (c) => tf.layers.activation({ activation: 'relu', ...c } as never),
  valid: [
    ...['linear', 'relu', 'sigmoid', 'tanh', 'elu', 'selu', 'leaky_relu'].map((activation, i): Row => ({
      params: { activation },
      inputs: [i % 2 ? [5] : [4, 4, 3]],
    })),
    { params: { activation: 'softmax' }, inputs: [[10]] },
    { params: {}, inputs: [[3, 3, 2]] },
  ],
  invalid: [
    { params: { activation: 'swish' }, inputs: [[4]], code: 'BAD_PARAM', quotes: ['activation', '"swish"'], param: 'activation', tfjs: false },
    { params: { activation: 'gelu_fast' }, inputs: [[4]], code: 'BAD_PARAM', quotes: ['"gelu_fast"'], param: 'activation', tfjs: true },
  ],
});

it('leaky_relu uses keras.activations.leaky_relu slope 0.2', () => {
  checkRow('Activation', { params: { activation: 'leaky_relu' }, inputs: [[3]] });
  const model = compileToTfjs(tf, graphOf('Activation', { params: { activation: 'leaky_relu' }, inputs: [[3]] }));
  const y = model.predict(tf.tensor2d([[-1, 0, 2]])) as tf.Tensor;
  expect(Array.from(y.dataSync())).toEqual([Math.fround(-0.2), 0, 2]);
  model.dispose();
});
