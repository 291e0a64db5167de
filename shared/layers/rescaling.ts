/**
 * Rescaling (keras.layers.Rescaling): x * scale + offset, the preprocessing step at the top of
 * keras.applications models built with include_preprocessing (EfficientNet, ConvNeXt, ...).
 * No weights; one scale for every channel (Keras also allows one per channel, not kept here).
 */
import { z } from 'zod';
import { defineLayer, NO_PARAMS } from './types.ts';

export const rescaling = defineLayer({
  kind: 'Rescaling',
  category: 'Normalization',
  description: 'Scales and shifts every value: x * scale + offset (e.g. 1/255 maps pixels to 0..1).',
  namePrefix: 'rescaling',
  params: z.object({
    scale: z.number().finite().default(1 / 255).describe('Scale'),
    offset: z.number().finite().default(0).describe('Offset'),
  }),
  inputs: { min: 1, max: 1 },
  summarize: (p) => `×${Number(p.scale.toPrecision(4))}${p.offset === 0 ? '' : ` ${p.offset < 0 ? '-' : '+'} ${Math.abs(p.offset)}`}`,
  inferShape: (_p, [x]) => x!,
  paramCount: () => NO_PARAMS,
  // One multiply per value, as Keras' summary counts no MACs for it.
  macs: () => 0,
  tfjs: (p) => ({ factory: 'rescaling', config: { scale: p.scale, offset: p.offset } }),
});
