/**
 * Lazy gradients for tf.fused.conv2d / depthwiseConv2d, which tf.layers use for every
 * convolution with a linear activation (Conv -> BatchNorm). tfjs builds them with customGrad,
 * which computes the input, filter and bias gradients eagerly even when the input needs none
 * (the first layer, whose input is the data). Here the same forward kernel is recorded with one
 * gradient thunk per input, so the tape's pruning skips the unneeded ones. Only the training
 * case (tape on, linear activation, NHWC, rank-1 bias) is taken over; everything else goes to
 * tfjs' own implementation, and the maths is unchanged.
 */
import type * as TF from '@tensorflow/tfjs';

type Tensor = TF.Tensor;
type Tensor4D = TF.Tensor4D;
type FusedConvArgs = Parameters<typeof TF.fused.conv2d>[0];

interface EngineInternals {
  state: { gradientDepth: number };
  runKernelFunc(params: {
    forwardFunc: (backend: unknown, save: (tensors: Tensor[]) => void) => Tensor;
    backwardsFunc: (dy: Tensor, saved: Tensor[]) => Record<string, () => Tensor>;
    inputs: Record<string, Tensor>;
  }): Tensor;
  runKernel(name: string, inputs: Record<string, Tensor>, attrs: Record<string, unknown>): Tensor;
}

function isOne(v: number | [number, number] | undefined): boolean {
  return v == null || (typeof v === 'number' ? v === 1 : v[0] === 1 && v[1] === 1);
}

function makeLazy(tf: typeof TF, depthwise: boolean, original: (args: FusedConvArgs) => Tensor, active: () => boolean) {
  const engine = tf.engine() as unknown as EngineInternals;
  const [forwardKernel, inputGradKernel, filterGradKernel] = depthwise
    ? ['FusedDepthwiseConv2D', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter']
    : ['FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'];
  return (args: FusedConvArgs): Tensor => {
    const { x, filter, bias } = args;
    const activation = args.activation ?? 'linear';
    const usable =
      active() && engine.state.gradientDepth > 0 && activation === 'linear' && (args.dataFormat ?? 'NHWC') === 'NHWC' &&
      isOne(args.dilations) && x instanceof tf.Tensor && x.rank === 4 && filter instanceof tf.Tensor &&
      (bias == null || (bias instanceof tf.Tensor && bias.rank === 1));
    if (!usable) return original(args);
    const x4 = x as Tensor4D;
    const f4 = filter as Tensor4D;
    const b = bias as Tensor | undefined;
    const convAttrs = { strides: args.strides, pad: args.pad, dataFormat: 'NHWC', dilations: args.dilations ?? [1, 1], dimRoundingMode: args.dimRoundingMode };
    const inputs: Record<string, Tensor> = b ? { x: x4, filter: f4, bias: b } : { x: x4, filter: f4 };
    return engine.runKernelFunc({
      inputs,
      forwardFunc: (_backend, save) => {
        save([x4, f4]);
        return engine.runKernel(forwardKernel, inputs, { ...convAttrs, activation: 'linear' });
      },
      backwardsFunc: (dy, saved) => {
        const [sx, sf] = saved as [Tensor4D, Tensor4D];
        const grads: Record<string, () => Tensor> = {
          x: () => engine.runKernel(inputGradKernel, { dy, filter: sf }, { ...convAttrs, inputShape: sx.shape }),
          filter: () => engine.runKernel(filterGradKernel, { x: sx, dy }, { ...convAttrs, filterShape: sf.shape }),
        };
        if (b) grads.bias = () => tf.sum(dy, [0, 1, 2]);
        return grads;
      },
    });
  };
}

/** Swaps in the lazy versions while `active()` holds; returns a function that undoes it. */
export function installLazyFusedGradients(tf: typeof TF, active: () => boolean): () => void {
  const fused = tf.fused as { conv2d: typeof TF.fused.conv2d; depthwiseConv2d: typeof TF.fused.depthwiseConv2d };
  const conv2d = fused.conv2d;
  const depthwiseConv2d = fused.depthwiseConv2d;
  fused.conv2d = makeLazy(tf, false, conv2d as (a: FusedConvArgs) => Tensor, active) as typeof conv2d;
  fused.depthwiseConv2d = makeLazy(tf, true, depthwiseConv2d as (a: FusedConvArgs) => Tensor, active) as typeof depthwiseConv2d;
  return () => {
    fused.conv2d = conv2d;
    fused.depthwiseConv2d = depthwiseConv2d;
  };
}
