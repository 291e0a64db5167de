/**
 * The layer catalog: one line per kind. The `LayerKind` type derives from this object, so a
 * kind exists in the type system exactly when it is registered here.
 */
import type { LayerDef } from './types.ts';
import { input } from './input.ts';
import { conv2d } from './conv2d.ts';
import { dense } from './dense.ts';
import { batchNormalization } from './batchNormalization.ts';
import { activation } from './activation.ts';
import { zeroPadding2d } from './zeroPadding2d.ts';
import { maxPooling2d } from './maxPooling2d.ts';
import { flatten } from './flatten.ts';
import { add } from './add.ts';
import { multiply } from './multiply.ts';
import { rescaling } from './rescaling.ts';
import { averagePooling2d } from './averagePooling2d.ts';
import { concatenate } from './concatenate.ts';
import { relu } from './relu.ts';
import { dropout } from './dropout.ts';
import { globalAveragePooling2d } from './globalAveragePooling2d.ts';
import { globalMaxPooling2d } from './globalMaxPooling2d.ts';
import { reshape } from './reshape.ts';
import { depthwiseConv2d } from './depthwiseConv2d.ts';
import { separableConv2d } from './separableConv2d.ts';
import { localResponseNormalization } from './localResponseNormalization.ts';

export const LAYERS = {
  Input: input,
  Conv2D: conv2d,
  Dense: dense,
  BatchNormalization: batchNormalization,
  Activation: activation,
  ZeroPadding2D: zeroPadding2d,
  MaxPooling2D: maxPooling2d,
  Flatten: flatten,
  Add: add,
  Multiply: multiply,
  AveragePooling2D: averagePooling2d,
  Concatenate: concatenate,
  ReLU: relu,
  Dropout: dropout,
  GlobalAveragePooling2D: globalAveragePooling2d,
  GlobalMaxPooling2D: globalMaxPooling2d,
  Reshape: reshape,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  LocalResponseNormalization: localResponseNormalization,
  Rescaling: rescaling,
} satisfies Record<string, LayerDef>;

export type LayerKind = keyof typeof LAYERS;

/** The definition of `kind`, or undefined when the catalog does not know it. */
export function getLayer(kind: string): LayerDef | undefined {
  return Object.hasOwn(LAYERS, kind) ? (LAYERS as Record<string, LayerDef>)[kind] : undefined;
}

export function isLayerKind(kind: string): kind is LayerKind {
  return Object.hasOwn(LAYERS, kind);
}

export type { LayerDef, ParamCount, TfjsSpec, LayerCategory } from './types.ts';
