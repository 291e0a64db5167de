/**
 * Conv2D (keras.layers.Conv2D): filters of kernel_size slid over a channels-last image.
 * Output size: floor((n + 2p - d(k-1) - 1)/s) + 1 ('valid' has p = 0; 'same' gives ceil(n/s)).
 * Parameters: (kh*kw*Cin + 1) * filters, the +1 being the bias.
 */
import { z } from 'zod';
import { defineLayer } from './types.ts';
import { intPair, layerActivation, pairText, padding, positiveInt } from './common.ts';
import { expectImage, windowOutput2d } from '../shape.ts';
import { fail } from '../diagnostics.ts';

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
    // Keras refuses strides > 1 together with dilation > 1.
    if ((p.strides[0] > 1 || p.strides[1] > 1) && (p.dilationRate[0] > 1 || p.dilationRate[1] > 1)) {
      fail('BAD_PARAM', `Conv2D cannot combine strides ${pairText(p.strides)} with dilation ${pairText(p.dilationRate)}; one of them must be 1`);
    }
    const [oh, ow] = windowOutput2d('Conv2D', [h, w], p.kernelSize, p.strides, p.padding, p.dilationRate);
    return [oh, ow, p.filters];
  },
  paramCount(p, [x]) {
    const cin = x![2]!;
    return { trainable: (p.kernelSize[0] * p.kernelSize[1] * cin + (p.useBias ? 1 : 0)) * p.filters, nonTrainable: 0 };
  },
  macs: (p, [x], out) => out[0]! * out[1]! * out[2]! * p.kernelSize[0] * p.kernelSize[1] * x![2]!,
  explain(p, [x], out) {
    const [h, w, cin] = x as [number, number, number];
    const lines: string[] = [];
    const dims = [h, w] as const;
    for (let i = 0; i < 2; i++) {
      const n = dims[i]!;
      const k = p.kernelSize[i]!;
      const s = p.strides[i]!;
      const d = p.dilationRate[i]!;
      const axis = i === 0 ? 'height' : 'width';
      const ext = d === 1 ? `${k}` : `${d}*(${k} - 1) + 1`;
      lines.push(
        p.padding === 'same'
          ? `${axis}: same padding, ceil(${n}/${s}) = ${out[i]}`
          : `${axis}: floor((${n} - ${ext})/${s}) + 1 = ${out[i]}`,
      );
    }
    const bias = p.useBias ? ' + 1' : '';
    const total = (p.kernelSize[0] * p.kernelSize[1] * cin + (p.useBias ? 1 : 0)) * p.filters;
    lines.push(`params: (${p.kernelSize[0]}*${p.kernelSize[1]}*${cin}${bias})*${p.filters} = ${total.toLocaleString('en-US')}`);
    return lines;
  },
  tfjs: (p) => ({
    factory: 'conv2d',
    config: {
      filters: p.filters,
      kernelSize: p.kernelSize,
      strides: p.strides,
      padding: p.padding,
      dilationRate: p.dilationRate,
      activation: p.activation,
      useBias: p.useBias,
    },
  }),
});
