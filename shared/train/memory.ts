/**
 * Training memory check before a run: shared/memory.ts' estimate (weights, gradients, layer
 * outputs at the batch size) adjusted to the chosen optimizer's slot count and to the gradient
 * of every layer output, plus the dataset held in memory, compared with the machine's free
 * memory. An estimate (tfjs' CPU backends add temporaries), so the warning keeps a margin.
 */
import type { Analysis } from '../graph/analyze.ts';
import { FLOAT32_BYTES, formatBytes, trainingMemory } from '../memory.ts';
import type { OptimizerName } from './settings.ts';

export { formatBytes };

/** Slot variables per parameter: SGD none; momentum 1 (velocity); Adam 2 (m, v); RMSProp 2 (mean square, moment). */
export const OPTIMIZER_SLOTS: Record<OptimizerName, number> = { sgd: 0, momentum: 1, adam: 2, rmsprop: 2 };

export interface MemoryEstimate {
  parameters: number;
  batchSize: number;
  /** Float32 values per sample produced by all layers (input included). */
  activationsPerSample: number;
  bytes: { weights: number; gradients: number; optimizer: number; activations: number; data: number; total: number };
  /** What the machine reports, when known. */
  available?: { totalBytes: number; freeBytes: number };
  /** False when the total exceeds the usable share of free memory. */
  fits: boolean;
  /** One line for the UI / CLI: "about 212 MB of 3.1 GB free". */
  message: string;
}

/**
 * Estimates training memory for `analysis` at `batchSize` with `optimizer`. `dataBytes` is the
 * dataset held in memory (uint8 images); `available` the machine's memory (os.totalmem/freemem).
 * Activations count twice: the forward output kept for backprop and its gradient.
 */
export function estimateTrainingMemory(
  analysis: Analysis,
  options: { batchSize: number; optimizer: OptimizerName; dataBytes?: number; available?: { totalBytes: number; freeBytes: number } },
): MemoryEstimate {
  const parameters = analysis.totals.total;
  const base = trainingMemory(analysis, options.batchSize);
  const activationsPerSample = trainingMemory(analysis, 1).activations / FLOAT32_BYTES;
  const weights = base.parameters;
  const gradients = base.gradients;
  const optimizer = base.gradients * OPTIMIZER_SLOTS[options.optimizer];
  // Forward outputs are kept for backprop and each gets a gradient of the same size.
  const activations = base.activations * 2;
  const data = options.dataBytes ?? 0;
  const total = weights + gradients + optimizer + activations + data;
  const available = options.available;
  // Keep a quarter of free memory for the runtime, the UI and tfjs temporaries.
  const fits = available ? total <= available.freeBytes * 0.75 : true;
  let message = `about ${formatBytes(total)} (weights ${formatBytes(weights)}, activations at batch ${options.batchSize} ${formatBytes(activations)}`;
  message += data > 0 ? `, data ${formatBytes(data)})` : ')';
  if (available) message += ` of ${formatBytes(available.freeBytes)} free`;
  if (!fits) {
    const perSample = activationsPerSample * FLOAT32_BYTES * 2;
    const room = available!.freeBytes * 0.75 - (total - activations);
    const batch = Math.max(0, Math.floor(room / perSample));
    message += `: this will likely not fit. ${batch >= 1 ? `Try batch size ${largestPowerOfTwo(batch)} or less, ` : ''}use fewer samples, or a smaller model`;
  }
  return {
    parameters,
    batchSize: options.batchSize,
    activationsPerSample,
    bytes: { weights, gradients, optimizer, activations, data, total },
    available,
    fits,
    message,
  };
}

function largestPowerOfTwo(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}
