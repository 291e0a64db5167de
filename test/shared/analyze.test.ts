// analyzeGraph: graph-level diagnostics (codes, nodes, quoted values), Keras naming, frozen
// layers, port order of merges, and multi-input / multi-output graphs compiled with real tfjs.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph, type Analysis } from '../../shared/graph/analyze.ts';
import { compileToTfjs } from '../../shared/compile/toTfjs.ts';
import type { ProjectInput } from '../../shared/graph/schema.ts';

await tf.setBackend('cpu');

type N = ProjectInput['nodes'][number];
type E = ProjectInput['edges'][number];
const graph = (nodes: N[], edges: E[]): ProjectInput => ({ schemaVersion: 1, name: 'g', nodes, edges });
const input = (id: string, shape: number[], name?: string): N => ({ id, kind: 'Input', params: { shape }, ...(name ? { name } : {}) });
const node = (id: string, kind: string, params: Record<string, unknown> = {}, extra: Partial<N> = {}): N => ({ id, kind, params, ...extra });
const edge = (source: string, target: string, targetPort?: string): E => ({
  id: `${source}->${target}${targetPort ? `:${targetPort}` : ''}`,
  source,
  target,
  ...(targetPort ? { targetPort } : {}),
});
/** `CODE@where`: the edge for edge diagnostics, else the node. */
const codes = (a: Analysis) => a.diagnostics.map((d) => `${d.code}@${d.edgeId ?? d.nodeId ?? ''}`).sort();
const size = (w: { shape: readonly (number | null)[] }) => w.shape.reduce<number>((s, d) => s * (d ?? 1), 1);

describe('graph diagnostics', () => {
  it('CYCLE on every node of the loop and only there', () => {
    const a = analyzeGraph(
      graph(
        [input('in', [4]), node('a1', 'Add'), node('a2', 'Add'), node('after', 'Dense', { units: 2 })],
        [edge('in', 'a1', 'in0'), edge('a2', 'a1', 'in1'), edge('a1', 'a2', 'in0'), edge('in', 'a2', 'in1'), edge('a2', 'after')],
      ),
    );
    expect(codes(a)).toEqual(['CYCLE@a1', 'CYCLE@a2']);
    expect(a.order).toEqual(['in']);
    expect(a.diagnostics[0]!.message).toContain('cycle');
    expect(a.ok).toBe(false);
  });

  it('CYCLE for a node feeding itself', () => {
    const a = analyzeGraph(graph([input('in', [4]), node('r', 'ReLU')], [edge('r', 'r')]));
    expect(codes(a)).toEqual(['CYCLE@r']);
  });

  it('MISSING_INPUT quotes how many inputs the kind needs and received', () => {
    const a = analyzeGraph(graph([input('in', [8, 8, 3]), node('c', 'Conv2D'), node('add', 'Add')], [edge('in', 'add', 'in0')]));
    expect(codes(a)).toEqual(['MISSING_INPUT@add', 'MISSING_INPUT@c']);
    const byNode = new Map(a.diagnostics.map((d) => [d.nodeId, d.message]));
    expect(byNode.get('c')).toMatch(/Conv2D "conv2d" needs 1 input; received 0/);
    expect(byNode.get('add')).toMatch(/Add "add" needs at least 2 inputs; received 1/);
  });

  it('EXTRA_INPUT when two edges enter a single-input kind', () => {
    const a = analyzeGraph(graph([input('x', [4]), input('y', [4]), node('d', 'Dense', { units: 2 })], [edge('x', 'd'), edge('y', 'd')]));
    expect(codes(a)).toEqual(['EXTRA_INPUT@d']);
    expect(a.diagnostics[0]!.message).toMatch(/Dense "dense" takes at most 1 input; received 2/);
  });

  it('DANGLING_EDGE for a missing node or an unknown port, on the edge', () => {
    const a = analyzeGraph(
      graph([input('in', [4]), node('d', 'Dense')], [edge('in', 'd'), edge('in', 'ghost'), { id: 'bad-port', source: 'in', target: 'd', targetPort: 'left' }]),
    );
    expect(codes(a)).toEqual(['DANGLING_EDGE@bad-port', 'DANGLING_EDGE@in->ghost']);
    const msgs = a.diagnostics.map((d) => d.message).join('\n');
    expect(msgs).toContain('"ghost" does not exist');
    expect(msgs).toContain('port "left"');
    expect(a.diagnostics.find((d) => d.edgeId === 'bad-port')!.nodeId).toBe('d');
  });

  it('DUPLICATE_EDGE when two edges enter the same port of a merge', () => {
    const a = analyzeGraph(graph([input('x', [4]), input('y', [4]), node('add', 'Add')], [edge('x', 'add', 'in0'), edge('y', 'add', 'in0')]));
    expect(a.diagnostics.find((d) => d.code === 'DUPLICATE_EDGE')).toMatchObject({ nodeId: 'add', edgeId: 'y->add:in0' });
  });

  it('DUPLICATE_NAME on the second node that takes a name', () => {
    const a = analyzeGraph(
      graph([input('in', [4]), node('d1', 'Dense', {}, { name: 'head' }), node('d2', 'Dense', {}, { name: 'head' })], [edge('in', 'd1'), edge('d1', 'd2')]),
    );
    expect(codes(a)).toEqual(['DUPLICATE_NAME@d2']);
    expect(a.diagnostics[0]!.message).toContain('"head"');
    expect(a.diagnostics[0]!.message).toContain('"d1"');
  });

  it('UNKNOWN_KIND quotes the kind', () => {
    const a = analyzeGraph(graph([input('in', [4, 4, 4, 1]), node('c3', 'Conv3D')], [edge('in', 'c3')]));
    expect(codes(a)).toEqual(['UNKNOWN_KIND@c3']);
    expect(a.diagnostics[0]!.message).toContain('"Conv3D"');
  });

  it('NO_INPUT_LAYER when nothing says what a sample looks like', () => {
    const a = analyzeGraph(graph([node('f', 'Flatten'), node('d', 'Dense')], [edge('f', 'd')]));
    expect(codes(a)).toContain('NO_INPUT_LAYER@');
    expect(analyzeGraph(graph([], [])).diagnostics).toEqual([]);
  });

  it('BAD_PARAM names the field and the received value, and leaves downstream shapes unknown', () => {
    const a = analyzeGraph(
      graph(
        [input('in', [8, 8, 3]), node('c', 'Conv2D', { filters: 0, padding: 'full' }), node('f', 'Flatten')],
        [edge('in', 'c'), edge('c', 'f')],
      ),
    );
    expect(codes(a)).toEqual(['BAD_PARAM@c', 'BAD_PARAM@c']);
    const byParam = new Map(a.diagnostics.map((d) => [d.param, d.message]));
    expect(byParam.get('filters')).toMatch(/^Conv2D "conv2d": filters .*received 0$/);
    expect(byParam.get('padding')).toMatch(/padding .*received "full"$/);
    expect(a.nodes.get('c')!.shape).toBeUndefined();
    expect(a.nodes.get('f')!.shape).toBeUndefined();
  });

  it('errors thrown by shape inference land on their node with the Keras name', () => {
    const a = analyzeGraph(graph([input('in', [3, 3, 1]), node('c', 'Conv2D', { kernelSize: [5, 5] })], [edge('in', 'c')]));
    expect(a.diagnostics).toMatchObject([{ code: 'KERNEL_TOO_LARGE', nodeId: 'c', severity: 'error' }]);
    expect(a.diagnostics[0]!.message).toMatch(/^"conv2d": Conv2D window 5x5 is larger than its 3x3 input/);
  });
});

