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
 * Activation functions by their Keras names. 'leaky_relu' is keras.activations.leaky_relu with
 * its default negative slope 0.2 (tfjs has no activation string for it: it compiles to a
 * LeakyReLU layer with that slope).
 */
export const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'leaky_relu'] as const;
/** keras.activations.leaky_relu's default negative_slope. */
export const LEAKY_RELU_SLOPE = 0.2;
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

/**
 * `1234567` -> `1,234,567`, the way Keras prints counts. A regex rather than toLocaleString:
 * analyzeGraph formats a few numbers per node on every edit, and Intl is ~10x slower.
 */
export function formatCount(n: number): string {
  return Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US');
}

/** What a 2-D window op (convolution or pooling) reads: the fields explain() needs. */
export interface WindowParams {
  kernel: readonly [number, number];
  strides: readonly [number, number];
  padding: 'valid' | 'same';
  dilation?: readonly [number, number];
}

/**
 * The output-size arithmetic of a window op, one line per axis, with the user's numbers:
 * `height: floor((64 - 7)/2) + 1 = 29` or `width: same padding, ceil(64/2) = 32`.
 */
export function windowExplain(w: WindowParams, input: readonly number[], out: readonly number[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 2; i++) {
    const n = input[i]!;
    const k = w.kernel[i]!;
    const s = w.strides[i]!;
    const d = w.dilation?.[i] ?? 1;
    const axis = i === 0 ? 'height' : 'width';
    const ext = d === 1 ? `${k}` : `(${d}*(${k} - 1) + 1)`;
    lines.push(
      w.padding === 'same'
        ? `${axis}: same padding, ceil(${n}/${s}) = ${out[i]}`
        : `${axis}: floor((${n} - ${ext})/${s}) + 1 = ${out[i]}`,
    );
  }
  return lines;
}
