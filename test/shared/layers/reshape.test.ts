// Reshape: explicit shapes and one -1 (Keras infers it); sizes must agree.
import { expect, it } from 'vitest';
import { checkRow, tableFor, tf } from './harness.ts';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';

tableFor('Reshape', {
  tfjsLayer: (c) => tf.layers.reshape(c as never),
  valid: [
    { params: {}, inputs: [[4, 4, 3]] },
    { params: { targetShape: [16, 3] }, inputs: [[4, 4, 3]] },
    { params: { targetShape: [-1, 3] }, inputs: [[4, 4, 3]] },
    { params: { targetShape: [2, -1, 2] }, inputs: [[6, 2]] },
    { params: { targetShape: [1, 1, 10] }, inputs: [[10]] },
    { params: { targetShape: [7, 5, 1, 1] }, inputs: [[35]] },
  ],
  invalid: [
    { params: { targetShape: [5, 5] }, inputs: [[4, 4, 3]], code: 'RESHAPE_SIZE', quotes: ['4x4x3', '48', '5x5', '25'], tfjs: true },
    { params: { targetShape: [5, -1] }, inputs: [[4, 4, 3]], code: 'RESHAPE_SIZE', quotes: ['48', 'not a multiple of 5'], tfjs: true },
    { params: { targetShape: [-1, -1] }, inputs: [[4, 4, 3]], code: 'BAD_PARAM', quotes: ['targetShape', '[-1,-1]'], param: 'targetShape', tfjs: true },
    { params: { targetShape: [0, 3] }, inputs: [[4, 4, 3]], code: 'BAD_PARAM', quotes: ['targetShape[0]', '0'], param: 'targetShape[0]' },
    { params: { targetShape: [] }, inputs: [[4, 4, 3]], code: 'BAD_PARAM', quotes: ['targetShape', '[]'], param: 'targetShape' },
  ],
});

it('a -1 resolves in the compiled symbolic shape, so Dense can follow Reshape([-1])', () => {
  const project = {
    schemaVersion: 1 as const,
    nodes: [
      { id: 'in', kind: 'Input', params: { shape: [3, 4, 2] } },
      { id: 'r', kind: 'Reshape', params: { targetShape: [-1] } },
      { id: 'd', kind: 'Dense', params: { units: 5 } },
    ],
    edges: [
      { id: 'a', source: 'in', target: 'r' },
      { id: 'b', source: 'r', target: 'd' },
    ],
  };
  const a = analyzeGraph(project);
  expect(a.nodes.get('r')!.shape).toEqual([24]);
  const model = compileToTfjs(tf, project, a);
  expect(model.getLayer('reshape').outputShape).toEqual([null, 24]);
  expect(model.countParams()).toBe(a.totals.total);
  expect(a.totals.total).toBe(25 * 5);
  model.dispose();
  checkRow('Reshape', { params: { targetShape: [-1] }, inputs: [[3, 4, 2]] });
});
