/**
 * The contract every layer kind fulfils: one file per kind under shared/layers/, registered in
 * shared/layers/index.ts. The zod parameter schema is the single source of truth for the
 * TypeScript type, defaults, validation and the inspector form.
 */
import type { z } from 'zod';
import type { Shape } from '../shape.ts';

export type LayerCategory =
  | 'Input'
  | 'Convolution'
  | 'Pooling'
  | 'Normalization'
  | 'Activation'
  | 'Merge'
  | 'Reshaping'
  | 'Core'
  | 'Regularization';

/** Parameter counts split the way Keras' model.summary() splits them. */
export interface ParamCount {
  trainable: number;
  nonTrainable: number;
}

/**
 * How to build the layer with tfjs: `factory` is a function of `tf.layers` (e.g. 'conv2d'), or the
 * class name of a custom layer from shared/compile/customLayers.ts; `config` is its argument,
 * without `name` (the compiler adds the node's Keras name).
 */
export interface TfjsSpec {
  factory: string;
  config: Record<string, unknown>;
}

export interface LayerDef<S extends z.ZodObject = z.ZodObject> {
  /** The Keras class name, e.g. 'Conv2D'; also the `kind` stored in project files. */
  kind: string;
  category: LayerCategory;
  /** One line for the palette tooltip. */
  description: string;
  /** Prefix of Keras' automatic layer names: 'conv2d' gives conv2d, conv2d_1, ... */
  namePrefix: string;
  /** Parameter schema with defaults; `schema.parse({})` gives a valid default layer. */
  params: S;
  /** How many incoming edges the kind takes. Multi-input kinds use ports in0, in1, ... */
  inputs: { min: number; max: number };
  /** Key parameters for the node face, e.g. '7x7 /1 same, 32'. */
  summarize(p: z.output<S>): string;
  /** Output shape from the input shapes; throws LayerError (via `fail`) on bad input. */
  inferShape(p: z.output<S>, inputs: readonly Shape[]): Shape;
  /** Weights, split as Keras counts them. */
  paramCount(p: z.output<S>, inputs: readonly Shape[], output: Shape): ParamCount;
  /** Multiply-accumulate operations for one sample (a multiplication and an addition each). */
  macs(p: z.output<S>, inputs: readonly Shape[], output: Shape): number;
  /** Lines that explain the shape and parameter math with the user's own numbers. */
  explain?(p: z.output<S>, inputs: readonly Shape[], output: Shape): string[];
  /** The tfjs layer that implements the kind. Not used for Input (the compiler calls tf.input). */
  tfjs(p: z.output<S>): TfjsSpec;
}

/** Identity helper that keeps the schema's inferred parameter type on every method. */
export function defineLayer<S extends z.ZodObject>(def: LayerDef<S>): LayerDef<S> {
  return def;
}

export const NO_PARAMS: ParamCount = { trainable: 0, nonTrainable: 0 };
