/**
 * From a kind's tfjs spec to what generated code writes: the config without the arguments that
 * equal the library default (so `tf.layers.conv2d({ filters: 32, kernelSize: [7, 7] })`, not a
 * wall of `strides: [1, 1], useBias: true`), and the Keras class and keyword names.
 */
import type { TfjsSpec } from '../layers/types.ts';

/** A default value, or a function of the rest of the config (pooling strides default to the pool size). */
type Default = unknown;
const poolSizeOf = (c: Record<string, unknown>): unknown => c.poolSize ?? [2, 2];

/**
 * Defaults of tf.layers factories, which are also Keras' defaults for the same arguments
 * (tfjs-layers mirrors Keras 2: conv strides 1, 'valid', dilation 1, no activation, bias on;
 * BatchNormalization axis -1, momentum 0.99, epsilon 1e-3; pooling strides = pool size;
 * LeakyReLU alpha 0.3). test/shared/codegen/defaults.test.ts checks, for every kind, that the
 * pruned config builds a tfjs layer whose getConfig() equals the full one.
 */
const DEFAULTS: Record<string, Record<string, Default>> = {
  conv2d: { strides: [1, 1], padding: 'valid', dilationRate: [1, 1], activation: 'linear', useBias: true },
  depthwiseConv2d: { strides: [1, 1], padding: 'valid', depthMultiplier: 1, dilationRate: [1, 1], activation: 'linear', useBias: true },
  separableConv2d: { strides: [1, 1], padding: 'valid', depthMultiplier: 1, dilationRate: [1, 1], activation: 'linear', useBias: true },
  dense: { activation: 'linear', useBias: true },
  batchNormalization: { axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true },
  zeroPadding2d: { padding: [[1, 1], [1, 1]] },
  maxPooling2d: { poolSize: [2, 2], strides: poolSizeOf, padding: 'valid' },
  averagePooling2d: { poolSize: [2, 2], strides: poolSizeOf, padding: 'valid' },
  concatenate: { axis: -1 },
  leakyReLU: { alpha: 0.3 },
  reLU: { maxValue: null },
  rescaling: { offset: 0 },
};
// The compiler's subclasses for dilated convolutions take the stock layers' config.
DEFAULTS.DepthwiseConv2D = DEFAULTS.depthwiseConv2d!;
DEFAULTS.SeparableConv2D = DEFAULTS.separableConv2d!;

/** Deep equality for the JSON-like values of layer configs. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/**
 * Where Keras' defaults differ from tfjs': Keras initializes kernels with glorot_uniform,
 * tfjs with glorotNormal (so the TypeScript keeps `kernelInitializer: 'glorotUniform'`).
 */
const KERAS_ONLY_DEFAULTS: Record<string, unknown> = {
  kernelInitializer: 'glorotUniform',
  depthwiseInitializer: 'glorotUniform',
  pointwiseInitializer: 'glorotUniform',
  biasInitializer: 'zeros',
};

function factoryDefaults(factory: string): Record<string, Default> {
  return Object.hasOwn(DEFAULTS, factory) ? DEFAULTS[factory]! : {};
}

function equalsDefault(defaults: Record<string, Default>, config: Record<string, unknown>, key: string): boolean {
  if (!Object.hasOwn(defaults, key)) return false;
  const d = defaults[key];
  return sameValue(config[key], typeof d === 'function' ? (d as (c: Record<string, unknown>) => unknown)(config) : d);
}

/** True when the spec's `key` equals the tf.layers factory's default (the code can leave it out). */
export function isDefault(spec: TfjsSpec, key: string): boolean {
  return equalsDefault(factoryDefaults(spec.factory), spec.config, key);
}

/** True when `value` for `key` is a Keras default that tfjs does not share (kernelInitializer). */
export function isKerasOnlyDefault(key: string, value: unknown): boolean {
  return Object.hasOwn(KERAS_ONLY_DEFAULTS, key) && sameValue(KERAS_ONLY_DEFAULTS[key], value);
}

/** The spec's config without the entries equal to the tf.layers factory's default (order kept). */
export function prunedConfig(spec: TfjsSpec): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec.config).filter(([k, v]) => v !== undefined && !isDefault(spec, k)));
}

