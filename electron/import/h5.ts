/**
 * Keras .h5 files (the legacy HDF5 format of model.save() / save_weights()), read with h5wasm:
 * the `model_config` attribute (a JSON model config) and the weights - `model_weights/` in a
 * whole-model file or the root in a weights-only file - where `layer_names` lists the layers and
 * each layer's group lists its `weight_names` (attributes larger than 64 KB are split into
 * layer_names0, layer_names1, ...). Keras 3's own weights file (`model.weights.h5` inside a
 * `.keras`, and `save_weights("x.weights.h5")`) has neither: `layers/<saving name>/vars/<i>`,
 * whose names shared/import/keras3Weights.ts turns into layer names. The file is copied into h5wasm's in-memory file system, so
 * external links or virtual datasets inside it cannot reach any other file on disk.
 */
import h5wasm from 'h5wasm';
import { ImportError, type NamedWeight } from '../../shared/import/index.ts';

type H5Group = InstanceType<typeof h5wasm.Group>;

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export interface KerasH5 {
  /** The model config JSON text, absent in a weights-only file. */
  modelConfig?: string;
  /** Weights by layer name, for layers that have any. */
  layerWeights: Map<string, NamedWeight[]>;
  /** Keras 3's layout instead: variables by saving path (`layers/conv2d_1`), in order. */
  keras3Weights?: Map<string, NamedWeight[]>;
}

/** HDF5's signature sits at byte 0, 512, 1024, ... (after an optional user block). */
export function isHdf5(bytes: Uint8Array): boolean {
  for (let at = 0; at + 8 <= bytes.length; at = at === 0 ? 512 : at * 2) {
    if (SIGNATURE.every((b, i) => bytes[at + i] === b)) return true;
  }
  return false;
}

/** A string attribute (h5py writes Keras' as fixed-length byte strings). */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.replace(/\0+$/, '');
  if (v instanceof Uint8Array) return new TextDecoder().decode(v).replace(/\0+$/, '');
  return undefined;
}

/** A list-of-strings attribute, joined from its chunks (name0, name1, ...) when split. */
function stringList(group: H5Group, name: string, at: string): string[] | undefined {
  const attrs = group.attrs;
  const read = (key: string): string[] => {
    const v = attrs[key]!.value;
    // Keras writes an empty list as np.asarray([]): a float64 array of length 0.
    if (ArrayBuffer.isView(v) && !(v instanceof Uint8Array) && (v as unknown as ArrayLike<unknown>).length === 0) return [];
    const items = Array.isArray(v) ? v : [v];
    return items.map((item, i) => {
      const s = text(item);
      if (s === undefined) throw new ImportError(`${at}.${key}[${i}]`, `expected a string; received ${typeof item}`);
      return s;
    });
  };
  if (Object.hasOwn(attrs, name)) return read(name);
  if (!Object.hasOwn(attrs, `${name}0`)) return undefined;
  const out: string[] = [];
  for (let k = 0; Object.hasOwn(attrs, `${name}${k}`); k++) out.push(...read(`${name}${k}`));
  return out;
}

function floats(v: unknown): Float32Array | undefined {
  if (v instanceof Float32Array) return v;
  if (v instanceof Float64Array || v instanceof Int32Array || v instanceof Uint8Array || v instanceof Int8Array || v instanceof Int16Array || v instanceof Uint16Array) return Float32Array.from(v);
  // int64 variables (Normalization's count) come back as BigInts, scalars as one.
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) return Float32Array.from(v, (x) => Number(x));
  if (typeof v === 'number' || typeof v === 'bigint') return Float32Array.of(Number(v));
  return undefined;
}

function datasetValues(ds: InstanceType<typeof h5wasm.Dataset>, at: string, what: string): NamedWeight {
  const values = floats(ds.value);
  if (!values) throw new ImportError(at, `${what} holds ${JSON.stringify(ds.dtype)} values; expected numbers`);
  return { name: at, shape: ds.shape ?? [], values };
}

/**
 * Keras 3's layout: `layers/<path>/vars/0, 1, ...` in the layer's variable order (a layer's
 * weights as `layer.weights` lists them). Layers nested in layers (`layers/x/layers/y`) are not
 * Netwright layers; their state is refused by name.
 */
