/**
 * Composing a kernel out of other kernels of the same backend: each step runs a registered
 * kernelFunc directly (no tape, no engine bookkeeping) and the intermediates are freed at the end.
 * This is how tfjs' own backends build kernels from kernels.
 */
import type * as TF from '@tensorflow/tfjs';

export type TensorInfo = TF.TensorInfo;
export type Attrs = Record<string, unknown>;
type KernelFunc = (params: { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: Attrs }) => TensorInfo | TensorInfo[];

export class KernelKit {
  private readonly temps: TensorInfo[] = [];

  constructor(
    private readonly tf: typeof TF,
    readonly backend: TF.KernelBackend,
    private readonly backendName: string,
    /** Kernels replaced by this engine, called by their original implementation. */
    private readonly originals: ReadonlyMap<string, KernelFunc> = new Map(),
  ) {}

  /** Runs kernel `name`; the result is freed by dispose() unless it is returned by done(). */
  run(name: string, inputs: Record<string, TensorInfo>, attrs: Attrs = {}): TensorInfo {
    const func = this.originals.get(name) ?? (this.tf.getKernel(name, this.backendName)?.kernelFunc as KernelFunc | undefined);
    if (!func) throw new Error(`fastcpu: the ${this.backendName} backend has no kernel ${name}`);
    const out = func({ inputs, backend: this.backend, attrs });
    if (Array.isArray(out)) throw new Error(`fastcpu: kernel ${name} returned several outputs`);
    this.temps.push(out);
    return out;
  }

  /** A new float32 tensor on the backend, freed by done() like the other intermediates. */
  output(shape: number[]): TensorInfo {
    const out = (this.backend as unknown as { makeOutput(s: number[], d: string): TensorInfo }).makeOutput(shape, 'float32');
    this.temps.push(out);
    return out;
  }

  /** The float32 contents of `t` on the wasm heap (invalid after the next allocation). */
  heap(t: TensorInfo): Float32Array {
    return (this.backend as unknown as { typedArrayFromHeap(t: TensorInfo): Float32Array }).typedArrayFromHeap(t);
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Frees every intermediate except `result`, which is returned to the engine. */
  done(result: TensorInfo): TensorInfo {
    for (const t of this.temps) if (t !== result) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
    return result;
  }
}
