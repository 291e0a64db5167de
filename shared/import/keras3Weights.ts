/**
 * Keras 3's weights files (`model.weights.h5` in a `.keras`, `save_weights("x.weights.h5")`)
 * address a layer not by its name but by its class, snake-cased and counted in `model.layers`
 * order (keras/src/saving/saving_lib.py `_save_container_state`): the second Conv2D is
 * `layers/conv2d_1` whatever it is called. This turns those paths back into layer names.
 */
import { ImportError, type KerasGraph } from './kerasModel.ts';
import type { NamedWeight } from './tfjsModel.ts';
import type { LayerWeights } from './weights.ts';

/** Keras' `naming.to_snake_case`: `Conv2D` -> `conv2d`, `ReLU` -> `re_lu`, `BatchNormalization` -> `batch_normalization`. */
export function kerasSnakeCase(className: string): string {
  return className
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The saving path of every layer of `graph` (`layers/conv2d_1`), by layer name. */
export function keras3SavingPaths(graph: KerasGraph): Map<string, string> {
  const used = new Map<string, number>();
  const out = new Map<string, string>();
  for (const layer of graph.layers) {
    const base = kerasSnakeCase(layer.className);
    const seen = used.get(base);
    used.set(base, seen === undefined ? 0 : seen + 1);
    out.set(layer.name, `layers/${seen === undefined ? base : `${base}_${seen + 1}`}`);
  }
  return out;
}

/**
 * Regroups Keras 3 variables (by saving path) by layer name. Throws ImportError when the file
 * holds variables for a path no layer of the model has: the weights belong to another model.
 */
export function keras3LayerWeights(graph: KerasGraph, byPath: Map<string, NamedWeight[]>): LayerWeights {
  const layerOf = new Map([...keras3SavingPaths(graph)].map(([layer, path]) => [path, layer]));
  const out: LayerWeights = new Map();
  for (const [path, weights] of byPath) {
    const layer = layerOf.get(path);
    if (layer === undefined) {
      throw new ImportError(path, `the weights file holds variables for "${path.slice(0, 200)}", but the model has no layer saved under that path; the weights belong to another model (save them again with this model's save_weights)`);
    }
    out.set(layer, weights);
  }
  return out;
}