/**
 * The inverse of prunedConfig: `config` with every omitted argument that has a tf.layers default
 * filled in with it (pooling strides from the pool size given). Omitted Keras-only defaults
 * (kernelInitializer) are filled with Keras' value, which is what Netwright builds.
 */
export function withDefaults(factory: string, config: Record<string, unknown>): Record<string, unknown> {
  const defaults = factoryDefaults(factory);
  const out: Record<string, unknown> = { ...config };
  for (const [key, d] of Object.entries(defaults)) {
    if (!Object.hasOwn(out, key)) out[key] = typeof d === 'function' ? (d as (c: Record<string, unknown>) => unknown)(out) : d;
  }
  return out;
}

/** The Keras default of an argument tfjs defaults differently (kernelInitializer), if it is one. */
export function kerasOnlyDefault(key: string): { value: unknown } | undefined {
  return Object.hasOwn(KERAS_ONLY_DEFAULTS, key) ? { value: KERAS_ONLY_DEFAULTS[key] } : undefined;
}

/**
 * Arguments Keras 3 requires although tfjs defaults them: keras.layers.AveragePooling2D has no
 * default pool_size (MaxPooling2D's is (2, 2)) and Rescaling none for scale, so Python must
 * always pass them.
 */
const KERAS_REQUIRED: Record<string, string[]> = { averagePooling2d: ['poolSize'], rescaling: ['scale'] };

/** The arguments `factory` must be given in Python, with the tfjs default to pass when the config leaves one out. */
export function kerasRequiredArgs(factory: string): Array<[string, unknown]> {
  const defaults = factoryDefaults(factory);
  return (Object.hasOwn(KERAS_REQUIRED, factory) ? KERAS_REQUIRED[factory]! : []).map((k) => [k, defaults[k]]);
}

/** The spec's config without the entries equal to the Keras class's default. */
export function kerasPrunedConfig(spec: TfjsSpec): Record<string, unknown> {
  const required = new Set(kerasRequiredArgs(spec.factory).map(([k]) => k));
  return Object.fromEntries(Object.entries(spec.config).filter(([k, v]) => v !== undefined && (required.has(k) || !isDefault(spec, k)) && !isKerasOnlyDefault(k, v)));
}

/** tf.layers factories whose Keras class name is not the factory name with its first letter raised. */
const KERAS_CLASS: Record<string, string> = {
  conv2d: 'Conv2D',
  zeroPadding2d: 'ZeroPadding2D',
  maxPooling2d: 'MaxPooling2D',
  averagePooling2d: 'AveragePooling2D',
  globalAveragePooling2d: 'GlobalAveragePooling2D',
  globalMaxPooling2d: 'GlobalMaxPooling2D',
  depthwiseConv2d: 'DepthwiseConv2D',
  separableConv2d: 'SeparableConv2D',
  conv2dTranspose: 'Conv2DTranspose',
  upSampling2d: 'UpSampling2D',
  cropping2D: 'Cropping2D',
  reLU: 'ReLU',
  leakyReLU: 'LeakyReLU',
  prelu: 'PReLU',
  elu: 'ELU',
  thresholdedReLU: 'ThresholdedReLU',
};

/**
 * The keras.layers class for a tfjs spec. Custom classes (e.g. LocalResponseNormalization) are
 * already Keras class names; tf.layers factories map by the table above or by raising the first
 * letter (dense -> Dense, batchNormalization -> BatchNormalization).
 */
export function kerasClassName(spec: TfjsSpec): string {
  if (Object.hasOwn(KERAS_CLASS, spec.factory)) return KERAS_CLASS[spec.factory]!;
  return spec.factory[0]!.toUpperCase() + spec.factory.slice(1);
}

/** tfjs' camelCase argument name to Keras' snake_case one: kernelSize -> kernel_size. */
export function kerasArgName(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** tfjs initializer names to Keras ones (glorotUniform -> glorot_uniform); other strings unchanged. */
export function kerasValue(key: string, value: unknown): unknown {
  if (typeof value === 'string' && /Initializer$/.test(key)) return kerasArgName(value);
  return value;
}
