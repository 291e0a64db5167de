/**
 * One measurement, in its own process (the engine and its thread count are per process):
 * trains one bench model with Adam on random data and prints {"samplesPerSec": ...} as JSON.
 * The tensorflow engine (the tfjs-node binding on the person's TensorFlow) sets its threads with
 * TF_NUM_INTRAOP_THREADS, which TensorFlow reads when it starts.
 * Usage: npx tsx bench/engineRun.ts <happy|lenet5|resnet|resnet50> <cpu|fastcpu|tensorflow> <threads> <seconds> [batch]
 */
import type * as TF from '@tensorflow/tfjs';
import { BENCH_MODELS } from './models.ts';

const [modelName, engineName, threadsArg, secondsArg, batchArg] = process.argv.slice(2);
const spec = BENCH_MODELS.find((m) => m.name === modelName);
if (!spec || (engineName !== 'cpu' && engineName !== 'fastcpu' && engineName !== 'tensorflow')) {
  console.error('usage: engineRun.ts <happy|lenet5|resnet|resnet50> <cpu|fastcpu|tensorflow> <threads> <seconds> [batch]');
  process.exit(2);
}
const seconds = Number(secondsArg ?? 10);
const batch = Number(batchArg ?? spec.batch);

let tf: typeof TF;
let label: string;
if (engineName === 'fastcpu') {
  const { loadFastCpuEngine } = await import('../electron/trainer/engines/fastcpu/index.ts');
  const engine = await loadFastCpuEngine({ threads: Number(threadsArg ?? 1) });
  tf = engine.tf;
  label = engine.label;
} else if (engineName === 'tensorflow') {
  const { loadTensorflowEngine } = await import('../electron/trainer/engines/tensorflow/index.ts');
  const engine = await loadTensorflowEngine();
  tf = engine.tf;
  label = engine.label;
} else {
  tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  label = 'tfjs cpu';
}

const model = spec.build(tf);
model.compile({ optimizer: tf.train.adam(1e-3), loss: spec.classes === 1 ? 'binaryCrossentropy' : 'categoricalCrossentropy' });
const x = tf.randomNormal([batch, ...spec.inputShape]);
const labels = tf.randomUniform([batch], 0, Math.max(spec.classes, 2), 'int32');
const y = spec.classes === 1 ? labels.reshape([batch, 1]).toFloat() : tf.oneHot(labels, spec.classes).toFloat();

const step = async () => {
  const loss = await model.trainOnBatch(x, y);
  if (!Number.isFinite(Array.isArray(loss) ? loss[0] : loss)) throw new Error('loss is not finite');
};
// Warm-up: kernels compile, XNNPACK operators and optimizer slots are created.
const warmup = engineName === 'cpu' ? 0 : 2;
for (let i = 0; i < warmup; i++) await step();
const start = performance.now();
const cpuStart = process.cpuUsage();
let steps = 0;
while (steps < 1 || (engineName !== 'cpu' && (steps < 3 || performance.now() - start < seconds * 1000))) {
  await step();
  steps++;
}
const elapsed = (performance.now() - start) / 1000;
// CPU time of the whole process (all threads): robust to other load on a shared machine.
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({ model: spec.name, engine: engineName, label, batch, steps, seconds: elapsed, cpuSeconds, samplesPerSec: (steps * batch) / elapsed, samplesPerCpuSec: (steps * batch) / cpuSeconds }));
process.exit(0);
