/**
 * One Keras layer to one catalog node: the class name is the kind (InputLayer is Input), and
 * each parameter is read from the config under its Keras name (kernelSize <- kernel_size),
 * widened the way Keras widens it (3 -> [3, 3]) and validated by the kind's own schema.
 * Layers that run code (Lambda) and classes the catalog does not know are refused by name;
 * settings the catalog cannot represent (channels_first, groups, a capped leaky slope...) too.
 */
import { getLayer, LAYERS } from '../layers/index.ts';
import { LEAKY_RELU_SLOPE } from '../layers/common.ts';
import { formatPath } from '../graph/load.ts';
import { kerasArgName } from '../codegen/layerSpecs.ts';
import { ImportError, type KerasLayer } from './kerasModel.ts';

export interface MappedLayer {
  kind: string;
  params: Record<string, unknown>;
  trainable: boolean;
  /** The axis a BatchNormalization or Concatenate works on, checked against the input rank later. */
  axis?: number;
  /** Settings read but not kept (regularizers, constraints), for the import report. */
  ignored: string[];
}

const CODE_LAYERS = new Set(['Lambda', 'TFOpLambda', 'SlicingOpLambda']);
const MODEL_CLASSES = new Set(['Functional', 'Model', 'Sequential']);
/** Config entries that change what a layer computes in ways the catalog has no parameter for. */
const MUST_BE: Record<string, (v: unknown) => boolean> = {
  data_format: (v) => v === undefined || v === null || v === 'channels_last',
  groups: (v) => v === undefined || v === 1,
  noise_shape: (v) => v === undefined || v === null,
  keepdims: (v) => v === undefined || v === false,
  threshold: (v) => v === undefined || v === 0,
};
const IGNORED = ['kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint', 'depthwise_regularizer', 'pointwise_regularizer', 'beta_regularizer', 'gamma_regularizer'];

function describe(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Widens a Keras value to the shape of the catalog's default: 3 -> [3, 3], 1 -> [[1, 1], [1, 1]]. */
function widen(value: unknown, example: unknown): unknown {
  if (Array.isArray(example) && example.length === 2 && typeof example[0] === 'number' && typeof value === 'number') return [value, value];
  if (Array.isArray(example) && example.length === 2 && Array.isArray(example[0])) {
    if (typeof value === 'number') return [[value, value], [value, value]];
    if (Array.isArray(value) && value.length === 2 && value.every((x) => typeof x === 'number')) return [[value[0], value[0]], [value[1], value[1]]];
  }
  return value;
}

/** An activation as Keras serializes it: a name, null, or (Keras 3) { class_name, config }. */
function activationName(value: unknown, path: string): unknown {
  if (value === null || value === undefined) return 'linear';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && typeof (value as Record<string, unknown>).class_name === 'string') return kerasArgName((value as { class_name: string }).class_name);
  throw new ImportError(path, `an activation is a name such as "relu"; received ${describe(value)}`);
}

function axisOf(value: unknown, path: string): number {
  const v = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ImportError(path, `Netwright normalizes and concatenates along one axis, the channels; received axis ${describe(value)}`);
  return v;
}