describe('naming, freezing and port order', () => {
  it('names layers as Keras does, in topological order, skipping names already taken', () => {
    const a = analyzeGraph(
      graph(
        [
          node('c3', 'Conv2D', { filters: 2 }),
          input('in', [8, 8, 3]),
          node('c1', 'Conv2D', { filters: 2 }),
          node('c2', 'Conv2D', { filters: 2 }, { name: 'conv2d_1' }),
          input('in2', [4]),
          node('bn', 'BatchNormalization'),
        ],
        [edge('in', 'c1'), edge('c1', 'c2'), edge('c2', 'c3'), edge('c3', 'bn')],
      ),
    );
    expect(a.diagnostics).toEqual([]);
    const name = (id: string) => a.nodes.get(id)!.name;
    expect([name('in'), name('in2'), name('c1'), name('c2'), name('c3'), name('bn')]).toEqual([
      'input_1',
      'input_2',
      'conv2d',
      'conv2d_1',
      'conv2d_2',
      'batch_normalization',
    ]);
  });

  it('frozen nodes count all their weights as non-trainable, as tfjs does', () => {
    const g = graph(
      [
        input('in', [6, 6, 3]),
        node('c', 'Conv2D', { filters: 4 }, { trainable: false }),
        node('bn', 'BatchNormalization', {}, { trainable: false }),
        node('sep', 'SeparableConv2D', { filters: 2 }),
      ],
      [edge('in', 'c'), edge('c', 'bn'), edge('bn', 'sep')],
    );
    const a = analyzeGraph(g);
    expect(a.diagnostics).toEqual([]);
    expect(a.nodes.get('c')!.count).toEqual({ trainable: 0, nonTrainable: (3 * 3 * 3 + 1) * 4 });
    expect(a.nodes.get('bn')!.count).toEqual({ trainable: 0, nonTrainable: 16 });
    const model = compileToTfjs(tf, g, a);
    expect(model.trainableWeights.reduce((s, w) => s + size(w), 0)).toBe(a.totals.trainable);
    expect(model.nonTrainableWeights.reduce((s, w) => s + size(w), 0)).toBe(a.totals.nonTrainable);
    expect(a.totals.trainable).toBe(3 * 3 * 4 + 4 * 2 + 2);
    model.dispose();
  });

  it('merge inputs follow ports in0, in1, ... whatever the edge order in the file', () => {
    const g = graph(
      [input('a', [2, 2, 1]), input('b', [2, 2, 2]), node('cat', 'Concatenate')],
      [edge('b', 'cat', 'in1'), edge('a', 'cat', 'in0')],
    );
    const a = analyzeGraph(g);
    expect(a.nodes.get('cat')!.inputIds).toEqual(['a', 'b']);
    expect(a.nodes.get('cat')!.inputShapes).toEqual([[2, 2, 1], [2, 2, 2]]);
    const model = compileToTfjs(tf, g, a);
    const y = model.predict([tf.zeros([1, 2, 2, 1]), tf.ones([1, 2, 2, 2])]) as tf.Tensor;
    expect(Array.from(y.dataSync()).slice(0, 3)).toEqual([0, 1, 1]);
    model.dispose();
  });
});

