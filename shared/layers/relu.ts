/** ReLU (keras.layers.ReLU): max(x, 0), optionally capped (max_value 6 gives ReLU6). */
import { z } from 'zod';
import { defineLayer, NO_PARAMS } from './types.ts';

export const relu = defineLayer({
  kind: 'ReLU',
  category: 'Activation',
  description: 'Rectified linear unit, max(x, 0), as a layer of its own.',
  namePrefix: 're_lu',
  params: z.object({
    maxValue: z.number().min(0).nullable().default(null).describe('Max value (empty: no cap)'),
  }),
  inputs: { min: 1, max: 1 },
  summarize: (p) => (p.maxValue === null ? '' : `max ${p.maxValue}`),
  inferShape: (_p, [x]) => x!,
  paramCount: () => NO_PARAMS,
  macs: () => 0,
  tfjs: (p) => ({ factory: 'reLU', config: p.maxValue === null ? {} : { maxValue: p.maxValue } }),
});
