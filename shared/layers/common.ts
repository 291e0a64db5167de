/**
 * Parameter schema pieces shared by several layer kinds, so that one field means the same
 * thing (and validates the same way) everywhere.
 */
import { z } from 'zod';

/** A positive integer, e.g. a filter count. */
export const positiveInt = (label: string) => z.number().int().min(1).max(1_000_000).describe(label);

/** A pair such as kernel size or strides, stored as [height, width]. */
export const intPair = (label: string, min = 1) =>
  z.tuple([z.number().int().min(min).max(100_000), z.number().int().min(min).max(100_000)]).describe(label);

export const padding = z.enum(['valid', 'same']).describe('Padding');

/**
 * Activation functions by their Keras names. 'leaky_relu' uses Keras' default slope 0.3
 * (tfjs has no activation string for it, so it compiles to a LeakyReLU layer).
 */
export const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'leaky_relu'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];
/** For the Activation kind: every name above. */
export const activation = z.enum(ACTIVATIONS).describe('Activation');

/** For layers with a built-in activation (Conv2D, Dense, ...): names tfjs accepts as strings. */
export const LAYER_ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu'] as const;
export const layerActivation = z.enum(LAYER_ACTIVATIONS).describe('Activation');

/** Keras' default initializers, so compiled models start where Keras models start. */
export const KERNEL_INITIALIZER = 'glorotUniform';

/** `7x7` for a square pair, `3x5` otherwise. */
export function pairText(p: readonly [number, number]): string {
  return `${p[0]}x${p[1]}`;
}
