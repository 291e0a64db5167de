/**
 * fastcpu: trains tfjs models on the CPU without libtensorflow. It runs tfjs' wasm backend
 * (XNNPACK, SIMD, several threads), gives it the convolution gradients it lacks, and removes
 * work tfjs' training graph does for nothing. Use the returned `tf` as usual (model.fit).
 * Self-contained: imports nothing from the rest of Netwright. See README.md.
 */
import os from 'node:os';
import type * as TF from '@tensorflow/tfjs';
import { installBatchNorm } from './gradients/batchNorm.ts';
import { installLazyFusedGradients } from './gradients/lazyFused.ts';
import { registerFastKernels } from './kernels/register.ts';
import { startWasmBackend } from './wasmRuntime.ts';

export interface FastCpuEngine {
  tf: typeof TF;
  name: 'fastcpu';
  /** For people, e.g. "Fast CPU (wasm SIMD, 2 threads)". */
  label: string;
  /** XNNPACK threads actually running. */
  threads: number;
}

export interface FastCpuOptions {
  /** XNNPACK threads; default: NETWRIGHT_FASTCPU_THREADS, else the core count (at most 4). */
  threads?: number;
}

let loading: Promise<FastCpuEngine> | undefined;

function defaultThreads(): number {
  const fromEnv = Number(process.env.NETWRIGHT_FASTCPU_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores));
}

async function load(options: FastCpuOptions): Promise<FastCpuEngine> {
  const tf = await import('@tensorflow/tfjs');
  const runtime = await startWasmBackend(tf, options.threads ?? defaultThreads());
  registerFastKernels(tf);
  const active = () => tf.getBackend() === 'wasm';
  installLazyFusedGradients(tf, active);
  installBatchNorm(tf, 'wasm', active);
  const simd = runtime.simd ? 'wasm SIMD' : 'wasm';
  const label = `Fast CPU (${simd}, ${runtime.threads} thread${runtime.threads === 1 ? '' : 's'})`;
  return { tf, name: 'fastcpu', label, threads: runtime.threads };
}

/**
 * Loads the engine once per process and makes 'wasm' the active tfjs backend. Later calls
 * return the same engine (the wasm backend can start only once; options of later calls are
 * ignored).
 */
export function loadFastCpuEngine(options: FastCpuOptions = {}): Promise<FastCpuEngine> {
  loading ??= load(options).catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}
