/**
 * Dense (keras.layers.Dense): a fully connected layer on the last axis.
 * Parameters: (units_in + 1) * units, the +1 being the bias.
 */
import { z } from 'zod';
import { defineLayer } from './types.ts';
import { formatCount, KERNEL_INITIALIZER, layerActivation, positiveInt } from './common.ts';
import { formatShape, numElements } from '../shape.ts';
import { fail } from '../diagnostics.ts';

export const dense = defineLayer({
  kind: 'Dense',
  category: 'Core',
  description: 'Fully connected layer: every input unit feeds every output unit.',
  namePrefix: 'dense',
  params: z.object({
    units: positiveInt('Units').default(10),
    activation: layerActivation.default('linear'),
    useBias: z.boolean().default(true).describe('Use bias'),
  }),
  inputs: { min: 1, max: 1 },
  summarize: (p) => `${p.units}${p.activation !== 'linear' ? `, ${p.activation}` : ''}`,
  inferShape(p, [x]) {
    // Keras applies Dense to the last axis of any rank; on an image that is rarely what people
    // mean, so say so (the editor offers "insert Flatten").
    if (x!.length !== 1) {
      fail(
        'RANK_MISMATCH',
        `Dense expects a flat vector; received ${formatShape(x!)}. Insert a Flatten or global pooling layer before it`,
      );
    }
    return [p.units];
  },
  paramCount: (p, [x]) => ({ trainable: (x![x!.length - 1]! + (p.useBias ? 1 : 0)) * p.units, nonTrainable: 0 }),
  macs: (p, [x]) => numElements(x!) * p.units,
  explain(p, [x]) {
    const n = x![x!.length - 1]!;
    const total = (n + (p.useBias ? 1 : 0)) * p.units;
    return [`params: (${n}${p.useBias ? ' + 1' : ''})*${p.units} = ${formatCount(total)}`];
  },
  // tfjs defaults the kernel to glorotNormal; Keras to glorot_uniform.
  tfjs: (p) => ({
    factory: 'dense',
    config: { units: p.units, activation: p.activation, useBias: p.useBias, kernelInitializer: KERNEL_INITIALIZER },
  }),
});
