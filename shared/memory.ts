/**
 * A first-order estimate of the memory one training step needs, in float32: the weights, their
 * gradients, Adam's two moment vectors, and every layer's output kept for the backward pass,
 * times the batch size. Framework overheads (workspace buffers, allocator slack) are left out.
 */
import type { Analysis } from './graph/analyze.ts';
import { numElements } from './shape.ts';

/** Bytes per float32 value. */
export const FLOAT32_BYTES = 4;

export interface TrainingMemory {
  /** All weights, trainable and not. */
  parameters: number;
  /** One gradient per trainable weight. */
  gradients: number;
  /** Adam keeps a first and a second moment per trainable weight. */
  optimizer: number;
  /** Every node's output tensor (including the Input's) for the whole batch. */
  activations: number;
  total: number;
}

/**
 * Estimates training memory in bytes for `batchSize` samples with the Adam optimizer:
 * 4 * (P + T + 2T + A * batch), where P is the parameter total, T the trainable count and A the
 * number of activation values per sample (the sum of every known output shape's size).
 */
export function trainingMemory(analysis: Analysis, batchSize: number): TrainingMemory {
  const batch = Math.max(0, Math.floor(batchSize));
  let activationValues = 0;
  for (const node of analysis.nodes.values()) {
    if (node.shape) activationValues += numElements(node.shape);
  }
  const parameters = analysis.totals.total * FLOAT32_BYTES;
  const gradients = analysis.totals.trainable * FLOAT32_BYTES;
  const optimizer = 2 * analysis.totals.trainable * FLOAT32_BYTES;
  const activations = activationValues * batch * FLOAT32_BYTES;
  return { parameters, gradients, optimizer, activations, total: parameters + gradients + optimizer + activations };
}

/** `1536` -> `1.5 KiB`; binary units as memory is counted. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}
