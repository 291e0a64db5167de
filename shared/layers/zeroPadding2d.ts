/** ZeroPadding2D (keras.layers.ZeroPadding2D): adds rows/columns of zeros around the image. */
import { z } from 'zod';
import { defineLayer, NO_PARAMS } from './types.ts';
import { expectImage } from '../shape.ts';

const amount = z.number().int().min(0).max(100_000);

export const zeroPadding2d = defineLayer({
  kind: 'ZeroPadding2D',
  category: 'Reshaping',
  description: 'Pads the image with zeros: (top, bottom) rows and (left, right) columns.',
  namePrefix: 'zero_padding2d',
  params: z.object({
    padding: z
      .tuple([z.tuple([amount, amount]), z.tuple([amount, amount])])
      .default([
        [1, 1],
        [1, 1],
      ])
      .describe('Padding ((top, bottom), (left, right))'),
  }),
  inputs: { min: 1, max: 1 },
  summarize: (p) => {
    const [[t, b], [l, r]] = p.padding;
    return t === b && b === l && l === r ? `${t}` : `(${t},${b}),(${l},${r})`;
  },
  inferShape(p, [x]) {
    const [h, w, c] = expectImage('ZeroPadding2D', x!);
    const [[t, b], [l, r]] = p.padding;
    return [h + t + b, w + l + r, c];
  },
  paramCount: () => NO_PARAMS,
  macs: () => 0,
  explain(p, [x], out) {
    const [[t, b], [l, r]] = p.padding;
    return [`height: ${x![0]} + ${t} + ${b} = ${out[0]}`, `width: ${x![1]} + ${l} + ${r} = ${out[1]}`];
  },
  tfjs: (p) => ({ factory: 'zeroPadding2d', config: { padding: p.padding } }),
});
