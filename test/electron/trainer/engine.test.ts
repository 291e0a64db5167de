/**
 * Engine selection and the GPU doctor. On this machine tfjs-node-gpu is absent, so `auto` must
 * fall back (fast CPU engine when it is in the checkout, else plain tfjs cpu) and explain why the
 * GPU is not used. The doctor's verdicts are checked on fake library listings.
 */
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultImports, EngineError, selectEngine, type EngineImports } from '../../../electron/trainer/engine.ts';
import { diagnoseGpu, findLibraries, type GpuProbe } from '../../../electron/trainer/gpuDoctor.ts';

const FASTCPU = new URL('../../../electron/trainer/engines/fastcpu/index.ts', import.meta.url).pathname;

const LDCONFIG_CUDA12 = `1234 libs found in cache \`/etc/ld.so.cache'
\tlibcudart.so.12 (libc6,x86-64) => /usr/local/cuda-12.4/lib64/libcudart.so.12
\tlibcublas.so.12 (libc6,x86-64) => /usr/local/cuda-12.4/lib64/libcublas.so.12
\tlibc.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libc.so.6
`;
const LDCONFIG_CUDA11 = `\tlibcudart.so.11.0 (libc6,x86-64) => /usr/local/cuda-11.2/lib64/libcudart.so.11.0
\tlibcublas.so.11 (libc6,x86-64) => /usr/local/cuda-11.2/lib64/libcublas.so.11
`;

function probe(over: Partial<GpuProbe>): GpuProbe {
  return {
    platform: 'linux',
    arch: 'x64',
    tfjsNodeGpu: { loaded: true },
    libraries: findLibraries({ ldconfig: '', dirs: [] }),
    nvidiaSmi: { ok: true, gpus: ['NVIDIA GeForce RTX 3060'], driver: '550.54' },
    ...over,
  };
}

describe('the GPU doctor', () => {
  it('finds libraries in the ldconfig cache and in folder listings', () => {
    const found = findLibraries({ ldconfig: LDCONFIG_CUDA11, dirs: [{ dir: '/opt/cudnn/lib', files: ['libcudnn.so.8', 'libcudnn.so.8.1.1'] }] });
    expect(found.found).toEqual({
      'libcudart.so.11.0': '/usr/local/cuda-11.2/lib64/libcudart.so.11.0',
      'libcublas.so.11': '/usr/local/cuda-11.2/lib64/libcublas.so.11',
      'libcudnn.so.8': '/opt/cudnn/lib/libcudnn.so.8',
    });
    expect(found.otherCudart).toEqual([]);
  });

  it('says CUDA 12 alone does not work, and what to install', () => {
    const report = diagnoseGpu(probe({ libraries: findLibraries({ ldconfig: LDCONFIG_CUDA12, dirs: [] }) }));
    expect(report.gpuUsable).toBe(false);
    expect(report.summary).toBe('GPU not used: libcudart.so.11.0 and libcublas.so.11 and libcudnn.so.8 missing, so libtensorflow runs on the CPU');
    expect(report.findings.join('\n')).toContain('another CUDA runtime is installed (/usr/local/cuda-12.4/lib64/libcudart.so.12), but tfjs-node-gpu 4.22 is built for CUDA 11.2 and loads libcudart.so.11.0');
    expect(report.fixes.join('\n')).toMatch(/CUDA 11\.2 toolkit.*LD_LIBRARY_PATH/);
    expect(report.fixes.join('\n')).toMatch(/cuDNN 8\.1 for CUDA 11\.2 \(libcudnn\.so\.8\)/);
    expect(report.gpuName).toBe('NVIDIA GeForce RTX 3060');
  });

  it('reports the GPU as used when tfjs-node-gpu loads and CUDA 11.2 + cuDNN 8 are present', () => {
    const libraries = findLibraries({ ldconfig: LDCONFIG_CUDA11, dirs: [{ dir: '/usr/lib/x86_64-linux-gnu', files: ['libcudnn.so.8'] }] });
    const report = diagnoseGpu(probe({ libraries }));
    expect(report).toMatchObject({ gpuUsable: true, summary: 'GPU used: NVIDIA GeForce RTX 3060 through tfjs-node-gpu (CUDA 11.2, cuDNN 8)', fixes: [] });
  });

  it('without tfjs-node-gpu or a driver, says so and how to install them', () => {
    const report = diagnoseGpu(probe({ tfjsNodeGpu: { loaded: false, error: "Cannot find package '@tensorflow/tfjs-node-gpu'" }, nvidiaSmi: { ok: false, error: 'is not installed (not on PATH)' } }));
    expect(report.summary).toBe('GPU not used: @tensorflow/tfjs-node-gpu is not installed or does not load');
    expect(report.findings[0]).toBe('no NVIDIA driver answered: nvidia-smi is not installed (not on PATH)');
    expect(report.fixes.join('\n')).toContain('npm install @tensorflow/tfjs-node-gpu@4.22.0');
    expect(report.fixes.join('\n')).toContain('Install the NVIDIA driver');
  });

  it('on macOS explains there is no CUDA', () => {
    const report = diagnoseGpu(probe({ platform: 'darwin', nvidiaSmi: { ok: false, error: 'is not installed (not on PATH)' } }));
    expect(report.gpuUsable).toBe(false);
    expect(report.findings[0]).toMatch(/macOS has no CUDA/);
  });
});

