/**
 * Conv2D (keras.layers.Conv2D): filters of kernel_size slid over a channels-last image.
 * Output size: floor((n + 2p - d(k-1) - 1)/s) + 1 ('valid' has p = 0; 'same' gives ceil(n/s)).
 * Parameters: (kh*kw*Cin + 1) * filters, the +1 being the bias.
 */
import { z } from 'zod';
import { defineLayer } from './types.ts';
import { formatCount, intPair, KERNEL_INITIALIZER, layerActivation, pairText, padding, positiveInt, windowExplain } from './common.ts';
import { checkStridesWithDilation, expectImage, windowOutput2d } from '../shape.ts';

export const conv2d = defineLayer({
  kind: 'Conv2D',
  category: 'Convolution',
  description: 'Slides learned filters over the image; each filter makes one output channel.',
  namePrefix: 'conv2d',
  params: z.object({
    filters: positiveInt('Filters').default(32),
    kernelSize: intPair('Kernel size').default([3, 3]),
    strides: intPair('Strides').default([1, 1]),
    padding: padding.default('valid'),
    dilationRate: intPair('Dilation rate').default([1, 1]),
    activation: layerActivation.default('linear'),
    useBias: z.boolean().default(true).describe('Use bias'),
  }),
  inputs: { min: 1, max: 1 },
  summarize: (p) =>
    `${pairText(p.kernelSize)}${p.strides[0] !== 1 || p.strides[1] !== 1 ? ` /${p.strides[0]}` : ''} ${p.padding}, ${p.filters}` +
    (p.activation !== 'linear' ? `, ${p.activation}` : ''),
  inferShape(p, [x]) {
    const [h, w] = expectImage('Conv2D', x!);
    checkStridesWithDilation('Conv2D', p.strides, p.dilationRate);
    const [oh, ow] = windowOutput2d('Conv2D', [h, w], p.kernelSize, p.strides, p.padding, p.dilationRate);
    return [oh, ow, p.filters];
  },
  paramCount(p, [x]) {
    const cin = x![2]!;
    return { trainable: (p.kernelSize[0] * p.kernelSize[1] * cin + (p.useBias ? 1 : 0)) * p.filters, nonTrainable: 0 };
  },
  macs: (p, [x], out) => out[0]! * out[1]! * out[2]! * p.kernelSize[0] * p.kernelSize[1] * x![2]!,
  explain(p, [x], out) {
    const cin = x![2]!;
    const bias = p.useBias ? ' + 1' : '';
    const total = (p.kernelSize[0] * p.kernelSize[1] * cin + (p.useBias ? 1 : 0)) * p.filters;
    return [
      ...windowExplain({ kernel: p.kernelSize, strides: p.strides, padding: p.padding, dilation: p.dilationRate }, x!, out),
      `params: (${p.kernelSize[0]}*${p.kernelSize[1]}*${cin}${bias})*${p.filters} = ${formatCount(total)}`,
    ];
  },
  tfjs: (p) => ({
    factory: 'conv2d',
    config: {
      filters: p.filters,
      kernelSize: [...p.kernelSize],
      strides: [...p.strides],
      padding: p.padding,
      dilationRate: [...p.dilationRate],
      activation: p.activation,
      useBias: p.useBias,
      // tfjs defaults to glorotNormal; Keras to glorot_uniform.
      kernelInitializer: KERNEL_INITIALIZER,
    },
  }),
});
