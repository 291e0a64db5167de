/** Flatten (keras.layers.Flatten): one vector per sample, e.g. 32x32x32 -> 32768. */
import { z } from 'zod';
import { formatCount } from './common.ts';
import { defineLayer, NO_PARAMS } from './types.ts';
import { formatShape, numElements } from '../shape.ts';
import { fail } from '../diagnostics.ts';

export const flatten = defineLayer({
  kind: 'Flatten',
  category: 'Reshaping',
  description: 'Unrolls each sample into one vector, e.g. before a Dense layer.',
  namePrefix: 'flatten',
  params: z.object({}),
  inputs: { min: 1, max: 1 },
  summarize: () => '',
  inferShape(_p, [x]) {
    // Keras lets Flatten pass a vector through unchanged, but tfjs' Flatten refuses inputs of
    // rank 1 (inputSpec minNDim 3 with the batch axis), so the model could not be built.
    if (x!.length < 2) {
      fail('RANK_MISMATCH', `Flatten needs an input of 2 or more dimensions; received ${formatShape(x!)}, which is already flat. Remove the Flatten layer`);
    }
    return [numElements(x!)];
  },
  paramCount: () => NO_PARAMS,
  macs: () => 0,
  explain: (_p, [x], out) => [`${formatShape(x!).replaceAll('x', '*')} = ${formatCount(out[0]!)}`],
  tfjs: () => ({ factory: 'flatten', config: {} }),
});
