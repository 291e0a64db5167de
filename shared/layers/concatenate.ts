/**
 * Concatenate (keras.layers.Concatenate) on the channel axis: the Inception join. All other
 * dimensions must match; channels add up. Keras files name that axis -1 or, counting the batch,
 * by its position (3 for images: keras.applications' InceptionV3 and DenseNet121); both are kept.
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
  params: z.object({ axis: z.number().int().default(-1).describe('Axis (channels: -1, or the rank with the batch)') }),
  inputs: { min: 2, max: 64 },
  summarize: () => 'channels',
  inferShape(p, xs) {
    const first = xs[0]!;
    // The batch is axis 0, so a shape of rank r has its channels at -1 and at r.
    if (p.axis !== -1 && p.axis !== first.length) {
      fail('BAD_PARAM', `Concatenate joins along the channel axis (-1 or ${first.length} for ${formatShape(first)} inputs); received axis ${p.axis}`, 'axis');
    }
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
  tfjs: (p) => ({ factory: 'concatenate', config: { axis: p.axis } }),
});
