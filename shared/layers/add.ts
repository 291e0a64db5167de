/**
 * Add (keras.layers.Add): element-wise sum, the ResNet shortcut join. Shapes combine the way
 * Keras' Merge._compute_elemwise_op_output_shape combines them: aligned at the last axis, equal
 * sizes or a size of 1 (which broadcasts); a shorter shape gains leading axes.
 */
import { z } from 'zod';
import { defineLayer, NO_PARAMS } from './types.ts';
import { formatShape, type Shape } from '../shape.ts';
import { fail } from '../diagnostics.ts';

/** Keras' broadcast of two shapes for element-wise merges, or undefined when incompatible. */
export function elementwiseShape(a: Shape, b: Shape): Shape | undefined {
  if (a.length < b.length) return elementwiseShape(b, a);
  const out = a.slice(0, a.length - b.length);
  for (let i = 0; i < b.length; i++) {
    const x = a[a.length - b.length + i]!;
    const y = b[i]!;
    if (x !== y && x !== 1 && y !== 1) return undefined;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/**
 * The output of an element-wise merge (Add, Multiply) of `xs`: their broadcast, or a
 * SHAPE_MISMATCH naming the kind and every input shape.
 */
export function mergeShape(kind: string, xs: readonly Shape[]): Shape {
  let out: Shape | undefined = xs[0]!;
  for (const x of xs.slice(1)) {
    out = out && elementwiseShape(out, x);
    if (!out) fail('SHAPE_MISMATCH', `${kind} needs equal shapes (or a size of 1 that broadcasts); received ${xs.map(formatShape).join(' and ')}`);
  }
  return out!;
}

export const add = defineLayer({
  kind: 'Add',
  category: 'Merge',
  description: 'Sums its inputs element by element; shapes must match (a size of 1 broadcasts).',
  namePrefix: 'add',
  params: z.object({}),
  inputs: { min: 2, max: 64 },
  summarize: () => '+',
  inferShape: (_p, xs) => mergeShape('Add', xs),
  paramCount: () => NO_PARAMS,
  macs: () => 0,
  tfjs: () => ({ factory: 'add', config: {} }),
});
