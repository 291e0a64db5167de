// Rescaling: identity shape, no weights, x * scale + offset (checked on values, as tfjs computes it).
import { expect, it } from 'vitest';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import { tableFor, tf } from './harness.ts';

tableFor('Rescaling', {
  tfjsLayer: (c) => tf.layers.rescaling({ scale: 1 / 255, offset: 0, ...c } as never),
  valid: [
    { params: {}, inputs: [[4, 4, 3]] },
    { params: { scale: 2, offset: -1 }, inputs: [[10]] },
    { params: { scale: 1 / 127.5, offset: -1 }, inputs: [[3, 5, 2]] },
  ],
  invalid: [
    { params: { scale: 'big' }, inputs: [[4]], code: 'BAD_PARAM', quotes: ['scale', '"big"'], param: 'scale' },
    { params: { offset: null }, inputs: [[4]], code: 'BAD_PARAM', quotes: ['offset', 'null'], param: 'offset' },
  ],
});

it('Rescaling computes x * scale + offset', () => {
  const model = compileToTfjs(tf, {
    schemaVersion: 1,
    name: 'rescale',
    nodes: [
      { id: 'x', kind: 'Input', params: { shape: [3] } },
      { id: 'r', kind: 'Rescaling', params: { scale: 1 / 127.5, offset: -1 } },
    ],
    edges: [{ id: 'e', source: 'x', target: 'r' }],
  });
  const y = tf.tidy(() => Array.from((model.predict(tf.tensor2d([[0, 127.5, 255]])) as tf.Tensor).dataSync()));
  model.dispose();
  expect(y.map((v) => Number(v.toFixed(6)))).toEqual([-1, 0, 1]);
});