describe('multi-input, multi-output graphs', () => {
  // image -> conv -> global pool ─┐
  //                               concat -> dense(8) -> head_a (1, sigmoid)
  // vector -> dense(4) ───────────┘                └─> head_b (3, softmax)
  const g = graph(
    [
      input('img', [8, 8, 3]),
      input('vec', [5]),
      node('conv', 'Conv2D', { filters: 6, padding: 'same', activation: 'relu' }),
      node('gap', 'GlobalAveragePooling2D'),
      node('dv', 'Dense', { units: 4 }),
      node('cat', 'Concatenate'),
      node('trunk', 'Dense', { units: 8, activation: 'relu' }),
      node('ha', 'Dense', { units: 1, activation: 'sigmoid' }, { name: 'head_a' }),
      node('hb', 'Dense', { units: 3, activation: 'softmax' }, { name: 'head_b' }),
    ],
    [
      edge('img', 'conv'),
      edge('conv', 'gap'),
      edge('vec', 'dv'),
      edge('gap', 'cat', 'in0'),
      edge('dv', 'cat', 'in1'),
      edge('cat', 'trunk'),
      edge('trunk', 'ha'),
      edge('trunk', 'hb'),
    ],
  );

  it('analyses to two inputs, two outputs and the summed counts', () => {
    const a = analyzeGraph(g);
    expect(a.diagnostics).toEqual([]);
    expect(a.inputs).toEqual(['img', 'vec']);
    expect(a.outputs).toEqual(['ha', 'hb']);
    expect(a.nodes.get('cat')!.shape).toEqual([10]);
    const expected = (3 * 3 * 3 + 1) * 6 + (5 + 1) * 4 + (10 + 1) * 8 + (8 + 1) * 1 + (8 + 1) * 3;
    expect(a.totals).toMatchObject({ total: expected, trainable: expected, nonTrainable: 0 });
  });

  it('compiles to a tfjs model with 2 inputs and 2 outputs that runs', () => {
    const a = analyzeGraph(g);
    const model = compileToTfjs(tf, g, a);
    expect(model.inputs.map((t) => t.shape)).toEqual([[null, 8, 8, 3], [null, 5]]);
    expect(model.outputs.map((t) => t.shape)).toEqual([[null, 1], [null, 3]]);
    expect(model.outputNames).toEqual(['head_a', 'head_b']);
    expect(model.countParams()).toBe(a.totals.total);
    const [ya, yb] = model.predict([tf.randomNormal([2, 8, 8, 3]), tf.randomNormal([2, 5])]) as tf.Tensor[];
    expect(ya!.shape).toEqual([2, 1]);
    expect(yb!.shape).toEqual([2, 3]);
    model.dispose();
  });

  it('keeps the outputs in file order when a branch grows', () => {
    // Head b first in the file and deeper than head a: outputs must still be [hb, ha].
    const deeper = graph(
      [input('in', [4]), node('hb', 'Dense', { units: 2 }), node('x', 'Dense', { units: 3 }), node('ha', 'Dense', { units: 1 })],
      [edge('in', 'x'), edge('x', 'hb'), edge('in', 'ha')],
    );
    expect(analyzeGraph(deeper).outputs).toEqual(['hb', 'ha']);
  });
});

describe('names tfjs cannot build', () => {
  it('BAD_NAME for a leading underscore (Keras takes it; tfjs throws "Not a valid tensor name")', () => {
    const g = graph([input('in', [3]), node('d', 'Dense', { units: 2 }, { name: '_head' })], [edge('in', 'd')]);
    const a = analyzeGraph(g);
    expect(codes(a)).toEqual(['BAD_NAME@d']);
    expect(a.diagnostics[0]!.message).toContain('"_head"');
    // The reference: tfjs itself refuses the name.
    const x = tf.input({ shape: [3] });
    expect(() => tf.layers.dense({ units: 2, name: '_head' }).apply(x)).toThrow(/valid tensor name/);
    // And the names our schema allows otherwise do build.
    const ok = graph([input('in', [3], 'in.put'), node('d', 'Dense', { units: 2 }, { name: 'head/a-1' })], [edge('in', 'd')]);
    const model = compileToTfjs(tf, ok);
    expect(model.getLayer('head/a-1').name).toBe('head/a-1');
    model.dispose();
  });
});
