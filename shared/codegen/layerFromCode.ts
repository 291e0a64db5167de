/**
 * A layer statement's factory and config back to a catalog kind and parameters: the inverse of
 * a kind's toTfjs spec plus prunedConfig. Omitted arguments take the factory's default, the
 * Keras-config mapper (shared/import/layerMapping.ts) reads the kind and parameters, and the
 * kind's own spec is rebuilt and compared, so an argument the graph cannot hold is refused.
 */
import { getLayer, LAYERS } from '../layers/index.ts';
import { LRN_DEFAULTS } from '../layers/localResponseNormalization.ts';
import { mapKerasLayer } from '../import/layerMapping.ts';
import { ImportError } from '../import/kerasModel.ts';
import { CUSTOM_LAYER_SOURCES } from './customLayerSources.ts';
import { isDefault, kerasArgName, kerasClassName, kerasOnlyDefault, kerasValue, sameValue, withDefaults } from './layerSpecs.ts';
import { tsLiteral } from './literals.ts';

/** What the layer statement holds, keys in tfjs' camelCase. */
export interface LayerCode {
  factory: string;
  /** `new Class(...)` rather than `tf.layers.factory(...)`. */
  custom: boolean;
  name: string;
  config: Record<string, unknown>;
}

/** The kind and parameters a layer statement gives, or why the graph cannot hold it. */
export type LayerReading =
  | { ok: true; kind: string; params: Record<string, unknown> }
  /** `key` names the config entry the message is about, when it is about one. */
  | { ok: false; message: string; key?: string };

/** Defaults the custom classes apply themselves (LocalResponseNormalization's AlexNet constants). */
const CLASS_DEFAULTS: Record<string, Record<string, unknown>> = { LocalResponseNormalization: { ...LRN_DEFAULTS } };

/**
 * True when some kind may be built by `factory`: its Keras class is a kind of the catalog
 * (conv2d -> Conv2D, reshape and Reshape -> Reshape), or a class the Keras mapper reads as one
 * (LeakyReLU is Activation('leaky_relu')). Which factory a kind's settings need is checked after.
 */
function knownFactory(factory: string): boolean {
  const cls = kerasClassName({ factory, config: {} });
  return (getLayer(cls) !== undefined && cls !== 'Input') || factory === 'leakyReLU';
}

const ctorText = (factory: string, custom: boolean) => (custom ? `new ${factory}` : `tf.layers.${factory}`);

/** The kind and parameters of a layer statement, or why the graph cannot hold it. */
export function readLayer(code: LayerCode): LayerReading {
  const written = ctorText(code.factory, code.custom);
  const isCustom = Object.hasOwn(CUSTOM_LAYER_SOURCES, code.factory);
  if (!knownFactory(code.factory) || isCustom !== code.custom) {
    const kinds = Object.keys(LAYERS).filter((k) => k !== 'Input');
    return { ok: false, message: `${written} is not a layer Netwright knows, so it cannot become a graph node; the graph's layers are ${kinds.join(', ')} (tf.layers.conv2d for Conv2D, and so on)` };
  }
  const full = { ...(CLASS_DEFAULTS[code.factory] ?? {}), ...withDefaults(code.factory, code.config) };
  const kerasConfig: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(full)) kerasConfig[kerasArgName(k)] = kerasValue(k, v);
  let mapped;
  try {
    mapped = mapKerasLayer({ className: kerasClassName({ factory: code.factory, config: full }), name: code.name, config: kerasConfig, inputs: [], path: 'layer' });
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    const snake = /^layer\.config\.([a-z0-9_]+)/.exec(e.path)?.[1];
    const key = snake === undefined ? undefined : Object.keys(code.config).find((k) => kerasArgName(k) === snake);
    return { ok: false, message: e.message, ...(key ? { key } : {}) };
  }
  const def = getLayer(mapped.kind)!;
  const spec = def.tfjs(mapped.params as never);
  if (spec.factory !== code.factory) {
    return { ok: false, message: `${def.kind} with these settings is built by ${ctorText(spec.factory, Object.hasOwn(CUSTOM_LAYER_SOURCES, spec.factory))}(...), not ${written}(...)` };
  }
  for (const [key, value] of Object.entries(code.config)) {
    if (!Object.hasOwn(spec.config, key)) {
      // tfjs' own default written out (ReLU's `maxValue: null`): nothing the graph must hold.
      if (isDefault({ factory: code.factory, config: full }, key)) continue;
      return { ok: false, key, message: `${written}: \`${key}\` is not a setting of Netwright's ${def.kind} (it has ${describeKeys(Object.keys(spec.config))}), so it cannot be kept in the graph` };
    }
    if (!sameValue(spec.config[key], full[key])) {
      return { ok: false, key, message: `${written}: \`${key}: ${tsLiteral(value)}\` cannot be represented; Netwright's ${def.kind} builds ${tsLiteral(spec.config[key])} here` };
    }
  }
  for (const [key, value] of Object.entries(spec.config)) {
    if (value === undefined || Object.hasOwn(code.config, key)) continue;
    const keras = kerasOnlyDefault(key);
    if (keras ? sameValue(keras.value, value) : isDefault(spec, key) || sameValue(CLASS_DEFAULTS[code.factory]?.[key], value)) continue;
    return { ok: false, message: `${written} needs \`${key}\` (tfjs has no default for it), e.g. \`${key}: ${tsLiteral(value)}\`` };
  }
  return { ok: true, kind: def.kind, params: mapped.params };
}

function describeKeys(keys: string[]): string {
  return keys.length === 0 ? 'no settings' : keys.map((k) => `\`${k}\``).join(', ');
}
