/**
 * tfjs classes for dilated depthwise and separable convolutions. tfjs 4's DepthwiseConv2D layer
 * ignores dilationRate (wrong output shape and values), and tfjs has no gradient for depthwise
 * convolutions with dilation > 1, so neither stock layer can train dilated. These subclasses keep
 * Keras' class names, configs and weights; when dilated they convolve with the kernel spread out
 * by zeros - a dilated convolution equals a plain one whose kernel spans d*(k-1)+1 with zero taps
 * in between (same 'same' padding too, as TF pads by that extent) - which every backend can
 * differentiate. Undilated they defer to the stock layer.
 */
import type * as TF from '@tensorflow/tfjs';
import { convOutputLength, type Padding } from '../shape.ts';

type Pair = [number, number];
type LayerClass = new (config: Record<string, unknown>) => TF.layers.Layer;

/** The fields of tfjs' BaseConv that the subclasses read (tfjs keeps them protected). */
interface ConvFields {
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  dilationRate: Pair;
  useBias: boolean;
  bias: TF.LayerVariable | null;
  activation: { apply(x: TF.Tensor): TF.Tensor } | null;
  depthwiseKernel: TF.LayerVariable;
  pointwiseKernel?: TF.LayerVariable;
}

/**
 * A [kh, kw, C, m] kernel spread to [dh*(kh-1)+1, dw*(kw-1)+1, C, m] with zeros between the taps,
 * built from pad/reshape/slice so gradients flow back to the original taps.
 */
export function dilateKernel(tf: typeof TF, kernel: TF.Tensor4D, [dh, dw]: readonly [number, number]): TF.Tensor4D {
  if (dh === 1 && dw === 1) return kernel;
  const [kh, kw, c, m] = kernel.shape;
  const spread = tf.pad(tf.reshape(kernel, [kh, 1, kw, 1, c * m]), [
    [0, 0],
    [0, dh - 1],
    [0, 0],
    [0, dw - 1],
    [0, 0],
  ]);
  return tf.slice(tf.reshape(spread, [kh * dh, kw * dw, c, m]), [0, 0, 0, 0], [dh * (kh - 1) + 1, dw * (kw - 1) + 1, c, m]) as TF.Tensor4D;
}

const isDilated = (f: ConvFields) => f.dilationRate[0] > 1 || f.dilationRate[1] > 1;
const one = (x: TF.Tensor | TF.Tensor[]) => (Array.isArray(x) ? x[0]! : x) as TF.Tensor4D;

/** The depthwise step of both layers with the kernel dilated, plus (separable) the 1x1 step, bias and activation. */
function dilatedCall(tf: typeof TF, f: ConvFields, inputs: TF.Tensor | TF.Tensor[]): TF.Tensor {
  return tf.tidy(() => {
    const kernel = dilateKernel(tf, f.depthwiseKernel.read() as TF.Tensor4D, f.dilationRate);
    let y: TF.Tensor4D = tf.depthwiseConv2d(one(inputs), kernel, f.strides, f.padding);
    if (f.pointwiseKernel) y = tf.conv2d(y, f.pointwiseKernel.read() as TF.Tensor4D, 1, 'valid');
    let out: TF.Tensor = y;
    if (f.useBias && f.bias) out = tf.add(out, f.bias.read());
    if (f.activation) out = f.activation.apply(out);
    return out;
  });
}

/** DepthwiseConv2D that honours dilationRate in its output shape, values and gradient. */
export function makeDepthwiseConv2D(tf: typeof TF): LayerClass {
  const Base = tf.layers.depthwiseConv2d({ kernelSize: 1, name: 'netwright_class_probe' }).constructor as LayerClass;
  class DepthwiseConv2D extends Base {
    static className = 'DepthwiseConv2D';
    override call(inputs: TF.Tensor | TF.Tensor[], kwargs: Record<string, unknown>): TF.Tensor | TF.Tensor[] {
      const f = this as unknown as ConvFields;
      return isDilated(f) ? dilatedCall(tf, f, inputs) : super.call(inputs, kwargs);
    }
    override computeOutputShape(inputShape: TF.Shape | TF.Shape[]): TF.Shape | TF.Shape[] {
      const f = this as unknown as ConvFields;
      const out = [...(super.computeOutputShape(inputShape) as TF.Shape)];
      const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as TF.Shape;
      for (const i of [0, 1]) {
        const n = s[i + 1];
        out[i + 1] = n == null ? null : convOutputLength(n, f.kernelSize[i]!, f.strides[i]!, f.padding, f.dilationRate[i]!);
      }
      return out;
    }
  }
  return DepthwiseConv2D;
}

/**
 * SeparableConv2D whose dilated form can train (stock tfjs has no gradient for it) and whose config
 * keeps depthMultiplier (tfjs 4.22's getConfig drops it, so a saved model reloads with multiplier 1
 * and its weights no longer fit).
 */
export function makeSeparableConv2D(tf: typeof TF): LayerClass {
  const Base = tf.layers.separableConv2d({ filters: 1, kernelSize: 1, name: 'netwright_class_probe' }).constructor as LayerClass;
  class SeparableConv2D extends Base {
    static className = 'SeparableConv2D';
    override call(inputs: TF.Tensor | TF.Tensor[], kwargs: Record<string, unknown>): TF.Tensor | TF.Tensor[] {
      const f = this as unknown as ConvFields;
      return isDilated(f) ? dilatedCall(tf, f, inputs) : super.call(inputs, kwargs);
    }
    override getConfig(): TF.serialization.ConfigDict {
      return { ...super.getConfig(), depthMultiplier: (this as unknown as { depthMultiplier: number }).depthMultiplier };
    }
  }
  return SeparableConv2D;
}
