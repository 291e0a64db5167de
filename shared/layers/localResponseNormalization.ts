/**
 * LocalResponseNormalization (AlexNet, Krizhevsky et al. 2012, section 3.3): each value divided by
 * (bias + alpha * sum of squares over depthRadius neighbouring channels on each side)^beta,
 * i.e. tf.nn.local_response_normalization. Keras has no such layer and tfjs only the op, so this
 * file also provides a serializable tfjs layer class of that name. No weights.
 */
import { z } from 'zod';
import type * as TF from '@tensorflow/tfjs';
import { defineLayer, NO_PARAMS } from './types.ts';
import { expectImage } from '../shape.ts';
import { registerCustomLayer } from '../compile/customLayers.ts';

const CLASS_NAME = 'LocalResponseNormalization';

/** AlexNet's constants: n = 5 neighbouring channels (radius 2), k = 2, alpha = 1e-4, beta = 0.75. */
export const LRN_DEFAULTS = { depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75 } as const;

type LrnConfig = { depthRadius: number; bias: number; alpha: number; beta: number };

/** The tfjs layer class: identity shape, tf.localResponseNormalization in call, config round-trips. */
function makeLrnClass(tf: typeof TF) {
  class LocalResponseNormalization extends tf.layers.Layer {
    static className = CLASS_NAME;
    readonly lrn: LrnConfig;
    constructor(config: Record<string, unknown>) {
      super(config);
      const num = (key: keyof LrnConfig) => (typeof config[key] === 'number' ? (config[key] as number) : LRN_DEFAULTS[key]);
      this.lrn = { depthRadius: num('depthRadius'), bias: num('bias'), alpha: num('alpha'), beta: num('beta') };
    }
    override computeOutputShape(inputShape: TF.Shape | TF.Shape[]): TF.Shape | TF.Shape[] {
      return inputShape;
    }
    override call(inputs: TF.Tensor | TF.Tensor[]): TF.Tensor {
      return tf.tidy(() => {
        const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as TF.Tensor4D;
        const { depthRadius, bias, alpha, beta } = this.lrn;
        return tf.localResponseNormalization(x, depthRadius, bias, alpha, beta);
      });
    }
    override getConfig(): TF.serialization.ConfigDict {
      return { ...super.getConfig(), ...this.lrn };
    }
  }
  return LocalResponseNormalization;
}

registerCustomLayer(CLASS_NAME, makeLrnClass);

export const localResponseNormalization = defineLayer({
  kind: 'LocalResponseNormalization',
  category: 'Normalization',
  description: 'Divides each value by the energy of its neighbouring channels (AlexNet, n=5, k=2).',
  namePrefix: 'local_response_normalization',
  params: z.object({
    depthRadius: z.number().int().min(0).max(1000).describe('Depth radius (n = 2r + 1 channels)').default(LRN_DEFAULTS.depthRadius),
    bias: z.number().positive().max(1e6).describe('Bias (k)').default(LRN_DEFAULTS.bias),
    alpha: z.number().min(0).max(1e6).describe('Alpha').default(LRN_DEFAULTS.alpha),
    beta: z.number().min(0).max(100).describe('Beta').default(LRN_DEFAULTS.beta),
  }),
  inputs: { min: 1, max: 1 },
  summarize: (p) => `n=${2 * p.depthRadius + 1}, k=${p.bias}`,
  inferShape(_p, [x]) {
    expectImage('LocalResponseNormalization', x!);
    return x!;
  },
  paramCount: () => NO_PARAMS,
  // The sum of squares: one multiply-add per neighbouring channel and output value.
  macs: (p, _i, out) => out.reduce((a, b) => a * b, 1) * (2 * p.depthRadius + 1),
  explain: (p, [x]) => [
    `b = a / (${p.bias} + ${p.alpha}*sum of a^2 over ${2 * p.depthRadius + 1} channels)^${p.beta}`,
    `shape unchanged: ${x!.join('x')}`,
  ],
  tfjs: (p) => ({
    factory: CLASS_NAME,
    config: { depthRadius: p.depthRadius, bias: p.bias, alpha: p.alpha, beta: p.beta },
  }),
});
