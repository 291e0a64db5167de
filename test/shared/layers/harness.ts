/**
 * Table-test harness for the layer catalog: builds Input(s) -> layer as a project graph, analyses
 * it, compiles it with real tfjs and checks that our shape, trainable / non-trainable counts and
 * (for weighted kinds) multiply-adds equal what tfjs builds, and that a forward pass on a batch of
 * 2 gives the predicted shape. Invalid rows check the diagnostic code, node and quoted values.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph, type Analysis } from '../../../shared/graph/analyze.ts';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import type { ProjectInput } from '../../../shared/graph/schema.ts';
import type { DiagnosticCode } from '../../../shared/diagnostics.ts';
import type { Shape } from '../../../shared/shape.ts';

await tf.setBackend('cpu');

/** One table row: the layer's params and the shapes of its inputs (without batch). */
export interface Row {
  params: Record<string, unknown>;
  inputs: Shape[];
}

/** An invalid row: what the analysis must say about the layer node. */
export interface BadRow extends Row {
  code: DiagnosticCode;
  /** Substrings the message must contain (the values the person gave). */
  quotes: string[];
  /** The parameter a BAD_PARAM names, when it should name one. */
  param?: string;
}

/** Short row label for test names: `{"kernelSize":[3,3]} on 8x8x3`. */
export function label(r: Row): string {
  return `${JSON.stringify(r.params)} on ${r.inputs.map((s) => s.join('x')).join(' + ')}`;
}

/** Input nodes in0, in1, ... feeding one node `layer` of `kind` through ports in0, in1, ... */
export function graphOf(kind: string, r: Row): ProjectInput {
  const inputs = r.inputs.map((shape, i) => ({ id: `in${i}`, kind: 'Input', params: { shape: [...shape] } }));
  return {
    schemaVersion: 1,
    name: 'table',
    nodes: [...inputs, { id: 'layer', kind, params: structuredClone(r.params) }],
    edges: r.inputs.map((_, i) => ({ id: `e${i}`, source: `in${i}`, target: 'layer', targetPort: r.inputs.length > 1 ? `in${i}` : 'in' })),
  };
}

const size = (w: { shape: readonly (number | null)[] }) => w.shape.reduce<number>((a, b) => a * (b ?? 1), 1);

/**
 * Checks one valid row against tfjs and returns the analysis of the layer node.
 * `kernelMacs`: the kind's multiply-adds equal (sum of its kernel weights) x (output positions),
 * which holds for Conv2D, DepthwiseConv2D, SeparableConv2D and Dense.
 */
export function checkRow(kind: string, r: Row, opts: { kernelMacs?: boolean } = {}): Analysis {
  const project = graphOf(kind, r);
  const analysis = analyzeGraph(project);
  expect(analysis.diagnostics).toEqual([]);
  const node = analysis.nodes.get('layer')!;
  const model = compileToTfjs(tf, project, analysis);
  try {
    const layer = model.getLayer(node.name);
    expect(layer.name).toBe(node.name);
    expect((layer.outputShape as (number | null)[]).slice(1)).toEqual([...node.shape!]);
    const trainable = model.trainableWeights.reduce((s, w) => s + size(w), 0);
    const nonTrainable = model.nonTrainableWeights.reduce((s, w) => s + size(w), 0);
    expect({ trainable, nonTrainable }).toEqual(node.count);
    expect(model.countParams()).toBe(analysis.totals.total);
    if (opts.kernelMacs) {
      const kernels = layer.weights.filter((w) => /kernel/.test(w.originalName)).reduce((s, w) => s + size(w), 0);
      const positions = node.shape!.slice(0, -1).reduce((a, b) => a * b, 1);
      expect(node.macs).toBe(kernels * positions);
    }
    tf.tidy(() => {
      const xs = r.inputs.map((s) => tf.randomNormal([2, ...s]));
      const y = model.predict(xs.length === 1 ? xs[0]! : xs) as tf.Tensor;
      expect(y.shape).toEqual([2, ...node.shape!]);
      expect(Number.isNaN(y.sum().dataSync()[0])).toBe(false);
    });
  } finally {
    model.dispose();
  }
  return analysis;
}

/** Checks that an invalid row yields `code` on the layer node, quoting the received values. */
export function checkBadRow(kind: string, r: BadRow): void {
  const analysis = analyzeGraph(graphOf(kind, r));
  expect(analysis.ok).toBe(false);
  const d = analysis.diagnostics.find((x) => x.nodeId === 'layer');
  expect(d, `diagnostics: ${JSON.stringify(analysis.diagnostics)}`).toBeDefined();
  expect(d!.code).toBe(r.code);
  expect(d!.severity).toBe('error');
  for (const q of r.quotes) expect(d!.message).toContain(q);
  if (r.param !== undefined) expect(d!.param).toBe(r.param);
  expect(analysis.nodes.get('layer')!.shape).toBeUndefined();
}

/** True when tfjs itself refuses to build, shape or run the row (with the raw, unvalidated params). */
export function tfjsRejects(factory: (config: Record<string, unknown>) => tf.layers.Layer, r: Row): boolean {
  let model: tf.LayersModel | undefined;
  try {
    tf.tidy(() => {
      const ins = r.inputs.map((s) => tf.input({ shape: [...s] }));
      const out = factory(structuredClone(r.params)).apply(ins.length === 1 ? ins[0]! : ins) as tf.SymbolicTensor;
      if (out.shape.some((d) => d !== null && d <= 0)) throw new Error(`empty output ${JSON.stringify(out.shape)}`);
      model = tf.model({ inputs: ins, outputs: out });
      const y = model.predict(r.inputs.length === 1 ? tf.zeros([1, ...r.inputs[0]!]) : r.inputs.map((s) => tf.zeros([1, ...s]))) as tf.Tensor;
      if (y.size === 0) throw new Error('empty output');
    });
    return false;
  } catch {
    return true;
  } finally {
    model?.dispose();
  }
}

/** An invalid row that Keras (and tfjs) refuse as well; `tfjs: false` marks our stricter checks. */
export interface TableBadRow extends BadRow {
  /** Whether real tfjs refuses the row too (checked); false for rows only we refuse. */
  tfjs?: boolean;
}

/**
 * Declares the table tests of one kind. `tfjsLayer` builds the stock tfjs layer from raw params,
 * to confirm that rows we refuse are refused by tfjs too.
 */
export function tableFor(
  kind: string,
  table: {
    valid: Row[];
    invalid: TableBadRow[];
    kernelMacs?: boolean;
    tfjsLayer?: (config: Record<string, unknown>) => tf.layers.Layer;
  },
): void {
  describe(`${kind} equals tfjs`, () => {
    it.each(table.valid.map((r) => [label(r), r] as const))('%s', (_name, r) => {
      checkRow(kind, r, { kernelMacs: table.kernelMacs ?? false });
    });
  });
  if (table.invalid.length === 0) return;
  describe(`${kind} diagnostics`, () => {
    it.each(table.invalid.map((r) => [`${r.code}: ${label(r)}`, r] as const))('%s', (_name, r) => {
      checkBadRow(kind, r);
      if (r.tfjs !== undefined && table.tfjsLayer) expect(tfjsRejects(table.tfjsLayer, r)).toBe(r.tfjs);
    });
  });
}

export { tf };
