/**
 * BatchNormalization (keras.layers.BatchNormalization) on the channel axis.
 * Keras keeps 4 vectors per channel: gamma and beta (trainable), moving mean and moving
 * variance (non-trainable) - so 4*C parameters, 2*C of them non-trainable.
 */
import { z } from 'zod';
import { formatCount } from './common.ts';
import { defineLayer } from './types.ts';

export const batchNormalization = defineLayer({
  kind: 'BatchNormalization',
  category: 'Normalization',
  description: 'Normalises each channel over the batch, then scales and shifts it (gamma, beta).',
  namePrefix: 'batch_normalization',
  params: z.object({
    momentum: z.number().min(0).max(1).default(0.99).describe('Momentum'),
    epsilon: z.number().positive().max(1).default(0.001).describe('Epsilon'),
    center: z.boolean().default(true).describe('Center (beta)'),
    scale: z.boolean().default(true).describe('Scale (gamma)'),
  }),
  inputs: { min: 1, max: 1 },
  summarize: () => 'axis -1',
  inferShape: (_p, [x]) => x!,
  paramCount(p, [x]) {
    const c = x![x!.length - 1]!;
    return { trainable: c * ((p.center ? 1 : 0) + (p.scale ? 1 : 0)), nonTrainable: 2 * c };
  },
  // Inference cost: one multiply-add per element (scale and shift folded together).
  macs: (_p, _i, out) => out.reduce((a, b) => a * b, 1),
  explain(p, [x]) {
    const c = x![x!.length - 1]!;
    const t = (p.center ? 1 : 0) + (p.scale ? 1 : 0);
    return [`params: ${t + 2}*${c} = ${formatCount((t + 2) * c)} (${t * c} trainable gamma/beta, ${2 * c} non-trainable moving mean/variance)`];
  },
  tfjs: (p) => ({
    factory: 'batchNormalization',
    config: { axis: -1, momentum: p.momentum, epsilon: p.epsilon, center: p.center, scale: p.scale },
  }),
});
