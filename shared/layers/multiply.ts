/**
 * Multiply (keras.layers.Multiply): element-wise product, the squeeze-and-excitation join
 * (EfficientNet, MobileNetV3: feature maps times per-channel weights of shape 1x1xC). Shapes
 * broadcast as Add's do (Keras' Merge._compute_elemwise_op_output_shape).
 */
import { z } from 'zod';
import { defineLayer, NO_PARAMS } from './types.ts';
import { formatShape, type Shape } from '../shape.ts';
import { fail } from '../diagnostics.ts';
import { elementwiseShape } from './add.ts';

export const multiply = defineLayer({
  kind: 'Multiply',
  category: 'Merge',
  description: 'Multiplies its inputs element by element; shapes must match (a size of 1 broadcasts).',
  namePrefix: 'multiply',
  params: z.object({}),
  inputs: { min: 2, max: 64 },
  summarize: () => '×',
  inferShape(_p, xs) {
    let out: Shape | undefined = xs[0]!;
    for (const x of xs.slice(1)) {
      out = out && elementwiseShape(out, x);
      if (!out) {
        fail('SHAPE_MISMATCH', `Multiply needs equal shapes (or a size of 1 that broadcasts); received ${xs.map(formatShape).join(' and ')}`);
      }
    }
    return out!;
  },
  paramCount: () => NO_PARAMS,
  macs: () => 0,
  tfjs: () => ({ factory: 'multiply', config: {} }),
});
