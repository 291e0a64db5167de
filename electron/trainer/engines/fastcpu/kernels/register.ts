/**
 * Installs this engine's kernels on the wasm backend: the convolution and depthwise gradients
 * it lacks or computes naively, and a BatchMatMul that sends transposed products (every Dense
 * gradient) to XNNPACK instead of the backend's scalar loop.
 */
import type * as TF from '@tensorflow/tfjs';
import { conv2dBackpropFilter, conv2dBackpropInput } from './conv2dBackprop.ts';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwiseBackprop.ts';
import { batchNormForward } from './batchNormKernels.ts';
import { avgPoolGrad, type HeapBackend, maxPoolGrad, padSpatial, reduceLeading, tanh, tile } from './heapKernels.ts';
import { type Attrs, KernelKit, type TensorInfo } from './kit.ts';

type KernelFunc = (params: { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: Attrs }) => TensorInfo | TensorInfo[];
type Body = (kit: KernelKit, inputs: Record<string, TensorInfo>, attrs: Attrs, original?: KernelFunc) => TensorInfo;

const BACKEND = 'wasm';

function batchDims(t: TensorInfo): number {
  return t.shape.slice(0, -2).reduce((a, b) => a * b, 1);
}

function fallback(kit: KernelKit, inputs: Record<string, TensorInfo>, attrs: Attrs, original?: KernelFunc): TensorInfo {
  return original!({ inputs, attrs, backend: kit.backend }) as TensorInfo;
}

/** The kernels this engine provides, by tfjs kernel name. */
export function fastKernels(tf: typeof TF): Record<string, Body> {
  return {
    Conv2DBackpropFilter: (kit, { x, dy }, attrs) => conv2dBackpropFilter(tf, kit, x!, dy!, attrs),
    Conv2DBackpropInput: (kit, inputs, attrs, original) =>
      conv2dBackpropInput(tf, kit, inputs.dy!, inputs.filter!, attrs) ?? fallback(kit, inputs, attrs, original),
    DepthwiseConv2dNativeBackpropFilter: (kit, { x, dy }, attrs) => depthwiseBackpropFilter(tf, kit, x!, dy!, attrs),
    DepthwiseConv2dNativeBackpropInput: (kit, { dy, filter }, attrs) => {
      const out = depthwiseBackpropInput(tf, kit, dy!, filter!, attrs);
      if (!out) throw new Error('fastcpu: depthwise input gradient with padding larger than the filter is not supported');
      return out;
    },
    // tfjs clones every tensor it saves for a gradient; the backend copied the data, but
    // tensors are immutable, so sharing the buffer (as the CPU backend does) is enough.
    Identity: (kit, inputs, attrs, original) => {
      const x = inputs.x!;
      if (x.dtype === 'string') return fallback(kit, inputs, attrs, original);
      (kit.backend as unknown as { incRef(id: unknown): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
    FusedBatchNorm: (kit, inputs, attrs, original) =>
      batchNormForward(kit.backend as unknown as HeapBackend, inputs.x!, inputs.mean!, inputs.variance!, inputs.offset, inputs.scale, attrs.varianceEpsilon as number) ??
      fallback(kit, inputs, attrs, original),
    Tile: (kit, inputs, attrs, original) =>
      tile(kit.backend as unknown as HeapBackend, inputs.x!, attrs.reps as number[]) ?? fallback(kit, inputs, attrs, original),
    Sum: (kit, inputs, attrs, original) =>
      reduceLeading(kit.backend as unknown as HeapBackend, inputs.x!, attrs, false) ?? fallback(kit, inputs, attrs, original),
    Mean: (kit, inputs, attrs, original) =>
      reduceLeading(kit.backend as unknown as HeapBackend, inputs.x!, attrs, true) ?? fallback(kit, inputs, attrs, original),
    MaxPoolGrad: (kit, inputs, attrs, original) =>
      maxPoolGrad(tf, kit.backend as unknown as HeapBackend, inputs.dy!, inputs.input!, attrs) ?? fallback(kit, inputs, attrs, original),
    PadV2: (kit, inputs, attrs, original) =>
      padSpatial(kit.backend as unknown as HeapBackend, inputs.x!, attrs.paddings as number[][], attrs.constantValue as number) ??
      fallback(kit, inputs, attrs, original),
    Tanh: (kit, inputs, attrs, original) => tanh(kit.backend as unknown as HeapBackend, inputs.x!) ?? fallback(kit, inputs, attrs, original),
    AvgPoolGrad: (kit, inputs, attrs, original) =>
      avgPoolGrad(tf, kit.backend as unknown as HeapBackend, inputs.dy!, inputs.input!, attrs) ?? fallback(kit, inputs, attrs, original),
    BatchMatMul: (kit, inputs, attrs, original) => {
      const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      // XNNPACK serves only untransposed products of single matrices; transposing an operand
      // costs one pass over it, the scalar fallback a pass per output element.
      if ((!transposeA && !transposeB) || batchDims(a) !== 1 || batchDims(b) !== 1) {
        return fallback(kit, inputs, attrs, original);
      }
      const swap = (t: TensorInfo) => {
        const [r, c] = t.shape.slice(-2) as [number, number];
        return kit.reshape(kit.transpose(kit.reshape(t, [r, c]), [1, 0]), [1, c, r]);
      };
      const a2 = transposeA ? swap(a) : a;
      const b2 = transposeB ? swap(b) : b;
      const prod = kit.run('BatchMatMul', { a: a2, b: b2 }, { transposeA: false, transposeB: false });
      // The output's outer dims are the broadcast of the operands' (all 1 here).
      const outer = a.shape.length >= b.shape.length ? a.shape.slice(0, -2) : b.shape.slice(0, -2);
      return kit.done(kit.reshape(prod, [...outer, ...prod.shape.slice(-2)]));
    },
  };
}

/**
 * Registers the kernels for 'wasm', replacing any it has; returns a function that restores
 * the backend's own kernels.
 */
export function registerFastKernels(tf: typeof TF): () => void {
  const originals = new Map<string, KernelFunc>();
  const replaced: TF.KernelConfig[] = [];
  const bodies = fastKernels(tf);
  for (const name of Object.keys(bodies)) {
    const existing = tf.getKernel(name, BACKEND);
    if (existing) {
      originals.set(name, existing.kernelFunc as KernelFunc);
      replaced.push(existing);
    }
  }
  for (const [name, body] of Object.entries(bodies)) {
    if (originals.has(name)) tf.unregisterKernel(name, BACKEND);
    const original = originals.get(name);
    tf.registerKernel({
      kernelName: name,
      backendName: BACKEND,
      kernelFunc: ({ inputs, attrs, backend }) => {
        const kit = new KernelKit(tf, backend as TF.KernelBackend, BACKEND, originals);
        return body(kit, inputs as Record<string, TensorInfo>, (attrs ?? {}) as Attrs, original);
      },
    });
  }
  return () => {
    for (const name of Object.keys(bodies)) tf.unregisterKernel(name, BACKEND);
    for (const config of replaced) tf.registerKernel(config);
  };
}
