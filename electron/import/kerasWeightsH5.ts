/**
 * Trained weights for the exported Keras module, as an HDF5 file h5py reads in tf.keras 2 and
 * Keras 3 alike: one group per layer name, datasets "0", "1", ... in the layer's get_weights()
 * order (tfjs and Keras agree: kernel, bias; BatchNorm gamma, beta, moving_mean, moving_variance),
 * each carrying its tfjs weight name. The root's `layer_names` and each group's `weight_names`
 * follow the legacy Keras .h5 weights layout, so electron/import/h5.ts reads the file back too.
 */
import { writeFileSync } from 'node:fs';
import h5wasm from 'h5wasm';

/** One layer's weights, in get_weights() order. */
export interface LayerWeightArrays {
  name: string;
  weights: Array<{ name: string; shape: number[]; values: Float32Array }>;
}

/** Marks the file as ours; the generated loader checks it before reading. */
export const KERAS_WEIGHTS_FORMAT = 'netwright-keras-weights-1';

/**
 * Writes `layers` (only those with weights are kept) to `path` as the HDF5 file described above.
 * Throws an Error naming the layer when a name cannot be an HDF5 group name.
 */
export async function writeKerasWeightsH5(layers: LayerWeightArrays[], path: string): Promise<void> {
  const kept = layers.filter((l) => l.weights.length > 0);
  for (const l of kept) {
    // HDF5 splits paths at '/', and '.' names the group itself; Keras refuses '/' in layer names.
    if (l.name === '' || l.name.includes('/') || l.name === '.') throw new Error(`layer "${l.name}": a layer name for the Keras weights file must be non-empty and hold no "/"`);
  }
  const Module = await h5wasm.ready;
  const name = `/netwright-export-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.h5`;
  const file = new h5wasm.File(name, 'w');
  let open = true;
  try {
    file.create_attribute('format', KERAS_WEIGHTS_FORMAT);
    if (kept.length > 0) file.create_attribute('layer_names', kept.map((l) => l.name));
    for (const layer of kept) {
      const group = file.create_group(layer.name);
      group.create_attribute('weight_names', layer.weights.map((_, i) => String(i)));
      layer.weights.forEach((w, i) => {
        // A scalar weight is stored with shape [] (h5wasm writes a scalar dataset for it).
        const ds = group.create_dataset({ name: String(i), data: w.values, shape: w.shape, dtype: '<f' });
        ds.create_attribute('name', w.name);
      });
    }
    file.flush();
    file.close();
    open = false;
    writeFileSync(path, Module.FS.readFile(name));
  } finally {
    if (open) file.close();
    try {
      Module.FS.unlink(name);
    } catch {
      // never written
    }
  }
}