describe('engine selection', () => {
  it('here (no tfjs-node-gpu) auto falls back and carries the doctor verdict', async () => {
    const engine = await selectEngine('auto');
    expect(engine.name).toBe(existsSync(FASTCPU) ? 'fastcpu' : 'cpu');
    expect(engine.gpuDoctor?.gpuUsable).toBe(false);
    expect(engine.gpuDoctor?.summary).toBe('GPU not used: @tensorflow/tfjs-node-gpu is not installed or does not load');
    expect(engine.gpuDoctor?.findings.join('\n')).toMatch(/libcudart\.so\.11\.0 (not found|found at)/);
    // The engine computes: a matrix product checked against plain arithmetic.
    const product = engine.tf.tidy(() => engine.tf.matMul(engine.tf.tensor2d([[1, 2]]), engine.tf.tensor2d([[3], [4]])).dataSync()[0]);
    expect(product).toBe(11);
  });

  it('asking for tfjs-node-gpu here fails with the doctor text', async () => {
    const error = await selectEngine('tfjs-node-gpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).message).toMatch(/tfjs-node-gpu cannot be loaded: Cannot find package.*npm install @tensorflow\/tfjs-node-gpu@4\.22\.0.*--engine auto/s);
    expect((error as EngineError).gpuDoctor?.gpuUsable).toBe(false);
  });

  it('plain cpu is the tfjs cpu backend', async () => {
    const engine = await selectEngine('cpu');
    expect(engine).toMatchObject({ name: 'cpu' });
    expect(engine.tf.getBackend()).toBe('cpu');
    expect(engine.gpuDoctor).toBeUndefined();
  });

  const fake = (over: Partial<EngineImports>): EngineImports => ({ ...defaultImports, ...over });
  const usable = async () => ({ gpuUsable: true, summary: 'GPU used: Tesla T4 through tfjs-node-gpu (CUDA 11.2, cuDNN 8)', findings: [], fixes: [], gpuName: 'Tesla T4' });

  it('names the GPU when tfjs-node-gpu loads with CUDA, or says libtensorflow runs on the CPU', async () => {
    const gpu = await selectEngine('auto', fake({ tfjsNodeGpu: async () => tf, doctor: usable }));
    expect(gpu).toMatchObject({ name: 'tfjs-node-gpu', label: 'tfjs-node-gpu (GPU: Tesla T4)' });
    const onCpu = await selectEngine('auto', fake({ tfjsNodeGpu: async () => tf, doctor: async () => ({ gpuUsable: false, summary: 'GPU not used: libcudnn.so.8 missing, so libtensorflow runs on the CPU', findings: [], fixes: [] }) }));
    expect(onCpu.label).toBe('tfjs-node-gpu (libtensorflow on the CPU: libcudnn.so.8 missing, so libtensorflow runs on the CPU)');
  });

  it('falls back to plain cpu when the fast CPU engine fails, unless it was asked for by name', async () => {
    const broken = fake({ fastCpu: async () => ({ loadFastCpuEngine: async () => Promise.reject(new Error('no SIMD')) }) });
    expect((await selectEngine('auto', broken)).name).toBe('cpu');
    await expect(selectEngine('fastcpu', broken)).rejects.toThrow(/fast CPU engine cannot be loaded: no SIMD\. Use --engine cpu/);
  });
});

describe('the GPU doctor and the tensorflow engine', () => {
  const built = (cudaLibraries: string[]) => ({ built: true as const, version: '2.21.0', libDir: '/home/a/.venv/lib/python3.12/site-packages/tensorflow', cudaLibraries });
  const noNodeGpu = { tfjsNodeGpu: { loaded: false as const, error: "Cannot find package '@tensorflow/tfjs-node-gpu'" } };

  it('not built: says so and recommends tensorflow[and-cuda] + netwright engine build first, beside the CUDA 11.2 route', () => {
    const report = diagnoseGpu(probe({ ...noNodeGpu, libraries: findLibraries({ ldconfig: LDCONFIG_CUDA12, dirs: [] }), tensorflowEngine: { built: false } }));
    expect(report.gpuUsable).toBe(false);
    expect(report.findings).toContain('the tensorflow engine (your own TensorFlow) is not built');
    expect(report.fixes[0]).toMatch(/^Recommended for current GPUs .*pip install 'tensorflow\[and-cuda\]', then netwright engine build --python /);
    expect(report.fixes.join('\n')).toMatch(/CUDA 11\.2 toolkit/);
  });

  it('a CPU build: says it trains on the CPU and how to rebuild on a GPU TensorFlow', () => {
    const report = diagnoseGpu(probe({ ...noNodeGpu, tensorflowEngine: built([]) }));
    expect(report.gpuUsable).toBe(false);
    expect(report.findings).toContain('the tensorflow engine is built against TensorFlow 2.21.0 at /home/a/.venv/lib/python3.12/site-packages/tensorflow, a CPU build (no CUDA pip libraries beside it), so it trains on the CPU');
    expect(report.fixes[0]).toMatch(/netwright engine build --force --python/);
    expect(report.summary).toBe("GPU not used: the tensorflow engine's TensorFlow 2.21.0 is a CPU build, so it trains on the CPU");
  });

  it('a build on tensorflow[and-cuda] with a driver: the GPU is used through the tensorflow engine, no fixes', () => {
    const report = diagnoseGpu(probe({ ...noNodeGpu, tensorflowEngine: built(['libcublas.so.12', 'libcudart.so.12', 'libcudnn.so.9']) }));
    expect(report).toMatchObject({ gpuUsable: true, summary: 'GPU used: NVIDIA GeForce RTX 3060 through the tensorflow engine (TensorFlow 2.21.0, CUDA from pip)', fixes: [] });
    // Without cuDNN among the pip libraries, or without a driver, it is not.
    expect(diagnoseGpu(probe({ ...noNodeGpu, tensorflowEngine: built(['libcublas.so.12', 'libcudart.so.12']) }))).toMatchObject({ gpuUsable: false, summary: "GPU not used: the tensorflow engine's CUDA pip libraries lack libcudnn.so.9, so it trains on the CPU" });
    expect(diagnoseGpu(probe({ ...noNodeGpu, nvidiaSmi: { ok: false, error: 'is not installed (not on PATH)' }, tensorflowEngine: built(['libcublas.so.12', 'libcudart.so.12', 'libcudnn.so.9']) })).gpuUsable).toBe(false);
  });
});

describe('engine selection with the tensorflow engine', () => {
  const usable = async () => ({ gpuUsable: true, summary: 'GPU used: Tesla T4 through tfjs-node-gpu (CUDA 11.2, cuDNN 8)', findings: [], fixes: [], gpuName: 'Tesla T4' });
  const fake = (over: Partial<EngineImports>): EngineImports => ({ ...defaultImports, ...over });
  const notBuilt = () => Promise.reject(Object.assign(new Error('the tensorflow engine is not built (no /x/engine.json); build it once with: netwright engine build'), { notBuilt: true }));

  it('auto takes it ahead of tfjs-node-gpu and fastcpu when it loads', async () => {
    const engine = await selectEngine('auto', fake({ tensorflow: async () => ({ tf, label: 'tensorflow (TensorFlow 2.21.0 on the GPU, /tf)' }), tensorflowGpuBuild: () => true, tfjsNodeGpu: () => Promise.reject(new Error('must not be tried')) }));
    expect(engine).toMatchObject({ name: 'tensorflow', label: 'tensorflow (TensorFlow 2.21.0 on the GPU, /tf)' });
    expect(engine.fallback).toBeUndefined();
    // A CPU build with no tfjs-node-gpu installed: still the tensorflow engine, quietly.
    const cpu = await selectEngine('auto', fake({ tensorflow: async () => ({ tf, label: 'tensorflow (TensorFlow 2.21.0 on the CPU, /tf)' }), tensorflowGpuBuild: () => false, tfjsNodeGpu: () => Promise.reject(new Error("Cannot find package '@tensorflow/tfjs-node-gpu'")) }));
    expect(cpu).toMatchObject({ name: 'tensorflow', label: 'tensorflow (TensorFlow 2.21.0 on the CPU, /tf)' });
    expect(cpu.fallback).toBeUndefined();
  });

  it('auto: a CPU build yields to a tfjs-node-gpu that trains on a GPU here, not to one on the CPU', async () => {
    const cpuBuild = { tensorflow: async () => ({ tf, label: 'tensorflow (TensorFlow 2.21.0 on the CPU, /tf)' }), tensorflowGpuBuild: () => false };
    const onGpu = await selectEngine('auto', fake({ ...cpuBuild, tfjsNodeGpu: async () => tf, doctor: usable }));
    expect(onGpu).toMatchObject({ name: 'tfjs-node-gpu', label: 'tfjs-node-gpu (GPU: Tesla T4)' });
    expect(onGpu.fallback).toBeUndefined();
    const onCpu = await selectEngine('auto', fake({ ...cpuBuild, tfjsNodeGpu: async () => tf, doctor: async () => ({ gpuUsable: false, summary: 'GPU not used: libcudnn.so.8 missing, so libtensorflow runs on the CPU', findings: [], fixes: [] }) }));
    expect(onCpu.name).toBe('tfjs-node-gpu');
    expect(onCpu.fallback).toMatch(/tfjs-node-gpu is installed and was loaded.*--engine tensorflow/);
  });

  it('not built: auto goes on quietly; asked for by name, the message says how to build it', async () => {
    const engine = await selectEngine('auto', fake({ tensorflow: notBuilt }));
    expect(engine.name).toBe(existsSync(FASTCPU) ? 'fastcpu' : 'cpu');
    expect(engine.fallback).toBeUndefined();
    await expect(selectEngine('tensorflow', fake({ tensorflow: notBuilt }))).rejects.toThrow(/^the engine tensorflow cannot be loaded: the tensorflow engine is not built \(no \/x\/engine\.json\); build it once with: netwright engine build/);
  });

  it('a build that does not load: auto falls back and says why', async () => {
    const broken = () => Promise.reject(new Error("the tensorflow engine's binding /e/tfjs_binding.node does not load: invalid ELF header. Rebuild it with: netwright engine build --force"));
    const engine = await selectEngine('auto', fake({ tensorflow: broken }));
    expect(engine.name).toBe(existsSync(FASTCPU) ? 'fastcpu' : 'cpu');
    expect(engine.fallback).toBe("the tensorflow engine was not used: the tensorflow engine's binding /e/tfjs_binding.node does not load: invalid ELF header. Rebuild it with: netwright engine build --force");
  });
});
