/**
 * The GPU doctor: explains why training does (not) run on the GPU and what to install.
 * @tensorflow/tfjs-node-gpu 4.22 wraps libtensorflow 2.9 built for CUDA 11.2 + cuDNN 8.1: it
 * dlopens libcudart.so.11.0 and libcudnn.so.8 and silently runs on the CPU when they are missing;
 * CUDA 12 alone does not satisfy it. The route recommended for current GPUs is the tensorflow
 * engine: the binding built against `pip install tensorflow[and-cuda]`, whose CUDA 12 libraries
 * come as pip packages (site-packages/nvidia/*). `diagnoseGpu` is pure (tests feed it fake findings);
 * `probeGpu` gathers them from ldconfig, library folders and nvidia-smi.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GpuDoctorReport } from '../../shared/train/events.ts';

/** The libraries libtensorflow 2.9 (tfjs-node-gpu 4.22) loads for the GPU, with what provides them. */
export const REQUIRED_LIBRARIES = [
  { file: 'libcudart.so.11.0', provides: 'the CUDA 11 runtime, from the CUDA 11.2 toolkit' },
  { file: 'libcublas.so.11', provides: 'cuBLAS 11, from the CUDA 11.2 toolkit' },
  { file: 'libcudnn.so.8', provides: 'cuDNN 8, from cuDNN 8.1 for CUDA 11.2' },
] as const;

export interface LibraryListing {
  /** Output of `ldconfig -p`, or null when it could not run. */
  ldconfig: string | null;
  /** Files of the folders searched (LD_LIBRARY_PATH entries, /usr/local/cuda*\/lib64, ...). */
  dirs: { dir: string; files: string[] }[];
}

export interface LibraryFindings {
  /** Where each required library was found (undefined: missing). */
  found: Record<string, string | undefined>;
  /** Other CUDA runtimes present, e.g. libcudart.so.12 (a CUDA 12 install). */
  otherCudart: string[];
}

/** Looks up the required libraries in an ldconfig listing and folder listings. Pure. */
export function findLibraries(listing: LibraryListing): LibraryFindings {
  const found: Record<string, string | undefined> = {};
  const other = new Set<string>();
  const cache = new Map<string, string>();
  for (const line of (listing.ldconfig ?? '').split('\n')) {
    const m = /^\s*(\S+)\s+\(.*\)\s+=>\s+(\S+)/.exec(line);
    if (m && !cache.has(m[1]!)) cache.set(m[1]!, m[2]!);
  }
  for (const { dir, files } of listing.dirs) for (const f of files) if (!cache.has(f)) cache.set(f, join(dir, f));
  for (const lib of REQUIRED_LIBRARIES) found[lib.file] = cache.get(lib.file);
  for (const [file, path] of cache) {
    if (/^libcudart\.so\.\d+(\.\d+)*$/.test(file) && !file.startsWith('libcudart.so.11')) other.add(path);
  }
  return { found, otherCudart: [...other].sort() };
}

export interface GpuProbe {
  platform: string;
  arch: string;
  /** Whether `import('@tensorflow/tfjs-node-gpu')` succeeded, and why not. */
  tfjsNodeGpu: { loaded: true } | { loaded: false; error: string };
  libraries: LibraryFindings;
  /** nvidia-smi's answer: GPU names and driver, or why it could not run. */
  nvidiaSmi: { ok: true; gpus: string[]; driver?: string } | { ok: false; error: string };
  /** The tensorflow engine (engines/tensorflow): absent when not probed. */
  tensorflowEngine?: TensorflowEngineState;
}

/** What the doctor knows of the tensorflow engine: whether it is built, and the CUDA pip libraries beside its TensorFlow. */
export type TensorflowEngineState = { built: false } | { built: true; version: string; libDir: string; cudaLibraries: string[] };

/** The CUDA 12 libraries a GPU build of TensorFlow (tensorflow[and-cuda]) loads, found in its pip packages. */
export const TENSORFLOW_GPU_LIBRARIES = [
  { name: 'libcudart.so.12', pattern: /^libcudart\.so\.1[2-9]/ },
  { name: 'libcudnn.so.9', pattern: /^libcudnn\.so\.(9|1\d)/ },
  { name: 'libcublas.so.12', pattern: /^libcublas\.so\.1[2-9]/ },
] as const;

const RECOMMENDED_ROUTE = "Recommended for current GPUs (CUDA 12 and later drivers): in a Python environment run pip install 'tensorflow[and-cuda]', then netwright engine build --python <that environment's python>; the tensorflow engine then trains on the GPU with the CUDA libraries pip installed (no CUDA 11.2 needed)";