/** Kind-specific readings before the generic one. */
function special(layer: KerasLayer): { kind: string; params?: Record<string, unknown>; axis?: number } {
  const c = layer.config;
  const at = (k: string) => `${layer.path}.config.${k}`;
  switch (layer.className) {
    case 'InputLayer': {
      const key = ['batch_input_shape', 'batch_shape'].find((k) => Array.isArray(c[k]));
      const batch = key ? (c[key] as unknown[]) : Array.isArray(c.shape) ? [null, ...(c.shape as unknown[])] : undefined;
      if (!batch) throw new ImportError(`${layer.path}.config`, `InputLayer "${layer.name}" has no batch_input_shape, batch_shape or shape`);
      const shape = batch.slice(1);
      if (shape.some((d) => typeof d !== 'number')) {
        throw new ImportError(at(key ?? 'shape'), `InputLayer "${layer.name}" has a variable size ${describe(batch)}; Netwright needs every dimension but the batch fixed (e.g. 64x64x3)`);
      }
      return { kind: 'Input', params: { shape } };
    }
    case 'LeakyReLU': {
      const slope = c.negative_slope ?? c.alpha ?? 0.3;
      if (slope !== LEAKY_RELU_SLOPE) {
        throw new ImportError(at(c.negative_slope !== undefined ? 'negative_slope' : 'alpha'), `LeakyReLU "${layer.name}" has slope ${describe(slope)}; Netwright's leaky_relu activation uses ${LEAKY_RELU_SLOPE} (Keras' leaky_relu default), so this layer cannot be represented exactly`);
      }
      return { kind: 'Activation', params: { activation: 'leaky_relu' } };
    }
    case 'Softmax': {
      if (c.axis !== undefined && axisOf(c.axis, at('axis')) !== -1) throw new ImportError(at('axis'), `Softmax "${layer.name}" over axis ${describe(c.axis)}; Netwright applies softmax over the last axis`);
      return { kind: 'Activation', params: { activation: 'softmax' } };
    }
    case 'ReLU':
      if (c.negative_slope !== undefined && c.negative_slope !== 0) throw new ImportError(at('negative_slope'), `ReLU "${layer.name}" has negative_slope ${describe(c.negative_slope)}; Netwright's ReLU has none (use a LeakyReLU with slope ${LEAKY_RELU_SLOPE})`);
      return { kind: 'ReLU' };
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      // Keras' strides=None means "the pool size"; the catalog stores strides explicitly.
      return { kind: layer.className, params: c.strides === null || c.strides === undefined ? { strides: c.pool_size ?? [2, 2] } : {} };
    case 'Reshape':
      // tfjs writes -1 as null in target_shape.
      return { kind: 'Reshape', params: Array.isArray(c.target_shape) ? { targetShape: c.target_shape.map((d) => (d === null ? -1 : d)) } : {} };
    case 'BatchNormalization':
    case 'Concatenate':
      return { kind: layer.className, axis: c.axis === undefined ? -1 : axisOf(c.axis, at('axis')) };
    default:
      return { kind: layer.className };
  }
}

/** Maps one Keras layer to a catalog kind and parameters, or throws ImportError naming it. */
export function mapKerasLayer(layer: KerasLayer): MappedLayer {
  if (CODE_LAYERS.has(layer.className)) {
    throw new ImportError(layer.path, `layer "${layer.name}" is a ${layer.className} layer: it holds Python code, which Netwright never runs. Replace it with built-in layers in Keras and save again`);
  }
  if (MODEL_CLASSES.has(layer.className)) {
    throw new ImportError(layer.path, `layer "${layer.name}" is a whole ${layer.className} model nested inside this one; save the outer model with the inner one's layers inlined`);
  }
  const s = special(layer);
  const def = getLayer(s.kind);
  if (!def || (s.kind === 'Input' && layer.className !== 'InputLayer')) {
    throw new ImportError(
      `${layer.path}.class_name`,
      `layer "${layer.name}" has class "${layer.className}", which Netwright does not know, so this model cannot be imported as it is. In Keras, replace the layer with ones Netwright imports (InputLayer, LeakyReLU, Softmax, ${describeKinds()}) or leave it out (a preprocessing layer can move into the data pipeline), and save again`,
    );
  }
  for (const [key, ok] of Object.entries(MUST_BE)) {
    if (!ok(layer.config[key])) throw new ImportError(`${layer.path}.config.${key}`, `${layer.className} "${layer.name}" has ${key} ${describe(layer.config[key])}, which Netwright cannot represent`);
  }
  const defaults = def.params.parse({}) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, example] of Object.entries(defaults)) {
    const kerasKey = kerasArgName(key);
    if (s.params && Object.hasOwn(s.params, key)) params[key] = widen(s.params[key], example);
    else if (key === 'activation' && Object.hasOwn(layer.config, 'activation')) params[key] = activationName(layer.config.activation, `${layer.path}.config.activation`);
    else if (Object.hasOwn(layer.config, kerasKey)) params[key] = widen(layer.config[kerasKey], example);
  }
  const parsed = def.params.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const where = key ? `${layer.path}.config.${kerasArgName(key)}${formatPath(issue.path.slice(1)).replace(/^(?=[^[])/, '.').replace(/^\.$/, '')}` : `${layer.path}.config`;
    throw new ImportError(where, `${layer.className} "${layer.name}": ${key || 'config'} ${issue.message.toLowerCase()}; received ${describe(key ? params[key] : params)}`);
  }
  const ignored = IGNORED.filter((k) => layer.config[k] !== undefined && layer.config[k] !== null).map((k) => `${layer.name}.${k}`);
  return {
    kind: def.kind,
    params: parsed.data as Record<string, unknown>,
    trainable: layer.config.trainable !== false,
    ...(s.axis !== undefined ? { axis: s.axis } : {}),
    ignored,
  };
}

function describeKinds(): string {
  return Object.keys(LAYERS).filter((k) => k !== 'Input').join(', ');
}
