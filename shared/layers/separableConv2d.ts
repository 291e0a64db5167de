/**
 * SeparableConv2D (keras.layers.SeparableConv2D): a depthwise convolution (each channel on its
 * own, depth_multiplier filters each) followed by a 1x1 pointwise convolution to `filters`
 * channels (Xception). Parameters: kh*kw*Cin*m + Cin*m*filters + filters bias.
 */
import { z } from 'zod';
import { defineLayer } from './types.ts';
import { formatCount, intPair, KERNEL_INITIALIZER, layerActivation, pairText, padding, positiveInt, windowExplain } from './common.ts';
import { checkStridesWithDilation, expectImage, windowOutput2d } from '../shape.ts';
import { registerCustomLayer } from '../compile/customLayers.ts';
import { makeSeparableConv2D } from './dilatedConv.ts';

// Replaces tfjs' own SeparableConv2D in the serialization map: same config, dilated form trains.
registerCustomLayer('SeparableConv2D', makeSeparableConv2D);

export const separableConv2d = defineLayer({
  kind: 'SeparableConv2D',
  category: 'Convolution',
  description: 'A per-channel (depthwise) convolution followed by a 1x1 convolution that mixes channels (Xception).',
  namePrefix: 'separable_conv2d',
  params: z.object({
    filters: positiveInt('Filters').default(32),
    kernelSize: intPair('Kernel size').default([3, 3]),
    strides: intPair('Strides').default([1, 1]),
    padding: padding.default('valid'),
    depthMultiplier: positiveInt('Depth multiplier').default(1),
    dilationRate: intPair('Dilation rate').default([1, 1]),
    activation: layerActivation.default('linear'),
    useBias: z.boolean().default(true).describe('Use bias'),
  }),
  inputs: { min: 1, max: 1 },
  summarize: (p) =>
    `${pairText(p.kernelSize)}${p.strides[0] !== 1 || p.strides[1] !== 1 ? ` /${p.strides[0]}` : ''} ${p.padding}, ${p.filters}` +
    (p.depthMultiplier !== 1 ? `, x${p.depthMultiplier}` : '') +
    (p.activation !== 'linear' ? `, ${p.activation}` : ''),
  inferShape(p, [x]) {
    const [h, w] = expectImage('SeparableConv2D', x!);
    checkStridesWithDilation('SeparableConv2D', p.strides, p.dilationRate);
    const [oh, ow] = windowOutput2d('SeparableConv2D', [h, w], p.kernelSize, p.strides, p.padding, p.dilationRate);
    return [oh, ow, p.filters];
  },
  paramCount(p, [x]) {
    const cm = x![2]! * p.depthMultiplier;
    return { trainable: p.kernelSize[0] * p.kernelSize[1] * cm + cm * p.filters + (p.useBias ? p.filters : 0), nonTrainable: 0 };
  },
  // Depthwise OH*OW*Cin*m*kh*kw plus pointwise OH*OW*Cin*m*filters.
  macs(p, [x], out) {
    const cm = x![2]! * p.depthMultiplier;
    return out[0]! * out[1]! * cm * (p.kernelSize[0] * p.kernelSize[1] + p.filters);
  },
  explain(p, [x], out) {
    const cin = x![2]!;
    const m = p.depthMultiplier;
    const [kh, kw] = p.kernelSize;
    const total = kh * kw * cin * m + cin * m * p.filters + (p.useBias ? p.filters : 0);
    return [
      ...windowExplain({ kernel: p.kernelSize, strides: p.strides, padding: p.padding, dilation: p.dilationRate }, x!, out),
      `params: depthwise ${kh}*${kw}*${cin}*${m} + pointwise ${cin}*${m}*${p.filters}${p.useBias ? ` + bias ${p.filters}` : ''} = ${formatCount(total)}`,
    ];
  },
  tfjs: (p) => ({
    // Stock tfjs runs dilated separable convolutions forward but has no gradient for them, and
    // its saved config drops depthMultiplier: our class (dilatedConv.ts) covers both.
    factory: p.dilationRate[0] > 1 || p.dilationRate[1] > 1 || p.depthMultiplier !== 1 ? 'SeparableConv2D' : 'separableConv2d',
    config: {
      filters: p.filters,
      kernelSize: [...p.kernelSize],
      strides: [...p.strides],
      padding: p.padding,
      depthMultiplier: p.depthMultiplier,
      dilationRate: [...p.dilationRate],
      activation: p.activation,
      useBias: p.useBias,
      // Keras' glorot_uniform for both kernels (tfjs reads pointwiseInitializer from this field too).
      depthwiseInitializer: KERNEL_INITIALIZER,
      pointwiseInitializer: KERNEL_INITIALIZER,
    },
  }),
});
