/**
 * Engine selection: which tfjs the trainer computes with. `auto` tries the tensorflow engine
 * (tfjs-node's binding built against the person's own TensorFlow, engines/tensorflow) when it is
 * built, then @tensorflow/tfjs-node-gpu
 * (libtensorflow; on the GPU when CUDA 11.2 + cuDNN 8 are present), then the fast CPU engine
 * (electron/trainer/engines/fastcpu), then plain tfjs' 'cpu' backend. The GPU doctor's verdict
 * travels with the engine so the UI can say why the GPU is not used.
 */
import type * as TF from '@tensorflow/tfjs';
import type { EngineName, GpuDoctorReport } from '../../shared/train/events.ts';
import type { EnginePreference } from '../../shared/train/settings.ts';
import { diagnoseGpu, probeGpu } from './gpuDoctor.ts';
import { readManifest } from './engines/tensorflow/build.ts';
import { loadTensorflowEngine, tensorflowEngineDir, type TensorflowEngine } from './engines/tensorflow/index.ts';

export interface Engine {
  tf: typeof TF;
  name: EngineName;
  /** For people: what computes, e.g. "fastcpu (wasm SIMD, 2 threads)". */
  label: string;
  gpuDoctor?: GpuDoctorReport;
  /** Why `auto` did not use a better engine (e.g. the tensorflow engine is built but does not load). */
  fallback?: string;
}

/** The requested engine cannot be loaded; the message says why and what to do. */
export class EngineError extends Error {
  constructor(message: string, readonly gpuDoctor?: GpuDoctorReport) {
    super(message);
    this.name = 'EngineError';
  }
}

interface FastCpuModule {
  loadFastCpuEngine(): Promise<{ tf: typeof TF; name: 'fastcpu'; label: string; threads: number }>;
}

/** How engines are imported; tests replace these to simulate an engine that loads or fails. */
export interface EngineImports {
  /** The tensorflow engine; rejects with notBuilt set when there is no build. */
  tensorflow?(): Promise<Pick<TensorflowEngine, 'tf' | 'label'>>;
  /**
   * Whether the tensorflow engine's build can use a GPU (its TensorFlow came with CUDA pip
   * libraries); undefined when it is not built. Read from its manifest, without loading it.
   */
  tensorflowGpuBuild?(): boolean | undefined;
  tfjsNodeGpu(): Promise<typeof TF>;
  fastCpu(): Promise<FastCpuModule>;
  tfjs(): Promise<typeof TF>;
  /** The GPU doctor's probe (ldconfig, folders, nvidia-smi). */
  doctor(tfjsNodeGpu: { loaded: true } | { loaded: false; error: string }): Promise<GpuDoctorReport>;
}

// tfjs-node-gpu is an optional dependency: its specifier is a variable so that it is not resolved
// when this file is type-checked or bundled. fastcpu is a literal so that the trainer bundle
// (dist/electron/trainer-child.cjs) carries it.
const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu';

export const defaultImports: EngineImports = {
  tensorflow: async () => await loadTensorflowEngine(),
  tensorflowGpuBuild: () => {
    const manifest = readManifest(tensorflowEngineDir());
    return manifest ? manifest.tensorflow.cudaLibDirs.length > 0 : undefined;
  },
  tfjsNodeGpu: async () => (await import(/* @vite-ignore */ TFJS_NODE_GPU)) as typeof TF,
  fastCpu: async () => (await import('./engines/fastcpu/index.ts')) as FastCpuModule,
  tfjs: async () => await import('@tensorflow/tfjs'),
  doctor: async (state) => diagnoseGpu(await probeGpu(state, readManifest(tensorflowEngineDir())?.tensorflow ?? null)),
};

let fastBackend: string | undefined;

