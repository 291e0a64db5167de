/**
 * Concatenate (keras.layers.Concatenate) on the channel axis (-1): the Inception join.
 * All other dimensions must match; channels add up.
 */
import { z } from 'zod';
import { defineLayer, NO_PARAMS } from './types.ts';
import { formatShape } from '../shape.ts';
import { fail } from '../diagnostics.ts';

export const concatenate = defineLayer({
  kind: 'Concatenate',
  category: 'Merge',
  description: 'Stacks its inputs along the channel axis; other dimensions must match.',
  namePrefix: 'concatenate',
  params: z.object({ axis: z.literal(-1).default(-1).describe('Axis') }),
  inputs: { min: 2, max: 64 },
  summarize: () => 'channels',
  inferShape(_p, xs) {
    const first = xs[0]!;
    for (const x of xs) {
      const same = x.length === first.length && x.slice(0, -1).every((d, i) => d === first[i]);
      if (!same) {
        fail('SHAPE_MISMATCH', `Concatenate needs equal shapes except the channel axis; received ${xs.map(formatShape).join(' and ')}`);
      }
    }
    return [...first.slice(0, -1), xs.reduce((c, x) => c + x[x.length - 1]!, 0)];
  },
  paramCount: () => NO_PARAMS,
  macs: () => 0,
  explain: (_p, xs, out) => [`channels: ${xs.map((x) => x[x.length - 1]).join(' + ')} = ${out[out.length - 1]}`],
  tfjs: () => ({ factory: 'concatenate', config: { axis: -1 } }),
});
