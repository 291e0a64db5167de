/** Flatten (keras.layers.Flatten): one vector per sample, e.g. 32x32x32 -> 32768. */
import { z } from 'zod';
import { defineLayer, NO_PARAMS } from './types.ts';
import { formatShape, numElements } from '../shape.ts';

export const flatten = defineLayer({
  kind: 'Flatten',
  category: 'Reshaping',
  description: 'Unrolls each sample into one vector, e.g. before a Dense layer.',
  namePrefix: 'flatten',
  params: z.object({}),
  inputs: { min: 1, max: 1 },
  summarize: () => '',
  inferShape: (_p, [x]) => [numElements(x!)],
  paramCount: () => NO_PARAMS,
  macs: () => 0,
  explain: (_p, [x], out) => [`${formatShape(x!).replaceAll('x', '*')} = ${out[0]!.toLocaleString('en-US')}`],
  tfjs: () => ({ factory: 'flatten', config: {} }),
});
