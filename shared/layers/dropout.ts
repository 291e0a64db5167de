/** Dropout (keras.layers.Dropout): zeroes a fraction of units while training; identity at test time. */
import { z } from 'zod';
import { defineLayer, NO_PARAMS } from './types.ts';

export const dropout = defineLayer({
  kind: 'Dropout',
  category: 'Regularization',
  description: 'Randomly zeroes a fraction of units during training to reduce overfitting.',
  namePrefix: 'dropout',
  params: z.object({ rate: z.number().min(0).lt(1).default(0.5).describe('Rate') }),
  inputs: { min: 1, max: 1 },
  summarize: (p) => `${p.rate}`,
  inferShape: (_p, [x]) => x!,
  paramCount: () => NO_PARAMS,
  macs: () => 0,
  tfjs: (p) => ({ factory: 'dropout', config: { rate: p.rate } }),
});
