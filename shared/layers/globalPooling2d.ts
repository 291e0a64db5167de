/**
 * The shared definition of GlobalAveragePooling2D and GlobalMaxPooling2D: one value per channel
 * over the whole height x width, so H x W x C becomes C; no weights.
 */
import { z } from 'zod';
import { defineLayer, NO_PARAMS } from './types.ts';
import { expectImage } from '../shape.ts';

/** Builds a global 2-D pooling kind (Keras data_format channels_last, keepdims false). */
export function globalPooling2d(
  kind: 'GlobalAveragePooling2D' | 'GlobalMaxPooling2D',
  namePrefix: string,
  factory: string,
  description: string,
) {
  const what = kind === 'GlobalAveragePooling2D' ? 'mean' : 'max';
  return defineLayer({
    kind,
    category: 'Pooling',
    description,
    namePrefix,
    params: z.object({}),
    inputs: { min: 1, max: 1 },
    summarize: () => what,
    inferShape(_p, [x]) {
      const [, , c] = expectImage(kind, x!);
      return [c];
    },
    paramCount: () => NO_PARAMS,
    // Additions or comparisons only: counted as 0 MACs, like the windowed pooling kinds.
    macs: () => 0,
    explain: (_p, [x]) => [`${what} over ${x![0]}x${x![1]} per channel: ${x![0]}x${x![1]}x${x![2]} -> ${x![2]}`],
    tfjs: () => ({ factory, config: {} }),
  });
}
