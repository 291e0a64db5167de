/** Activation (keras.layers.Activation): an element-wise non-linearity, no weights. */
import { z } from 'zod';
import { defineLayer, NO_PARAMS } from './types.ts';
import { activation as activationName, LEAKY_RELU_SLOPE } from './common.ts';

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
  // tfjs has no 'leaky_relu' activation string, so it becomes a LeakyReLU layer. Keras'
  // Activation('leaky_relu') is keras.activations.leaky_relu, whose negative_slope defaults to
  // 0.2 (not the 0.3 of the LeakyReLU layer).
  tfjs: (p) =>
    p.activation === 'leaky_relu'
      ? { factory: 'leakyReLU', config: { alpha: LEAKY_RELU_SLOPE } }
      : { factory: 'activation', config: { activation: p.activation } },
});
