/**
 * Multiply (keras.layers.Multiply): element-wise product, the squeeze-and-excitation join
 * (EfficientNet, MobileNetV3: feature maps times per-channel weights of shape 1x1xC). Shapes
 * broadcast as Add's do (Keras' Merge._compute_elemwise_op_output_shape).
 */
import { z } from 'zod';
import { defineLayer, NO_PARAMS } from './types.ts';
import { mergeShape } from './add.ts';

export const multiply = defineLayer({
  kind: 'Multiply',
  category: 'Merge',
  description: 'Multiplies its inputs element by element; shapes must match (a size of 1 broadcasts).',
  namePrefix: 'multiply',
  params: z.object({}),
  inputs: { min: 2, max: 64 },
  summarize: () => '×',
  inferShape: (_p, xs) => mergeShape('Multiply', xs),
  paramCount: () => NO_PARAMS,
  macs: () => 0,
  tfjs: () => ({ factory: 'multiply', config: {} }),
});