/** Loads the engine `preference` names, or the best available for 'auto'. */
export async function selectEngine(preference: EnginePreference, imports: EngineImports = defaultImports): Promise<Engine> {
  let gpuDoctor: GpuDoctorReport | undefined;
  let fallback: string | undefined;
  // auto: a CPU build of the tensorflow engine yields to a tfjs-node-gpu that trains on a GPU here
  // (CUDA 11.2). Only an installed tfjs-node-gpu is loaded to ask; once loaded it is what runs (two
  // libtensorflow bindings would both claim tfjs' 'tensorflow' backend).
  if (preference === 'auto' && imports.tensorflow && imports.tensorflowGpuBuild?.() === false) {
    let nodeGpu: typeof TF | undefined;
    try {
      nodeGpu = await imports.tfjsNodeGpu();
      await nodeGpu.ready();
    } catch {
      nodeGpu = undefined;
    }
    if (nodeGpu) {
      gpuDoctor = await imports.doctor({ loaded: true });
      const label = gpuDoctor.gpuUsable
        ? `tfjs-node-gpu (GPU: ${gpuDoctor.gpuName ?? 'NVIDIA'})`
        : `tfjs-node-gpu (libtensorflow on the CPU: ${gpuDoctor.summary.replace(/^GPU not used: /, '')})`;
      const note = gpuDoctor.gpuUsable ? {} : { fallback: 'the tensorflow engine was not used: tfjs-node-gpu is installed and was loaded to look for a GPU; use --engine tensorflow to train on your own TensorFlow' };
      return { tf: nodeGpu, name: 'tfjs-node-gpu', label, gpuDoctor, ...note };
    }
  }
  if ((preference === 'auto' || preference === 'tensorflow') && imports.tensorflow) {
    try {
      const engine = await imports.tensorflow();
      return { tf: engine.tf, name: 'tensorflow', label: engine.label };
    } catch (e) {
      const notBuilt = (e as { notBuilt?: boolean }).notBuilt === true;
      if (preference === 'tensorflow') throw new EngineError(`the engine tensorflow cannot be loaded: ${firstLine(e)}. Or use --engine auto.`);
      // A missing build is the normal case; a build that fails to load is worth saying.
      if (!notBuilt) fallback = `the tensorflow engine was not used: ${firstLine(e)}`;
    }
  } else if (preference === 'tensorflow') {
    throw new EngineError('the engine tensorflow is not available in this build of Netwright. Use --engine auto.');
  }
  const withFallback = fallback ? { fallback } : {};
  if (preference === 'auto' || preference === 'tfjs-node-gpu') {
    let tf: typeof TF | undefined;
    let error = '';
    try {
      tf = await imports.tfjsNodeGpu();
      await tf.ready();
    } catch (e) {
      tf = undefined;
      error = firstLine(e);
    }
    gpuDoctor = await imports.doctor(tf ? { loaded: true } : { loaded: false, error });
    if (tf) {
      const label = gpuDoctor.gpuUsable
        ? `tfjs-node-gpu (GPU: ${gpuDoctor.gpuName ?? 'NVIDIA'})`
        : `tfjs-node-gpu (libtensorflow on the CPU: ${gpuDoctor.summary.replace(/^GPU not used: /, '')})`;
      return { tf, name: 'tfjs-node-gpu', label, gpuDoctor, ...withFallback };
    }
    if (preference === 'tfjs-node-gpu') {
      const steps = gpuDoctor.fixes.map((f, i) => `${i + 1}. ${f}`).join(' ');
      throw new EngineError(`the engine tfjs-node-gpu cannot be loaded: ${error}. To use the GPU: ${steps} Or use --engine auto to train on the CPU.`, gpuDoctor);
    }
  }
  if (preference === 'auto' || preference === 'fastcpu') {
    try {
      const mod = await imports.fastCpu();
      const fast = await mod.loadFastCpuEngine();
      // The engine loads once per process; if a later 'cpu' run switched tfjs' backend, switch back.
      fastBackend ??= fast.tf.getBackend();
      if (fast.tf.getBackend() !== fastBackend) await fast.tf.setBackend(fastBackend);
      return { tf: fast.tf, name: 'fastcpu', label: fast.label, ...(gpuDoctor ? { gpuDoctor } : {}), ...withFallback };
    } catch (e) {
      if (preference === 'fastcpu') throw new EngineError(`the fast CPU engine cannot be loaded: ${firstLine(e)}. Use --engine cpu (slower) or auto.`);
    }
  }
  const tf = await imports.tfjs();
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, name: 'cpu', label: 'tfjs cpu backend (plain JavaScript, single thread)', ...(gpuDoctor ? { gpuDoctor } : {}), ...withFallback };
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.slice(0, 300);
}
