/**
 * What both code generators write, decided once: the layers in Keras' model.layers order
 * (analyzeGraph's order, graph/kerasOrder.ts: the built model lists its layers the same way) with their
 * Keras names, tfjs specs, inputs and output shapes, the model's inputs and outputs, and which
 * custom layer classes the module must carry. Emitters only format this plan.
 */
import { analyzeGraph, type Analysis } from '../graph/analyze.ts';
import { ProjectSchema, type Project, type ProjectInput } from '../graph/schema.ts';
import { firstIssue } from '../graph/load.ts';
import { CompileError } from '../compile/toTfjs.ts';
import { getLayer } from '../layers/index.ts';
import type { TfjsSpec } from '../layers/types.ts';
import type { Shape } from '../shape.ts';
import { CUSTOM_LAYER_SOURCES } from './customLayerSources.ts';

export interface PlannedLayer {
  id: string;
  /** The Keras layer name (explicit or Keras' automatic one). */
  name: string;
  kind: string;
  /** For Input: the sample shape. For other kinds: the tfjs factory and full config. */
  spec: TfjsSpec;
  inputIds: string[];
  shape: Shape;
  /** false when the node is frozen. */
  trainable: boolean;
  /** The class name, when the spec names a custom layer whose source the module must carry. */
  custom?: string;
}

export interface Plan {
  /** The project with the schema's defaults filled in. */
  project: Project;
  /** The model name, sanitized the way compileToTfjs sanitizes it. */
  modelName: string;
  /** Layers in Keras' model.layers order, which is topological (Inputs included). */
  layers: PlannedLayer[];
  byId: Map<string, PlannedLayer>;
  inputs: string[];
  outputs: string[];
  /** Custom layer classes used, in first-use order. */
  customClasses: string[];
  analysis: Analysis;
}

/** Builds the plan; throws CompileError when the graph has errors (nothing sensible to emit). */
export function planModel(input: ProjectInput): Plan {
  // Fill the schema's defaults (ports, groups, params) so everything downstream sees one shape.
  const parsed = ProjectSchema.safeParse(input);
  if (!parsed.success) {
    const { path, message } = firstIssue(parsed.error);
    throw new Error(`not a valid project${path ? ` at ${path}` : ''}: ${message}`);
  }
  const project = parsed.data;
  const analysis = analyzeGraph(project);
  if (!analysis.ok) throw new CompileError(analysis);
  const frozen = new Set(project.nodes.filter((n) => n.trainable === false).map((n) => n.id));
  const layers: PlannedLayer[] = [];
  const customClasses: string[] = [];
  for (const id of analysis.order) {
    const a = analysis.nodes.get(id)!;
    const def = getLayer(a.kind)!;
    const spec: TfjsSpec = a.kind === 'Input' ? { factory: 'input', config: { shape: [...a.shape!] } } : def.tfjs(a.params as never);
    const layer: PlannedLayer = { id, name: a.name, kind: a.kind, spec, inputIds: a.inputIds, shape: a.shape!, trainable: !frozen.has(id) };
    if (a.kind !== 'Input' && Object.hasOwn(CUSTOM_LAYER_SOURCES, spec.factory)) {
      layer.custom = spec.factory;
      if (!customClasses.includes(spec.factory)) customClasses.push(spec.factory);
    }
    layers.push(layer);
  }
  return {
    project,
    modelName: sanitizeModelName(project.name),
    layers,
    byId: new Map(layers.map((l) => [l.id, l])),
    inputs: analysis.inputs,
    outputs: analysis.outputs,
    customClasses,
    analysis,
  };
}

/** The same rule compileToTfjs applies, so the generated model has the compiled model's name. */
export function sanitizeModelName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_.\-/]/g, '_');
  return /^[A-Za-z_]/.test(clean) ? clean : `model_${clean}`;
}
