// Input: the sample shape without the batch axis; compiled as tf.input, rank 1 to 4.
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import { checkBadRow, tf } from './harness.ts';

const lone = (params: Record<string, unknown>) => ({
  schemaVersion: 1 as const,
  nodes: [{ id: 'layer', kind: 'Input', params }],
  edges: [],
});

describe('Input equals tfjs', () => {
  it.each([[[64, 64, 3]], [[10]], [[5, 7]], [[2, 3, 4, 5]], [[1, 1, 1]]])('shape %j', (shape) => {
    const project = lone({ shape });
    const a = analyzeGraph(project);
    expect(a.diagnostics).toEqual([]);
    const node = a.nodes.get('layer')!;
    expect(node.name).toBe('input_1');
    expect(node.shape).toEqual(shape);
    expect(node.count).toEqual({ trainable: 0, nonTrainable: 0 });
    const model = compileToTfjs(tf, project, a);
    expect(model.inputs[0]!.shape).toEqual([null, ...shape]);
    expect(model.getLayer('input_1').name).toBe('input_1');
    expect(model.countParams()).toBe(0);
    const y = model.predict(tf.zeros([2, ...shape])) as tf.Tensor;
    expect(y.shape).toEqual([2, ...shape]);
    y.dispose();
    model.dispose();
  });

  it('defaults to a 64x64x3 image', () => {
    expect(analyzeGraph(lone({})).nodes.get('layer')!.shape).toEqual([64, 64, 3]);
  });
});

describe('Input diagnostics', () => {
  it.each([
    [{ shape: [] }, 'shape', '[]'],
    [{ shape: [0, 4] }, 'shape[0]', '0'],
    [{ shape: [4, 2.5] }, 'shape[1]', '2.5'],
    [{ shape: [2, 2, 2, 2, 2] }, 'shape', '[2,2,2,2,2]'],
    [{ shape: '64x64x3' }, 'shape', '"64x64x3"'],
  ])('BAD_PARAM for %j', (params, field, quoted) => {
    const a = analyzeGraph(lone(params));
    const d = a.diagnostics.find((x) => x.nodeId === 'layer')!;
    expect(d.code).toBe('BAD_PARAM');
    expect(d.param).toBe(field);
    expect(d.message).toContain(field);
    expect(d.message).toContain(quoted);
  });

  it('EXTRA_INPUT when an edge enters an Input', () => {
    checkBadRow('Input', { params: { shape: [4] }, inputs: [[4]], code: 'EXTRA_INPUT', quotes: ['no inputs', 'received 1'] });
  });
});
