/**
 * Reshape (keras.layers.Reshape): the same values in a new shape (batch axis untouched).
 * One entry may be -1: Keras works it out as (number of input values) / (product of the rest).
 */
import { z } from 'zod';
import type * as TF from '@tensorflow/tfjs';
import { defineLayer, NO_PARAMS } from './types.ts';
import { registerCustomLayer } from '../compile/customLayers.ts';
import { formatCount } from './common.ts';
import { formatShape, numElements } from '../shape.ts';
import { fail } from '../diagnostics.ts';

/**
 * tfjs 4's Reshape leaves a -1 unresolved (null) in its symbolic output shape whenever the batch
 * size is unknown, i.e. always, so e.g. Reshape([-1]) -> Dense cannot be built. Keras resolves it
 * from the known sample dimensions; this subclass (same class name and config) does too.
 */
function makeReshapeClass(tf: typeof TF) {
  const Base = tf.layers.reshape({ targetShape: [1], name: 'netwright_class_probe' }).constructor as new (
    config: Record<string, unknown>,
  ) => TF.layers.Layer & { targetShape: (number | null)[] };
  class Reshape extends Base {
    static className = 'Reshape';
    override computeOutputShape(inputShape: TF.Shape | TF.Shape[]): TF.Shape | TF.Shape[] {
      const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as TF.Shape;
      const sample = s.slice(1);
      if (sample.some((d) => d == null)) return super.computeOutputShape(inputShape);
      const size = (sample as number[]).reduce((a, b) => a * b, 1);
      const known = this.targetShape.reduce<number>((a, d) => (d == null || d < 0 ? a : a * d), 1);
      return [s[0] ?? null, ...this.targetShape.map((d) => (d == null || d < 0 ? size / known : d))];
    }
  }
  return Reshape;
}

registerCustomLayer('Reshape', makeReshapeClass);

const dim = z
  .number()
  .int()
  .min(-1)
  .max(1_000_000)
  .refine((v) => v !== 0, { message: 'must be a positive size or -1' });

export const reshape = defineLayer({
  kind: 'Reshape',
  category: 'Reshaping',
  description: 'Rearranges each sample into a new shape with the same number of values; one size may be -1.',
  namePrefix: 'reshape',
  params: z.object({
    targetShape: z
      .array(dim)
      .min(1)
      .max(6)
      .refine((s) => s.filter((d) => d === -1).length <= 1, { message: 'may hold -1 only once (Keras infers one size)' })
      .describe('Target shape (without batch; one -1 allowed)')
      .default([-1]),
  }),
  inputs: { min: 1, max: 1 },
  summarize: (p) => formatShape(p.targetShape),
  inferShape(p, [x]) {
    const size = numElements(x!);
    const known = p.targetShape.reduce((a, d) => (d === -1 ? a : a * d), 1);
    const wildcard = p.targetShape.indexOf(-1);
    if (wildcard >= 0) {
      if (size % known !== 0) {
        fail(
          'RESHAPE_SIZE',
          `Reshape cannot turn ${formatShape(x!)} (${formatCount(size)} values) into ${formatShape(p.targetShape)}: ${formatCount(size)} is not a multiple of ${formatCount(known)}`,
        );
      }
      return p.targetShape.map((d) => (d === -1 ? size / known : d));
    }
    if (known !== size) {
      fail(
        'RESHAPE_SIZE',
        `Reshape cannot turn ${formatShape(x!)} (${formatCount(size)} values) into ${formatShape(p.targetShape)} (${formatCount(known)} values); the sizes must multiply to the same number`,
      );
    }
    return p.targetShape;
  },
  paramCount: () => NO_PARAMS,
  macs: () => 0,
  explain(p, [x], out) {
    const size = numElements(x!);
    const lines = [`${formatShape(x!).replaceAll('x', '*')} = ${formatCount(size)} values`];
    const wildcard = p.targetShape.indexOf(-1);
    if (wildcard >= 0) {
      const rest = p.targetShape.filter((d) => d !== -1);
      lines.push(`-1 = ${formatCount(size)}${rest.length ? `/(${rest.join('*')})` : ''} = ${formatCount(out[wildcard]!)}`);
    }
    return lines;
  },
  // A copy: tfjs' Reshape rewrites -1 entries of the array it is given. With a -1, the subclass
  // above (tfjs' own cannot resolve it in the symbolic shape).
  tfjs: (p) => ({ factory: p.targetShape.includes(-1) ? 'Reshape' : 'reshape', config: { targetShape: [...p.targetShape] } }),
});
