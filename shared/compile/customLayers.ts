/**
 * Custom tfjs layers for kinds tfjs has no layer for. Each is created against the tf instance
 * the caller passes (plain tfjs, tfjs-node-gpu, ...), registered for serialization once per
 * instance, and looked up by its Keras class name.
 */
import type * as TF from '@tensorflow/tfjs';

type LayerClass = new (config: Record<string, unknown>) => TF.layers.Layer;
type Factory = (tf: typeof TF) => LayerClass;

const FACTORIES: Record<string, Factory> = {};
const made = new WeakMap<object, Map<string, LayerClass>>();

/** Registers the factory of a custom layer class under its Keras class name. */
export function registerCustomLayer(className: string, factory: Factory): void {
  FACTORIES[className] = factory;
}

/** The custom layer class `className` built for this tf instance, or undefined. */
export function customLayerClass(tf: typeof TF, className: string): LayerClass | undefined {
  const factory = Object.hasOwn(FACTORIES, className) ? FACTORIES[className] : undefined;
  if (!factory) return undefined;
  let classes = made.get(tf);
  if (!classes) made.set(tf, (classes = new Map()));
  let cls = classes.get(className);
  if (!cls) {
    cls = factory(tf);
    tf.serialization.registerClass(cls as unknown as TF.serialization.SerializableConstructor<TF.serialization.Serializable>);
    classes.set(className, cls);
  }
  return cls;
}

/** Makes sure every custom class is registered with `tf`, e.g. before tf.loadLayersModel. */
export function registerAllCustomLayers(tf: typeof TF): void {
  for (const name of Object.keys(FACTORIES)) customLayerClass(tf, name);
}