function readKeras3Vars(file: H5Group): Map<string, NamedWeight[]> {
  const out = new Map<string, NamedWeight[]>();
  const layers = file.get('layers');
  if (!(layers instanceof h5wasm.Group)) throw new ImportError('layers', 'layers is not a group');
  for (const key of layers.keys()) {
    const group = layers.get(key);
    if (!(group instanceof h5wasm.Group)) continue;
    for (const inner of group.keys()) {
      if (inner === 'vars') continue;
      const sub = group.get(inner);
      if (sub instanceof h5wasm.Group && sub.keys().length > 0) {
        throw new ImportError(`layers/${key}/${inner}`, `layer "${key}" holds state of its own sublayers (${inner}); Netwright imports models of built-in layers only`);
      }
    }
    const vars = group.keys().includes('vars') ? group.get('vars') : undefined;
    if (!(vars instanceof h5wasm.Group)) continue;
    const count = vars.keys().length;
    const list: NamedWeight[] = [];
    for (let i = 0; i < count; i++) {
      const at = `layers/${key}/vars/${i}`;
      const ds = vars.keys().includes(String(i)) ? vars.get(String(i)) : undefined;
      if (!(ds instanceof h5wasm.Dataset)) throw new ImportError(at, `variable ${i} of "${key}" is missing; the weights file is damaged`);
      list.push(datasetValues(ds, at, `variable ${i} of "${key}"`));
    }
    if (list.length > 0) out.set(`layers/${key}`, list);
  }
  return out;
}

/** Reads the Keras parts of an .h5 file's bytes; throws ImportError. */
export async function readKerasH5(bytes: Uint8Array, fileLabel: string): Promise<KerasH5> {
  if (!isHdf5(bytes)) throw new ImportError('', `${fileLabel} is not an HDF5 file (no HDF5 signature)`);
  const Module = await h5wasm.ready;
  const name = `/netwright-import-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.h5`;
  Module.FS.writeFile(name, bytes);
  let file: InstanceType<typeof h5wasm.File> | undefined;
  try {
    try {
      file = new h5wasm.File(name, 'r');
    } catch (e) {
      throw new ImportError('', `${fileLabel}: HDF5 cannot open it (${(e as Error).message.split('\n')[0]})`);
    }
    const modelConfig = Object.hasOwn(file.attrs, 'model_config') ? text(file.attrs.model_config!.value) : undefined;
    if (Object.hasOwn(file.attrs, 'model_config') && modelConfig === undefined) throw new ImportError('model_config', 'the model_config attribute is not a JSON string');
    const root = file.keys().includes('model_weights') ? file.get('model_weights') : file;
    if (!(root instanceof h5wasm.Group)) throw new ImportError('model_weights', 'model_weights is not a group');
    const base = root === file ? '' : 'model_weights';
    const layerNames = stringList(root, 'layer_names', base ? `${base}.attrs` : 'attrs');
    if (!layerNames && modelConfig === undefined && file.keys().includes('layers')) {
      return { layerWeights: new Map(), keras3Weights: readKeras3Vars(file) };
    }
    if (!layerNames && modelConfig === undefined) {
      throw new ImportError('', `${fileLabel} holds neither a model_config nor layer_names; it is not a Keras model or weights file`);
    }
    const layerWeights = new Map<string, NamedWeight[]>();
    for (const layer of layerNames ?? []) {
      const at = `${base ? `${base}/` : ''}${layer}`;
      const group = root.keys().includes(layer) ? root.get(layer) : undefined;
      if (!(group instanceof h5wasm.Group)) throw new ImportError(at, `layer_names lists "${layer}", but the file has no group of that name`);
      const weightNames = stringList(group, 'weight_names', `${at}.attrs`) ?? [];
      const list: NamedWeight[] = [];
      for (const w of weightNames) {
        const ds = group.get(w);
        if (!(ds instanceof h5wasm.Dataset)) throw new ImportError(`${at}/${w}`, `weight "${w}" of layer "${layer}" is not a dataset in the file`);
        list.push({ ...datasetValues(ds, `${at}/${w}`, `weight "${w}"`), name: w });
      }
      if (list.length > 0) layerWeights.set(layer, list);
    }
    return { ...(modelConfig !== undefined ? { modelConfig } : {}), layerWeights };
  } catch (e) {
    if (e instanceof ImportError) throw e;
    // h5wasm throws Errors and plain strings alike on damaged files.
    const why = e instanceof Error ? e.message : String(e);
    throw new ImportError('', `${fileLabel} is damaged or not a Keras HDF5 file (${why.split('\n')[0]!.slice(0, 200)})`);
  } finally {
    try {
      file?.close();
    } catch {
      // a file that never opened properly has nothing to close
    }
    try {
      Module.FS.unlink(name);
    } catch {
      // already gone
    }
  }
}
