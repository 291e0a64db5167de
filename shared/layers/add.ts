/** Add (keras.layers.Add): element-wise sum of equal-shaped inputs, the ResNet shortcut join. */
import { z } from 'zod';
import { defineLayer, NO_PARAMS } from './types.ts';
import { formatShape, shapesEqual } from '../shape.ts';
import { fail } from '../diagnostics.ts';

export const add = defineLayer({
  kind: 'Add',
  category: 'Merge',
  description: 'Sums its inputs element by element; all inputs must have the same shape.',
  namePrefix: 'add',
  params: z.object({}),
  inputs: { min: 2, max: 64 },
  summarize: () => '+',
  inferShape(_p, xs) {
    const first = xs[0]!;
    for (const x of xs.slice(1)) {
      if (!shapesEqual(first, x)) {
        fail('SHAPE_MISMATCH', `Add needs equal shapes; received ${xs.map(formatShape).join(' and ')}`);
      }
    }
    return first;
  },
  paramCount: () => NO_PARAMS,
  macs: () => 0,
  tfjs: () => ({ factory: 'add', config: {} }),
});
