/**
 * Imported weights, grouped by layer, and how they go into a compiled model: each layer's
 * weights matched by their last name part (kernel, bias, gamma, beta, moving_mean,
 * moving_variance...) or, when the names do not tell, by order, with every shape checked.
 */
import type * as TF from '@tensorflow/tfjs';
import { ImportError } from './kerasModel.ts';
import type { NamedWeight } from './tfjsModel.ts';

/** Layer name -> that layer's weights, in the file's order. */
export type LayerWeights = Map<string, NamedWeight[]>;

/**
 * Assigns each weight to its layer by name: `conv0/kernel` (tfjs), `conv0/kernel:0` (Keras 2),
 * `model/conv0/kernel` (Keras 3 paths); the longest matching layer name wins.
 */
export function groupByLayer(weights: NamedWeight[], layerNames: Iterable<string>): LayerWeights {
  const names = [...layerNames].sort((a, b) => b.length - a.length);
  const out: LayerWeights = new Map();
  for (const w of weights) {
    const layer = names.find((n) => w.name.startsWith(`${n}/`) || w.name.includes(`/${n}/`));
    if (!layer) throw new ImportError('weightsManifest', `weight "${w.name.slice(0, 200)}" belongs to no layer of the model`);
    const list = out.get(layer) ?? [];
    list.push(w);
    out.set(layer, list);
  }
  return out;
}

/** `conv0/kernel:0` -> `kernel`. */
function lastPart(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1).replace(/:\d+$/, '');
}

const shapeText = (s: readonly (number | null)[]) => (s.length === 0 ? 'a scalar' : s.join('x'));

/**
 * Sets the weights of `model` from `weights`. Every layer that has weights must find all of
 * them, with the right shapes; throws ImportError naming the layer and weight otherwise.
 */
export function applyWeights(tf: typeof TF, model: TF.LayersModel, weights: LayerWeights): void {
  for (const layer of model.layers) {
    const expected = layer.weights;
    if (expected.length === 0) continue;
    const given = weights.get(layer.name);
    if (!given) throw new ImportError('weights', `the weight files hold nothing for layer "${layer.name}", which has ${expected.length} weight${expected.length === 1 ? '' : 's'}`);
    if (given.length !== expected.length) {
      throw new ImportError('weights', `layer "${layer.name}" has ${expected.length} weights (${expected.map((w) => lastPart(w.originalName)).join(', ')}); the file holds ${given.length} (${given.map((w) => lastPart(w.name)).join(', ')})`);
    }
    const wanted = expected.map((w) => lastPart(w.originalName));
    const byName = new Map(given.map((w) => [lastPart(w.name), w]));
    const named = byName.size === given.length && wanted.every((n) => byName.has(n));
    const ordered = named ? wanted.map((n) => byName.get(n)!) : given;
    ordered.forEach((w, i) => {
      const shape = expected[i]!.shape;
      if (shape.length !== w.shape.length || shape.some((d, j) => d !== w.shape[j])) {
        throw new ImportError('weights', `layer "${layer.name}" weight "${wanted[i]}" has shape ${shapeText(shape)}; the file holds ${shapeText(w.shape)} ("${w.name.slice(0, 200)}")`);
      }
    });
    const tensors = ordered.map((w) => tf.tensor(w.values, w.shape, 'float32'));
    try {
      layer.setWeights(tensors);
    } finally {
      tf.dispose(tensors);
    }
  }
}
