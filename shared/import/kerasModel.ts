/**
 * Reading a Keras model configuration (`model.to_json()`, the `model_config` of an .h5 file, the
 * `modelTopology` of a tfjs model.json) into a plain layer graph: each layer's class, name,
 * config and inputs. Keras 2 (nested-list inbound nodes) and Keras 3 (`args` with
 * `__keras_tensor__` / `keras_history`) formats, Functional and Sequential. Validated with zod;
 * every failure is an ImportError naming where in the file it happened.
 */
import { z } from 'zod';
import { formatPath } from '../graph/load.ts';

/** A problem with an imported file: `path` says where (e.g. `config.layers[3].inbound_nodes`), `message` what. */
export class ImportError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface KerasLayer {
  className: string;
  name: string;
  config: Record<string, unknown>;
  /** Names of the layers feeding this one, in argument order. */
  inputs: string[];
  /** Where the layer sits in the file, for messages. */
  path: string;
}

export interface KerasGraph {
  name: string;
  layers: KerasLayer[];
  inputs: string[];
  outputs: string[];
}

/** Limits that keep a hostile file from costing unbounded time or memory. */
export const LIMITS = { layers: 20_000, inboundNodes: 64, inputsPerLayer: 1_000, nameLength: 500 } as const;

const name = z.string().min(1).max(LIMITS.nameLength);
const config = z.record(z.string(), z.unknown());

const LayerSchema = z.looseObject({
  class_name: z.string().min(1).max(200),
  name: name.optional(),
  config: config.default({}),
  inbound_nodes: z.array(z.unknown()).max(LIMITS.inboundNodes).optional(),
});

const ModelSchema = z.looseObject({
  class_name: z.string().min(1).max(200),
  config: z.looseObject({
    name: z.string().max(LIMITS.nameLength).nullish(),
    layers: z.array(z.unknown()).max(LIMITS.layers),
    input_layers: z.unknown().optional(),
    output_layers: z.unknown().optional(),
    build_input_shape: z.unknown().optional(),
  }),
});

const FUNCTIONAL = new Set(['Functional', 'Model']);

/** `{ "class_name": "__tuple__", "items": [...] }` (TF's tuple encoding) and friends, as plain arrays. */
export function plainValue(value: unknown, path: string, depth = 0): unknown {
  if (depth > 32) throw new ImportError(path, 'nested more than 32 levels deep');
  if (Array.isArray(value)) return value.map((v, i) => plainValue(v, `${path}[${i}]`, depth + 1));
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ((o.class_name === '__tuple__' || o.class_name === 'TensorShape') && Array.isArray(o.items)) return plainValue(o.items, `${path}.items`, depth + 1);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plainValue(v, path ? `${path}.${k}` : k, depth + 1)]));
  }
  return value;
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const at = formatPath(issue.path);
    throw new ImportError(at ? (path ? `${path}.${at}`.replace('.[', '[') : at) : path, issue.message);
  }
  return r.data;
}

/** A Keras 2 reference `[layer, node_index, tensor_index(, kwargs)]` or Keras 3 `keras_history`. */
function reference(value: unknown, path: string): string {
  const ref = parseWith(z.tuple([name, z.number().int().min(0), z.number().int().min(0)], z.unknown()), value, path);
  if (ref[1] !== 0) throw new ImportError(path, `layer "${ref[0]}" is used more than once (node ${ref[1]}); Netwright graphs cannot share a layer's weights between calls`);
  if (ref[2] !== 0) throw new ImportError(path, `uses output ${ref[2]} of layer "${ref[0]}"; Netwright layers have one output`);
  return ref[0];
}

/** Keras 3 call arguments: keras tensors, possibly in a list (merge layers). */
function keras3Tensors(value: unknown, path: string, out: string[], depth = 0): void {
  if (depth > 4) throw new ImportError(path, 'call arguments nested too deep');
  if (Array.isArray(value)) {
    value.forEach((v, i) => keras3Tensors(v, `${path}[${i}]`, out, depth + 1));
    return;
  }
  if (value !== null && typeof value === 'object' && (value as Record<string, unknown>).class_name === '__keras_tensor__') {
    const history = ((value as Record<string, unknown>).config as Record<string, unknown> | undefined)?.keras_history;
    out.push(reference(history, `${path}.config.keras_history`));
    if (out.length > LIMITS.inputsPerLayer) throw new ImportError(path, `more than ${LIMITS.inputsPerLayer} inputs`);
  }
}

/** The names of the layers feeding a layer, from its inbound_nodes in either format. */
function inboundInputs(nodes: unknown[] | undefined, layerName: string, path: string): string[] {
  if (!nodes || nodes.length === 0) return [];
  if (nodes.length > 1) {
    throw new ImportError(path, `layer "${layerName}" is called ${nodes.length} times (a shared layer); Netwright graphs give every call its own layer, so this model cannot be imported as it is`);
  }
  const node = nodes[0];
  const at = `${path}[0]`;
  const out: string[] = [];
  if (Array.isArray(node)) {
    if (node.length > LIMITS.inputsPerLayer) throw new ImportError(at, `more than ${LIMITS.inputsPerLayer} inputs`);
    node.forEach((ref, i) => out.push(reference(ref, `${at}[${i}]`)));
  } else if (node !== null && typeof node === 'object' && Array.isArray((node as Record<string, unknown>).args)) {
    keras3Tensors((node as Record<string, unknown>).args, `${at}.args`, out);
  } else {
    throw new ImportError(at, 'an inbound node is a list of [layer, node, tensor] references (Keras 2) or an object with "args" (Keras 3)');
  }
  return out;
}

