/** Activation (keras.layers.Activation): an element-wise non-linearity, no weights. */
import { z } from 'zod';
import { defineLayer, NO_PARAMS } from './types.ts';
import { activation as activationName } from './common.ts';

export const activation = defineLayer({
  kind: 'Activation',
  category: 'Activation',
  description: 'Applies a non-linearity element by element (relu, sigmoid, softmax, ...).',
  namePrefix: 'activation',
  params: z.object({ activation: activationName.default('relu') }),
  inputs: { min: 1, max: 1 },
  summarize: (p) => p.activation,
  inferShape: (_p, [x]) => x!,
  paramCount: () => NO_PARAMS,
  macs: () => 0,
  // tfjs has no 'leaky_relu' activation string; Keras' LeakyReLU layer (alpha 0.3) is the same function.
  tfjs: (p) =>
    p.activation === 'leaky_relu'
      ? { factory: 'leakyReLU', config: { alpha: 0.3 } }
      : { factory: 'activation', config: { activation: p.activation } },
});
