/**
 * Training-time BatchNormalization in few passes. tf.layers normalises a batch with
 * tf.moments (mean, subtract, square, mean: each op and its gradient a pass over the
 * activations, plus ones() and Tile in the gradients) followed by FusedBatchNorm. Here
 * tf.moments of a float32 tensor over all axes but the last is one kernel (two passes) whose
 * gradient is one pass, and FusedBatchNorm's gradient shares one reduction pass between
 * mean, variance, scale and offset and broadcasts instead of tiling. Same formulas as tfjs.
 */
import type * as TF from '@tensorflow/tfjs';
import { batchNormReduce, moments, momentsGrad } from '../kernels/batchNormKernels.ts';
import type { HeapBackend } from '../kernels/heapKernels.ts';
import type { TensorInfo } from '../kernels/kit.ts';
import { tfjsCoreExports } from './coreExports.ts';

const MOMENTS = 'FastCpuMoments';
const MOMENTS_GRAD = 'FastCpuMomentsGrad';
const BN_REDUCE = 'FastCpuBatchNormReduce';

type Tensor = TF.Tensor;
type Moments = typeof TF.moments;

interface EngineInternals {
  runKernel(name: string, inputs: Record<string, Tensor>, attrs: Record<string, unknown>): Tensor | Tensor[];
}

function heap(backend: unknown): HeapBackend {
  return backend as HeapBackend;
}

/** True when `axes` are all axes of a rank-`rank` tensor but the last. */
function allButLast(axes: number[], rank: number): boolean {
  const sorted = [...axes].map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
  return rank >= 2 && sorted.length === rank - 1 && sorted.every((a, i) => a === i);
}

export function installBatchNorm(tf: typeof TF, backendName: string, active: () => boolean): () => void {
  const engine = tf.engine() as unknown as EngineInternals;
  tf.registerKernel({
    kernelName: MOMENTS,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const x = inputs.x as TensorInfo;
      const c = x.shape[x.shape.length - 1]!;
      const shape = (attrs as { keepDims: boolean }).keepDims ? [...x.shape.slice(0, -1).map(() => 1), c] : [c];
      return moments(heap(backend), x, shape);
    },
  });
  tf.registerKernel({
    kernelName: MOMENTS_GRAD,
    backendName,
    kernelFunc: ({ inputs, backend }) => {
      const { x, mean, dMean, dVar } = inputs as Record<string, TensorInfo>;
      return momentsGrad(heap(backend), x!, mean!, dMean!, dVar!);
    },
  });
  tf.registerKernel({
    kernelName: BN_REDUCE,
    backendName,
    kernelFunc: ({ inputs, backend }) => {
      const { dy, x, mean } = inputs as Record<string, TensorInfo>;
      return batchNormReduce(heap(backend), dy!, x!, mean!);
    },
  });
  tf.registerGradient({
    kernelName: MOMENTS,
    inputsToSave: ['x'],
    outputsToSave: [true, false],
    gradFunc: (dys, saved) => {
      const [dMean, dVar] = dys as Tensor[];
      const [x, mean] = saved as [Tensor, Tensor];
      return { x: () => engine.runKernel(MOMENTS_GRAD, { x, mean, dMean: dMean!, dVar: dVar! }, {}) as Tensor };
    },
  });

  const original = tf.getGradient('FusedBatchNorm');
  tf.unregisterGradient('FusedBatchNorm');
  tf.registerGradient({
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dyIn, saved, attrs) => {
      const dy = dyIn as Tensor;
      const [x, mean, variance, scale] = saved as [Tensor, Tensor, Tensor, Tensor | undefined];
      const c = x.shape[x.rank - 1]!;
      const fits = active() && x.dtype === 'float32' && dy.dtype === 'float32' && mean.size === c && mean.shape[mean.rank - 1] === c &&
        variance.size === c && (scale == null || scale.size === c);
      if (!fits) return original.gradFunc(dyIn, saved, attrs);
      const eps = (attrs as { varianceEpsilon: number }).varianceEpsilon;
      const flat = (t: Tensor) => tf.reshape(t, [c]);
      const rstd = tf.rsqrt(tf.add(flat(variance), eps));
      const gamma = scale == null ? tf.onesLike(rstd) : flat(scale);
      // sum(dy) and sum(dy * (x - mean)) in one pass, shared by the four small gradients. Made
      // here, not in a thunk: each thunk runs in its own tidy, which would free a shared result.
      const [sumDy, sumDyXmu] = tf.unstack(engine.runKernel(BN_REDUCE, { dy, x, mean: flat(mean) }, {}) as Tensor) as [Tensor, Tensor];
      const reduced = (): [Tensor, Tensor] => [sumDy, sumDyXmu];
      const shaped = (t: Tensor) => tf.reshape(t, mean.shape);
      return {
        x: () => tf.mul(dy, tf.mul(gamma, rstd)),
        mean: () => shaped(tf.neg(tf.mul(reduced()[0], tf.mul(gamma, rstd)))),
        variance: () => shaped(tf.mul(tf.mul(reduced()[1], gamma), tf.mul(tf.pow(rstd, 3), -0.5))),
        scale: () => shaped(tf.mul(reduced()[1], rstd)),
        offset: () => shaped(reduced()[0]),
      };
    },
  });

  const core = tfjsCoreExports();
  const originalMoments = core.moments as Moments;
  if (originalMoments !== tf.moments) throw new Error('fastcpu: @tensorflow/tfjs and tf.layers load different copies of tfjs-core');
  const fastMoments = ((x: Tensor, axis?: number | number[], keepDims = false) => {
    if (!active() || !(x instanceof tf.Tensor) || x.dtype !== 'float32' || axis == null) return originalMoments(x, axis, keepDims);
    const axes = Array.isArray(axis) ? axis : [axis];
    if (!allButLast(axes, x.rank)) return originalMoments(x, axis, keepDims);
    const [mean, variance] = engine.runKernel(MOMENTS, { x }, { keepDims }) as [Tensor, Tensor];
    return { mean: mean!, variance: variance! };
  }) as Moments;
  core.moments = fastMoments;

  return () => {
    core.moments = originalMoments;
    tf.unregisterGradient('FusedBatchNorm');
    tf.registerGradient(original);
    tf.unregisterGradient(MOMENTS);
    for (const k of [MOMENTS, MOMENTS_GRAD, BN_REDUCE]) tf.unregisterKernel(k, backendName);
  };
}

