/**
 * compileToTfjs: a project graph to a real tf.LayersModel built with the functional API.
 * Layer names are the analysis' Keras names, so `model.getLayer('conv0')` finds the node the
 * user called conv0, and countParams() equals the analysis total.
 */
import type * as TF from '@tensorflow/tfjs';
import { analyzeGraph, type Analysis } from '../graph/analyze.ts';
import type { ProjectInput } from '../graph/schema.ts';
import { getLayer } from '../layers/index.ts';
import type { TfjsSpec } from '../layers/types.ts';
import { customLayerClass } from './customLayers.ts';
import '../layers/customRegistrations.ts';

/** Thrown when the graph has errors; carries the diagnostics so callers can show them. */
export class CompileError extends Error {
  constructor(readonly analysis: Analysis) {
    super(
      `the graph has ${analysis.diagnostics.length} problem${analysis.diagnostics.length === 1 ? '' : 's'}: ` +
        analysis.diagnostics.slice(0, 3).map((d) => `[${d.code}] ${d.message}`).join('; '),
    );
    this.name = 'CompileError';
  }
}

/** Creates the tfjs layer for one spec, from tf.layers or the custom layer registry. */
export function createLayer(tf: typeof TF, spec: TfjsSpec, name: string): TF.layers.Layer {
  const config = { ...spec.config, name };
  const factory = (tf.layers as unknown as Record<string, unknown>)[spec.factory];
  if (typeof factory === 'function') return (factory as (c: unknown) => TF.layers.Layer)(config);
  const cls = customLayerClass(tf, spec.factory);
  if (!cls) throw new Error(`no tfjs layer "${spec.factory}"`);
  return new cls(config);
}

/**
 * Builds the model. `tf` is the tfjs module to build with (plain @tensorflow/tfjs or
 * tfjs-node-gpu), so the same graph compiles for any engine.
 */
export function compileToTfjs(tf: typeof TF, project: ProjectInput, analysis: Analysis = analyzeGraph(project)): TF.LayersModel {
  if (!analysis.ok) throw new CompileError(analysis);
  const nodes = new Map(project.nodes.map((n) => [n.id, n]));
  const tensors = new Map<string, TF.SymbolicTensor>();
  for (const id of analysis.order) {
    const a = analysis.nodes.get(id)!;
    const def = getLayer(a.kind)!;
    if (a.kind === 'Input') {
      tensors.set(id, tf.input({ shape: [...a.shape!], name: a.name }));
      continue;
    }
    const layer = createLayer(tf, def.tfjs(a.params as never), a.name);
    if (nodes.get(id)!.trainable === false) layer.trainable = false;
    const ins = a.inputIds.map((src) => tensors.get(src)!);
    const out = layer.apply(ins.length === 1 ? ins[0]! : ins) as TF.SymbolicTensor;
    tensors.set(id, out);
  }
  return tf.model({
    inputs: analysis.inputs.map((id) => tensors.get(id)!),
    outputs: analysis.outputs.map((id) => tensors.get(id)!),
    name: sanitizeModelName((project as { name?: string }).name ?? 'model'),
  });
}

function sanitizeModelName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_.\-/]/g, '_');
  return /^[A-Za-z_]/.test(clean) ? clean : `model_${clean}`;
}
