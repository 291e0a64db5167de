/**
 * The other shapes the same model takes on disk, written from a tfjs model.toJSON() topology
 * (Keras 2 layout) following the Keras sources' serialization: Keras 3's `model.to_json()`
 * (keras/src/saving/serialization_lib.py: `module` / `registered_name` / `build_config`,
 * InputLayer `batch_shape`, inbound nodes as `{args: [__keras_tensor__ ...], kwargs}`, DTypePolicy
 * objects, one input written as a flat `[name, 0, 0]`), TF's `__tuple__` encoding, and Keras'
 * legacy .h5 layout (keras/src/legacy/saving/legacy_h5_format.py). No TensorFlow runs here, so
 * these are the formats as their writers' code describes them.
 */
import h5wasm from 'h5wasm';

type Json = Record<string, unknown>;
type Keras2Layer = { class_name: string; name: string; config: Json; inbound_nodes: unknown[][][] };

const dtypePolicy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };

/** Keras 3 `model.to_json()` of the same functional model. */
export function toKeras3(topology: Json): Json {
  const config = topology.config as { name: string; layers: Keras2Layer[]; input_layers: unknown[][]; output_layers: unknown[][] };
  const tensor = (ref: unknown[]) => ({ class_name: '__keras_tensor__', config: { shape: [null], dtype: 'float32', keras_history: [ref[0], ref[1], ref[2]] } });
  const layers = config.layers.map((l) => {
    const c: Json = { ...l.config, name: l.name, dtype: dtypePolicy };
    if (l.class_name === 'InputLayer') {
      c.batch_shape = c.batch_input_shape;
      delete c.batch_input_shape;
    }
    const refs = l.inbound_nodes[0] ?? [];
    return {
      module: 'keras.layers',
      class_name: l.class_name,
      config: c,
      registered_name: null,
      ...(l.class_name === 'InputLayer' ? {} : { build_config: { input_shape: [null] } }),
      name: l.name,
      inbound_nodes: refs.length === 0 ? [] : [{ args: refs.length === 1 ? [tensor(refs[0]!)] : [refs.map(tensor)], kwargs: {} }],
    };
  });
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: {
      name: config.name,
      trainable: true,
      layers,
      input_layers: config.input_layers.length === 1 ? config.input_layers[0] : config.input_layers,
      output_layers: config.output_layers.length === 1 ? config.output_layers[0] : config.output_layers,
    },
    registered_name: 'Functional',
    build_config: { input_shape: null },
  };
}

/** Every list in a config written the way TF's SavedModel metadata writes tuples. */
export function withTuples(value: unknown): unknown {
  if (Array.isArray(value)) return value.every((v) => typeof v === 'number' || v === null) && value.length > 0 ? { class_name: '__tuple__', items: value } : value.map(withTuples);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'inbound_nodes' ? v : withTuples(v)]));
  return value;
}

/** A fixed-length string attribute, as h5py writes numpy byte strings. */
function bytesAttr(group: InstanceType<typeof h5wasm.Group>, name: string, values: string | string[]): void {
  const list = Array.isArray(values) ? values : [values];
  const width = Math.max(1, ...list.map((v) => new TextEncoder().encode(v).length));
  group.create_attribute(name, Array.isArray(values) ? values : values, Array.isArray(values) ? [values.length] : null, `A${width}`);
}

export interface H5Layer {
  name: string;
  weights: Array<{ name: string; shape: number[]; values: Float32Array }>;
}

/**
 * An .h5 file in Keras' legacy layout: root attributes (model_config unless `weightsOnly`),
 * `model_weights/` (or the root) with layer_names (split into layer_names0.. when `chunkNames`)
 * and, per layer, weight_names and one dataset per weight at that (slash-separated) name.
 */
export async function writeKerasH5(modelConfig: Json | undefined, layers: H5Layer[], options: { chunkNames?: boolean } = {}): Promise<Uint8Array> {
  const Module = await h5wasm.ready;
  const path = `/fixture-${Math.random().toString(36).slice(2)}.h5`;
  const f = new h5wasm.File(path, 'w');
  bytesAttr(f, 'keras_version', '2.15.0');
  bytesAttr(f, 'backend', 'tensorflow');
  if (modelConfig) bytesAttr(f, 'model_config', JSON.stringify(modelConfig));
  const root = modelConfig ? f.create_group('model_weights') : f;
  const names = layers.map((l) => l.name);
  if (options.chunkNames && names.length > 1) {
    const half = Math.ceil(names.length / 2);
    bytesAttr(root, 'layer_names0', names.slice(0, half));
    bytesAttr(root, 'layer_names1', names.slice(half));
  } else bytesAttr(root, 'layer_names', names);
  for (const layer of [...layers].sort((a, b) => a.name.localeCompare(b.name))) {
    const g = root.create_group(layer.name);
    if (layer.weights.length > 0) bytesAttr(g, 'weight_names', layer.weights.map((w) => w.name));
    else g.create_attribute('weight_names', new Float64Array(0), [0], '<f8');
    for (const w of layer.weights) {
      const parts = w.name.split('/');
      let at = g;
      for (const p of parts.slice(0, -1)) at = (at.keys().includes(p) ? at.get(p) : at.create_group(p)) as InstanceType<typeof h5wasm.Group>;
      at.create_dataset({ name: parts.at(-1)!, data: w.values, shape: w.shape, dtype: '<f4' });
    }
  }
  f.close();
  const bytes = Module.FS.readFile(path);
  Module.FS.unlink(path);
  return bytes;
}

/**
 * A weights file in Keras 3's own layout (keras/src/saving/saving_lib.py, H5IOStore): for each
 * layer its saving path (`layers/conv2d_1`, from the class name, not the layer name) and a
 * `vars` group holding datasets `0`, `1`, ... in the layer's variable order; layers without
 * variables get an empty `vars` group; the model's own `vars` group at the root is empty.
 */
export async function writeKeras3WeightsH5(layers: Array<{ path: string; vars: Array<{ shape: number[]; values: Float32Array | BigInt64Array }> }>): Promise<Uint8Array> {
  const Module = await h5wasm.ready;
  const path = `/fixture-${Math.random().toString(36).slice(2)}.weights.h5`;
  const f = new h5wasm.File(path, 'w');
  const root = f.create_group('layers');
  f.create_group('vars');
  for (const layer of layers) {
    const vars = root.create_group(layer.path.replace(/^layers\//, '')).create_group('vars');
    // Keras keeps counters (Normalization's count) as int64.
    layer.vars.forEach((v, i) => vars.create_dataset({ name: String(i), data: v.values, shape: v.shape, dtype: v.values instanceof BigInt64Array ? '<q' : '<f4' }));
  }
  f.close();
  const bytes = Module.FS.readFile(path);
  Module.FS.unlink(path);
  return bytes;
}
