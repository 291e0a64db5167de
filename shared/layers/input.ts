/** Input: the graph's entry point; its shape is the sample shape without the batch dimension. */
import { z } from 'zod';
import { defineLayer, NO_PARAMS } from './types.ts';
import { formatShape } from '../shape.ts';

export const input = defineLayer({
  kind: 'Input',
  category: 'Input',
  description: 'Entry point: the shape of one sample, e.g. 64x64x3 for an RGB image.',
  namePrefix: 'input',
  params: z.object({
    shape: z
      .array(z.number().int().min(1).max(1_000_000))
      .min(1)
      .max(4)
      .default([64, 64, 3])
      .describe('Shape (without batch)'),
  }),
  inputs: { min: 0, max: 0 },
  summarize: (p) => formatShape(p.shape),
  inferShape: (p) => p.shape,
  paramCount: () => NO_PARAMS,
  macs: () => 0,
  tfjs: (p) => ({ factory: 'inputLayer', config: { inputShape: p.shape } }),
});
