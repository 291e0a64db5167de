/**
 * The shared definition of MaxPooling2D and AveragePooling2D: a window sliding with a stride,
 * output size floor((n - k)/s) + 1 ('valid') or ceil(n/s) ('same'); no weights.
 */
import { z } from 'zod';
import { defineLayer } from './types.ts';
import { intPair, pairText, padding, windowExplain } from './common.ts';
import { expectImage, windowOutput2d } from '../shape.ts';

/** Builds a 2-D pooling kind; Keras' default strides equal the pool size (stored explicitly). */
export function pooling2d(kind: 'MaxPooling2D' | 'AveragePooling2D', namePrefix: string, factory: string, description: string) {
  return defineLayer({
    kind,
    category: 'Pooling',
    description,
    namePrefix,
    params: z.object({
      poolSize: intPair('Pool size').default([2, 2]),
      strides: intPair('Strides').default([2, 2]),
      padding: padding.default('valid'),
    }),
    inputs: { min: 1, max: 1 },
    summarize: (p) => `${pairText(p.poolSize)} /${p.strides[0]}${p.padding === 'same' ? ' same' : ''}`,
    inferShape(p, [x]) {
      const [h, w, c] = expectImage(kind, x!);
      const [oh, ow] = windowOutput2d(kind, [h, w], p.poolSize, p.strides, p.padding);
      return [oh, ow, c];
    },
    paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
    // Comparisons/additions, not multiplications: pooling is counted as 0 MACs, as in the papers.
    macs: () => 0,
    explain: (p, [x], out) => windowExplain({ kernel: p.poolSize, strides: p.strides, padding: p.padding }, x!, out),
    tfjs: (p) => ({ factory, config: { poolSize: [...p.poolSize], strides: [...p.strides], padding: p.padding } }),
  });
}
