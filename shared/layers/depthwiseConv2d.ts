/**
 * DepthwiseConv2D (keras.layers.DepthwiseConv2D): each input channel convolved with its own
 * depth_multiplier filters; no mixing across channels (MobileNet). Output channels Cin*m.
 * Parameters: kh*kw*Cin*m kernel + Cin*m bias. Output size as Conv2D.
 */
import { z } from 'zod';
import { defineLayer } from './types.ts';
import { formatCount, intPair, KERNEL_INITIALIZER, layerActivation, pairText, padding, positiveInt, windowExplain } from './common.ts';
import { checkStridesWithDilation, expectImage, windowOutput2d } from '../shape.ts';
import { registerCustomLayer } from '../compile/customLayers.ts';
import { makeDepthwiseConv2D } from './dilatedConv.ts';

// Replaces tfjs' own DepthwiseConv2D in the serialization map: same config, dilation honoured.
registerCustomLayer('DepthwiseConv2D', makeDepthwiseConv2D);

export const depthwiseConv2d = defineLayer({
  kind: 'DepthwiseConv2D',
  category: 'Convolution',
  description: 'Convolves every channel separately with its own small filters (MobileNet); channels do not mix.',
  namePrefix: 'depthwise_conv2d',
  params: z.object({
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
    `${pairText(p.kernelSize)}${p.strides[0] !== 1 || p.strides[1] !== 1 ? ` /${p.strides[0]}` : ''} ${p.padding}` +
    (p.depthMultiplier !== 1 ? `, x${p.depthMultiplier}` : '') +
    (p.activation !== 'linear' ? `, ${p.activation}` : ''),
  inferShape(p, [x]) {
    const [h, w, c] = expectImage('DepthwiseConv2D', x!);
    checkStridesWithDilation('DepthwiseConv2D', p.strides, p.dilationRate);
    const [oh, ow] = windowOutput2d('DepthwiseConv2D', [h, w], p.kernelSize, p.strides, p.padding, p.dilationRate);
    return [oh, ow, c * p.depthMultiplier];
  },
  paramCount(p, [x]) {
    const cm = x![2]! * p.depthMultiplier;
    return { trainable: p.kernelSize[0] * p.kernelSize[1] * cm + (p.useBias ? cm : 0), nonTrainable: 0 };
  },
  // OH*OW*Cin*m*kh*kw: every output value is one kh x kw window of one channel.
  macs: (p, [x], out) => out[0]! * out[1]! * x![2]! * p.depthMultiplier * p.kernelSize[0] * p.kernelSize[1],
  explain(p, [x], out) {
    const cin = x![2]!;
    const m = p.depthMultiplier;
    const kernel = p.kernelSize[0] * p.kernelSize[1] * cin * m;
    return [
      ...windowExplain({ kernel: p.kernelSize, strides: p.strides, padding: p.padding, dilation: p.dilationRate }, x!, out),
      `channels: ${cin}*${m} = ${cin * m}`,
      `params: ${p.kernelSize[0]}*${p.kernelSize[1]}*${cin}*${m}${p.useBias ? ` + ${cin}*${m}` : ''} = ${formatCount(kernel + (p.useBias ? cin * m : 0))}`,
    ];
  },
  tfjs: (p) => ({
    // tfjs' stock layer ignores dilation; the registered subclass honours it.
    factory: p.dilationRate[0] > 1 || p.dilationRate[1] > 1 ? 'DepthwiseConv2D' : 'depthwiseConv2d',
    config: {
      kernelSize: [...p.kernelSize],
      strides: [...p.strides],
      padding: p.padding,
      depthMultiplier: p.depthMultiplier,
      dilationRate: [...p.dilationRate],
      activation: p.activation,
      useBias: p.useBias,
      // tfjs defaults to glorotNormal; Keras to glorot_uniform.
      depthwiseInitializer: KERNEL_INITIALIZER,
    },
  }),
});