/** input_layers / output_layers: `[["a", 0, 0], ...]` or, in Keras 3 for one tensor, `["a", 0, 0]`. */
function endpoints(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) throw new ImportError(path, 'expected a list of [layer, node, tensor] references');
  if (value.length === 3 && typeof value[0] === 'string') return [reference(value, path)];
  if (value.length > LIMITS.layers) throw new ImportError(path, `more than ${LIMITS.layers} entries`);
  return value.map((v, i) => reference(v, `${path}[${i}]`));
}

/** The batch shape a Sequential model gets from its first layer or its build_input_shape. */
function sequentialInputShape(first: z.output<typeof LayerSchema> | undefined, buildShape: unknown): unknown {
  const c = first?.config ?? {};
  return c.batch_input_shape ?? c.batch_shape ?? buildShape;
}

/**
 * Reads a Keras model config (already JSON-parsed). `path` prefixes every error location
 * (e.g. `modelTopology`).
 */
export function readKerasModel(value: unknown, path = ''): KerasGraph {
  const at = (p: string) => (path ? `${path}.${p}` : p);
  // Sizes first (a hostile file may list millions of layers), then TF's tuple encoding.
  const model = parseWith(ModelSchema, value, path);
  model.config.layers = model.config.layers.map((l, i) => plainValue(l, at(`config.layers[${i}]`)));
  for (const key of ['input_layers', 'output_layers', 'build_input_shape'] as const) {
    if (model.config[key] !== undefined) model.config[key] = plainValue(model.config[key], at(`config.${key}`));
  }
  if (!FUNCTIONAL.has(model.class_name) && model.class_name !== 'Sequential') {
    throw new ImportError(at('class_name'), `"${model.class_name}" is not a Functional or Sequential model; subclassed models have no layer graph to import (save a Functional model)`);
  }
  const layers = model.config.layers.map((l, i) => parseWith(LayerSchema, l, at(`config.layers[${i}]`)));
  const graphName = model.config.name ?? 'model';
  const names = new Set<string>();
  const result: KerasLayer[] = [];
  const add = (layer: KerasLayer) => {
    if (names.has(layer.name)) throw new ImportError(layer.path, `two layers are named "${layer.name}"; Keras layer names are unique`);
    names.add(layer.name);
    result.push(layer);
  };
  const layerName = (l: z.output<typeof LayerSchema>, i: number): string => {
    const n = l.name ?? l.config.name;
    if (typeof n !== 'string' || n.length === 0 || n.length > LIMITS.nameLength) throw new ImportError(at(`config.layers[${i}].name`), 'every layer needs a name');
    return n;
  };

  if (model.class_name === 'Sequential') {
    let previous: string | undefined;
    if (layers[0]?.class_name !== 'InputLayer') {
      const shape = sequentialInputShape(layers[0], model.config.build_input_shape);
      if (shape === undefined || shape === null) {
        throw new ImportError(at('config.layers[0]'), 'the Sequential model has no input shape (no InputLayer, batch_input_shape or build_input_shape); build the model before saving it');
      }
      previous = `${layers[0] ? layerName(layers[0], 0) : graphName}_input`;
      add({ className: 'InputLayer', name: previous, config: { batch_input_shape: shape }, inputs: [], path: at('config.layers[0]') });
    }
    layers.forEach((l, i) => {
      const n = layerName(l, i);
      add({ className: l.class_name, name: n, config: l.config, inputs: previous === undefined ? [] : [previous], path: at(`config.layers[${i}]`) });
      previous = n;
    });
    const first = result[0];
    return { name: graphName, layers: result, inputs: first ? [first.name] : [], outputs: previous ? [previous] : [] };
  }

  layers.forEach((l, i) => {
    const n = layerName(l, i);
    add({ className: l.class_name, name: n, config: l.config, inputs: inboundInputs(l.inbound_nodes, n, at(`config.layers[${i}].inbound_nodes`)), path: at(`config.layers[${i}]`) });
  });
  for (const l of result) {
    for (const input of l.inputs) {
      if (!names.has(input)) throw new ImportError(`${l.path}.inbound_nodes`, `layer "${l.name}" takes the output of "${input}", which is not a layer of the model`);
    }
  }
  const inputs = model.config.input_layers === undefined ? result.filter((l) => l.className === 'InputLayer').map((l) => l.name) : endpoints(model.config.input_layers, at('config.input_layers'));
  const outputs = model.config.output_layers === undefined ? [] : endpoints(model.config.output_layers, at('config.output_layers'));
  for (const [list, key] of [[inputs, 'input_layers'], [outputs, 'output_layers']] as const) {
    for (const n of list) if (!names.has(n)) throw new ImportError(at(`config.${key}`), `names "${n}", which is not a layer of the model`);
  }
  return { name: graphName, layers: result, inputs, outputs };
}
