/**
 * Which layers of a model receive weights from a saved model (transfer learning, resume): a layer
 * takes weights when every one of its weights has a saved weight of the same Keras name
 * ("conv1/kernel") and the same shape; a layer is taken whole or not at all. The trainer applies
 * this rule to the tfjs model it builds; the Train view applies it to the project's weight shapes
 * (projectWeights) to preview, before training, what will be loaded.
 */
import { analyzeGraph, type Analysis } from '../graph/analyze.ts';

/** One weight as Keras names it (`<layer>/<weight>`) with its shape. */
export interface WeightSpec {
  name: string;
  shape: readonly number[];
}

/** The weights of one layer, in the order the layer holds them. */
export interface LayerWeights {
  layer: string;
  weights: WeightSpec[];
}

export interface SkippedLayer {
  layer: string;
  /** 'missing': a weight of the layer is not in the source; 'shape': it is, with another shape. */
  why: 'missing' | 'shape';
  reason: string;
}

export interface WeightMatch {
  /** Layers that receive every one of their weights, in model order. */
  matched: string[];
  /** Layers with weights that keep their fresh initial values, and why. */
  skipped: SkippedLayer[];
}

/**
 * Matches the layers of a model against the weights of a saved model by Keras name and shape.
 * Layers without weights are left out of both lists. `sourceLabel` names the source in reasons
 * (e.g. "model.json").
 */
export function matchWeights(target: readonly LayerWeights[], source: readonly WeightSpec[], sourceLabel: string): WeightMatch {
  const saved = new Map(source.map((w) => [w.name, w.shape]));
  const matched: string[] = [];
  const skipped: SkippedLayer[] = [];
  for (const layer of target) {
    if (layer.weights.length === 0) continue;
    let miss: SkippedLayer | undefined;
    for (const w of layer.weights) {
      const shape = saved.get(w.name);
      if (!shape) {
        miss = { layer: layer.layer, why: 'missing', reason: `no weight "${w.name}" in ${sourceLabel}` };
        break;
      }
      if (shape.join('x') !== w.shape.join('x')) {
        miss = { layer: layer.layer, why: 'shape', reason: `${w.name}: saved ${shape.join('x')}, model needs ${w.shape.join('x')}` };
        break;
      }
    }
    if (miss) skipped.push(miss);
    else matched.push(layer.layer);
  }
  return { matched, skipped };
}

/** Projects' weight lists, with the layers whose weights this module cannot name. */
export interface ProjectWeights {
  layers: LayerWeights[];
  /** Keras names of layers with parameters of a kind not described here (custom layers). */
  unknown: string[];
}

type P = Record<string, unknown>;
const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [Number(v[0]), Number(v[1])] : [Number(v), Number(v)]);
const bias = (p: P): boolean => p.useBias !== false;

/** Keras' weights per kind, from the parameters and the input shape (shapes exclude the batch). */
const WEIGHTS: Record<string, (p: P, input: readonly number[]) => [string, number[]][]> = {
  Conv2D: (p, x) => {
    const [kh, kw] = pair(p.kernelSize);
    const f = Number(p.filters);
    return [['kernel', [kh, kw, x[2]!, f]], ...(bias(p) ? [['bias', [f]] as [string, number[]]] : [])];
  },
  Dense: (p, x) => {
    const u = Number(p.units);
    return [['kernel', [x[x.length - 1]!, u]], ...(bias(p) ? [['bias', [u]] as [string, number[]]] : [])];
  },
  DepthwiseConv2D: (p, x) => {
    const [kh, kw] = pair(p.kernelSize);
    const m = Number(p.depthMultiplier ?? 1);
    return [['depthwise_kernel', [kh, kw, x[2]!, m]], ...(bias(p) ? [['bias', [x[2]! * m]] as [string, number[]]] : [])];
  },
  SeparableConv2D: (p, x) => {
    const [kh, kw] = pair(p.kernelSize);
    const m = Number(p.depthMultiplier ?? 1);
    const f = Number(p.filters);
    return [
      ['depthwise_kernel', [kh, kw, x[2]!, m]],
      ['pointwise_kernel', [1, 1, x[2]! * m, f]],
      ...(bias(p) ? [['bias', [f]] as [string, number[]]] : []),
    ];
  },
  BatchNormalization: (p, x) => {
    const c = [x[x.length - 1]!];
    return [
      ...(p.scale !== false ? [['gamma', c] as [string, number[]]] : []),
      ...(p.center !== false ? [['beta', c] as [string, number[]]] : []),
      ['moving_mean', c],
      ['moving_variance', c],
    ];
  },
};

/**
 * The weights Keras (and tfjs) gives each layer of a project, named `<layer>/<weight>` as a saved
 * model names them. Takes a project or its analysis; layers whose shapes are unknown (graph
 * errors) are left out.
 */
export function projectWeights(project: Parameters<typeof analyzeGraph>[0], analysis: Analysis = analyzeGraph(project)): ProjectWeights {
  const layers: LayerWeights[] = [];
  const unknown: string[] = [];
  for (const id of analysis.order) {
    const a = analysis.nodes.get(id)!;
    if (a.count.trainable + a.count.nonTrainable === 0) continue;
    const shapes = WEIGHTS[a.kind];
    const input = a.inputShapes[0];
    if (!shapes || !a.params || !input) {
      unknown.push(a.name);
      continue;
    }
    layers.push({ layer: a.name, weights: shapes(a.params, input).map(([w, shape]) => ({ name: `${a.name}/${w}`, shape })) });
  }
  return { layers, unknown };
}
