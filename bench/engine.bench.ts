/**
 * Training throughput, side by side in one run: tfjs' plain CPU backend, the fastcpu engine
 * (1 and 2 threads), the tensorflow engine (tfjs-node's binding on the person's TensorFlow, when
 * it is built: `netwright engine build`; NETWRIGHT_TENSORFLOW_ENGINE or .netwright-tmp/engines/
 * tensorflow, else the user data folder) and the same models in PyTorch (1 and 2 threads, when
 * `import torch` works), for the HappyModel, LeNet-5, a ResNet stage and ResNet-50 64x64. Each measurement runs in its own
 * process; rounds are interleaved so that load from other work hits every engine alike, and
 * the median of the rounds is reported. Prints samples/s and ours/PyTorch per thread count.
 *
 *   npx tsx bench/engine.bench.ts [--rounds 3] [--seconds 8] [--models happy,lenet5,resnet,resnet50]
 *                                 [--threads 1,2] [--no-cpu] [--cpu-resnet]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifest } from '../electron/trainer/engines/tensorflow/build.ts';
import { ENGINE_DIR_ENV, tensorflowEngineDir } from '../electron/trainer/engines/tensorflow/index.ts';
import { BENCH_MODELS, type BenchModel } from './models.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const rounds = Number(option('rounds', '3'));
const seconds = Number(option('seconds', '8'));
const threadCounts = option('threads', '1,2').split(',').map(Number);
const wanted = option('models', 'happy,lenet5,resnet,resnet50').split(',');
const models = BENCH_MODELS.filter((m) => wanted.includes(m.name));
const runCpu = !args.includes('--no-cpu');
// The plain CPU backend needs minutes per ResNet step (naive convolution gradients): opt-in.
const runCpuResnet = args.includes('--cpu-resnet');

interface Result { samplesPerSec: number; samplesPerCpuSec?: number }

// The tensorflow engine CI and the tests build, else the one `netwright engine build` made.
const localEngine = path.join(here, '..', '.netwright-tmp', 'engines', 'tensorflow');
const engineDir = process.env[ENGINE_DIR_ENV] || (existsSync(path.join(localEngine, 'engine.json')) ? localEngine : tensorflowEngineDir());
const tfManifest = readManifest(engineDir);

function runJson(cmd: string, argv: string[], env: Record<string, string> = {}): Result | null {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, ...env } });
  const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (r.status !== 0 || !line) {
    console.error(`  failed: ${cmd} ${argv.join(' ')}\n${r.stderr.split('\n').slice(-5).join('\n')}`);
    return null;
  }
  return JSON.parse(line) as Result;
}

function findTorchPython(): string | null {
  for (const py of ['python3', '/usr/bin/python3', path.join(here, '..', '.venv-ref', 'bin', 'python')]) {
    try {
      execFileSync(py, ['-c', 'import torch'], { stdio: 'ignore' });
      return py;
    } catch {
      // try the next interpreter
    }
  }
  return null;
}

const ours = (m: BenchModel, engine: 'cpu' | 'fastcpu' | 'tensorflow', threads: number, batch = m.batch) =>
  runJson(process.execPath, ['--import', 'tsx', path.join(here, 'engineRun.ts'), m.name, engine, String(threads), String(seconds), String(batch)], engine === 'tensorflow' ? { [ENGINE_DIR_ENV]: engineDir, TF_NUM_INTRAOP_THREADS: String(threads), TF_NUM_INTEROP_THREADS: '1', TF_CPP_MIN_LOG_LEVEL: '2' } : {});
const torch = (py: string, m: BenchModel, threads: number) =>
  runJson(py, [path.join(here, 'torch_models.py'), m.name, String(threads), String(seconds), String(m.batch)]);

const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const py = findTorchPython();
console.log(`engine benchmark: ${rounds} rounds, >= ${seconds} s per measurement, threads ${threadCounts.join('/')}`);
console.log(tfManifest ? `tensorflow engine: TensorFlow ${tfManifest.tensorflow.version} at ${tfManifest.tensorflow.libDir} (${engineDir})` : `tensorflow engine: not built in ${engineDir} (netwright engine build); its columns stay empty`);
console.log(py ? `PyTorch: ${execFileSync(py, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim()} (${py})` : 'PyTorch: not available (python3 -c "import torch" fails); install python3-torch to compare');

const samples = new Map<string, number[]>();
const cpuSamples = new Map<string, number[]>();
const record = (key: string, r: Result | null) => {
  if (!r) return;
  samples.set(key, [...(samples.get(key) ?? []), r.samplesPerSec]);
  if (r.samplesPerCpuSec) cpuSamples.set(key, [...(cpuSamples.get(key) ?? []), r.samplesPerCpuSec]);
};

if (runCpu) {
  for (const m of models) {
    if (m.name === 'resnet' && !runCpuResnet) continue;
    process.stdout.write(`tfjs cpu backend, ${m.name} (one step)...\n`);
    record(`${m.name}/cpu`, ours(m, 'cpu', 1));
  }
}
for (let round = 1; round <= rounds; round++) {
  for (const m of models) {
    process.stdout.write(`round ${round}/${rounds}: ${m.name}\n`);
    for (const t of threadCounts) {
      record(`${m.name}/fastcpu/${t}`, ours(m, 'fastcpu', t));
      if (tfManifest) record(`${m.name}/tensorflow/${t}`, ours(m, 'tensorflow', t));
      if (py) record(`${m.name}/torch/${t}`, torch(py, m, t));
    }
  }
}

const fmt = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : '-');
function table(title: string, data: Map<string, number[]>): void {
  const header = ['model', 'batch', 'tfjs cpu', ...threadCounts.flatMap((t) => [`fastcpu ${t}T`, `tensorflow ${t}T`, `torch ${t}T`, `fastcpu/torch ${t}T`, `tensorflow/torch ${t}T`])];
  const rows = models.map((m) => {
    const cells = [m.title, String(m.batch), fmt(median(data.get(`${m.name}/cpu`) ?? []))];
    for (const t of threadCounts) {
      const a = median(data.get(`${m.name}/fastcpu/${t}`) ?? []);
      const tfe = median(data.get(`${m.name}/tensorflow/${t}`) ?? []);
      const b = median(data.get(`${m.name}/torch/${t}`) ?? []);
      const ratio = (x: number) => (Number.isFinite(x / b) ? (x / b).toFixed(2) : '-');
      cells.push(fmt(a), fmt(tfe), fmt(b), ratio(a), ratio(tfe));
    }
    return cells;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}
table('training samples/s, wall clock (median of rounds; Adam; random data)', samples);
// On a shared machine the wall clock depends on what else runs; the process CPU time (all its
// threads) does much less. For 1 thread it is the fairer speed comparison; for 2 threads it
// shows efficiency, not speed-up.
table('training samples per CPU-second of the process (median of rounds)', cpuSamples);
console.log('\nall measurements (samples/s | per CPU-s):');
for (const [k, v] of samples) console.log(`  ${k}: ${v.map(fmt).join(', ')} | ${(cpuSamples.get(k) ?? []).map(fmt).join(', ')}`);