/** Turns probe results into a verdict with findings and fixes. Pure. */
export function diagnoseGpu(probe: GpuProbe): GpuDoctorReport {
  const findings: string[] = [];
  const fixes: string[] = [];
  const gpuName = probe.nvidiaSmi.ok ? probe.nvidiaSmi.gpus[0] : undefined;

  if (probe.platform === 'darwin') {
    findings.push('macOS has no CUDA: tfjs-node-gpu cannot use the GPU here');
    fixes.push('Train on the CPU engines, or on a Linux or Windows machine with an NVIDIA GPU');
  }
  const tfEngine = probe.tensorflowEngine;
  const tfGpu = tfEngine?.built === true && TENSORFLOW_GPU_LIBRARIES.every((lib) => tfEngine.cudaLibraries.some((f) => lib.pattern.test(f))) && probe.nvidiaSmi.ok && probe.platform === 'linux';
  if (probe.nvidiaSmi.ok) {
    findings.push(`NVIDIA GPU: ${probe.nvidiaSmi.gpus.join(', ') || 'none listed'}${probe.nvidiaSmi.driver ? ` (driver ${probe.nvidiaSmi.driver})` : ''}`);
  } else {
    findings.push(`no NVIDIA driver answered: nvidia-smi ${probe.nvidiaSmi.error}`);
    if (probe.platform !== 'darwin') fixes.push('Install the NVIDIA driver for your GPU (nvidia-smi must list it); without an NVIDIA GPU, training uses the CPU');
  }
  if (tfEngine && !tfEngine.built) findings.push('the tensorflow engine (your own TensorFlow) is not built');
  else if (tfEngine?.built) {
    const cuda = tfEngine.cudaLibraries.length > 0 ? `with CUDA pip libraries (${tfEngine.cudaLibraries.join(', ')})` : 'a CPU build (no CUDA pip libraries beside it), so it trains on the CPU';
    findings.push(`the tensorflow engine is built against TensorFlow ${tfEngine.version} at ${tfEngine.libDir}, ${cuda}`);
  }
  if (tfEngine && !tfGpu && probe.platform !== 'darwin') fixes.push(tfEngine.built ? RECOMMENDED_ROUTE.replace('netwright engine build', 'netwright engine build --force') : RECOMMENDED_ROUTE);
  if (probe.tfjsNodeGpu.loaded) findings.push('@tensorflow/tfjs-node-gpu 4.22 is installed and loads');
  else {
    findings.push(`@tensorflow/tfjs-node-gpu is not loaded: ${probe.tfjsNodeGpu.error}`);
    fixes.push('Install it next to Netwright: npm install @tensorflow/tfjs-node-gpu@4.22.0 (Linux x64 or Windows; it downloads libtensorflow 2.9 for GPU)');
  }
  const missing = REQUIRED_LIBRARIES.filter((lib) => probe.libraries.found[lib.file] === undefined);
  for (const lib of REQUIRED_LIBRARIES) {
    const at = probe.libraries.found[lib.file];
    findings.push(at ? `${lib.file} found at ${at}` : `${lib.file} not found: ${lib.provides}`);
  }
  if (missing.some((l) => l.file.startsWith('libcudart') || l.file.startsWith('libcublas'))) {
    if (probe.libraries.otherCudart.length > 0) {
      findings.push(`another CUDA runtime is installed (${probe.libraries.otherCudart.join(', ')}), but tfjs-node-gpu 4.22 is built for CUDA 11.2 and loads libcudart.so.11.0: a newer CUDA (12 or later) alone does not work`);
    }
    fixes.push('Install the CUDA 11.2 toolkit (it can live beside CUDA 12, e.g. in /usr/local/cuda-11.2) and add its lib64 folder to LD_LIBRARY_PATH');
  }
  if (missing.some((l) => l.file.startsWith('libcudnn'))) {
    fixes.push('Install cuDNN 8.1 for CUDA 11.2 (libcudnn.so.8), e.g. the libcudnn8=8.1.*+cuda11.2 package, or unpack it into the CUDA 11.2 lib64 folder');
  }

  const nodeGpu = probe.tfjsNodeGpu.loaded && missing.length === 0 && probe.nvidiaSmi.ok && probe.platform !== 'darwin';
  const gpuUsable = nodeGpu || tfGpu;
  let summary: string;
  if (tfGpu && tfEngine?.built) summary = `GPU used: ${gpuName ?? 'NVIDIA GPU'} through the tensorflow engine (TensorFlow ${tfEngine.version}, CUDA from pip)`;
  else if (gpuUsable) summary = `GPU used: ${gpuName ?? 'NVIDIA GPU'} through tfjs-node-gpu (CUDA 11.2, cuDNN 8)`;
  else if (tfEngine?.built && probe.platform !== 'darwin') {
    // The tensorflow engine is what trains (auto takes it first): say why it is on the CPU.
    const lacking = TENSORFLOW_GPU_LIBRARIES.filter((lib) => !tfEngine.cudaLibraries.some((f) => lib.pattern.test(f))).map((lib) => lib.name);
    if (tfEngine.cudaLibraries.length === 0) summary = `GPU not used: the tensorflow engine's TensorFlow ${tfEngine.version} is a CPU build, so it trains on the CPU`;
    else if (!probe.nvidiaSmi.ok) summary = 'GPU not used: no NVIDIA GPU or driver found; the tensorflow engine trains on the CPU';
    else summary = `GPU not used: the tensorflow engine's CUDA pip libraries lack ${lacking.join(', ')}, so it trains on the CPU`;
  } else if (!probe.tfjsNodeGpu.loaded) summary = 'GPU not used: @tensorflow/tfjs-node-gpu is not installed or does not load';
  else if (!probe.nvidiaSmi.ok) summary = 'GPU not used: no NVIDIA GPU or driver found; libtensorflow runs on the CPU';
  else summary = `GPU not used: ${missing.map((l) => l.file).join(' and ')} missing, so libtensorflow runs on the CPU`;
  if (gpuUsable) fixes.length = 0;
  return { gpuUsable, summary, findings, fixes, ...(gpuName !== undefined ? { gpuName } : {}) };
}

/** The folders searched besides ldconfig's cache: LD_LIBRARY_PATH, /usr/local/cuda*\/lib64 and lib, system lib folders. */
export function libraryDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = (env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  try {
    for (const name of readdirSync('/usr/local')) if (/^cuda/.test(name)) dirs.push(join('/usr/local', name, 'lib64'), join('/usr/local', name, 'lib'));
  } catch {
    // no /usr/local: nothing to add
  }
  dirs.push('/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib/wsl/lib');
  return [...new Set(dirs)];
}

/** Gathers the facts: ldconfig -p, library folders, nvidia-smi, and the tensorflow engine's CUDA folders when given. Never throws. */
export async function probeGpu(tfjsNodeGpu: GpuProbe['tfjsNodeGpu'], tensorflowEngine?: { version: string; libDir: string; cudaLibDirs: string[] } | null): Promise<GpuProbe> {
  const ldconfig = await run('ldconfig', ['-p']).catch(() => run('/sbin/ldconfig', ['-p'])).catch(() => null);
  const dirs = libraryDirs()
    .filter((d) => existsSync(d))
    .map((dir) => {
      try {
        return { dir, files: readdirSync(dir).filter((f) => /^lib(cudart|cublas|cudnn)\.so/.test(f)) };
      } catch {
        return { dir, files: [] };
      }
    });
  let nvidiaSmi: GpuProbe['nvidiaSmi'];
  try {
    const out = await run('nvidia-smi', ['--query-gpu=name,driver_version', '--format=csv,noheader']);
    const rows = out.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => l.split(',').map((s) => s.trim()));
    nvidiaSmi = { ok: true, gpus: rows.map((r) => r[0]!), ...(rows[0]?.[1] ? { driver: rows[0][1] } : {}) };
  } catch (e) {
    nvidiaSmi = { ok: false, error: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'is not installed (not on PATH)' : `failed: ${(e as Error).message.split('\n')[0]}` };
  }
  let engine: TensorflowEngineState | undefined;
  if (tensorflowEngine === null) engine = { built: false };
  else if (tensorflowEngine) {
    const cudaLibraries = tensorflowEngine.cudaLibDirs.flatMap((d) => {
      try {
        return readdirSync(d).filter((f) => /^lib(cudart|cublas|cudnn)\.so\.\d+$/.test(f));
      } catch {
        return [];
      }
    });
    engine = { built: true, version: tensorflowEngine.version, libDir: tensorflowEngine.libDir, cudaLibraries: [...new Set(cudaLibraries)].sort() };
  }
  return { platform: process.platform, arch: process.arch, tfjsNodeGpu, libraries: findLibraries({ ldconfig, dirs }), nvidiaSmi, ...(engine ? { tensorflowEngine: engine } : {}) };
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 5000, maxBuffer: 8 << 20 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}
