/**
 * Which images a kept run is evaluated on when the caller names none: its test data when it had
 * one (a test file or folder given at training, the test split of built-in MNIST), else the data
 * it trained on, said plainly because those accuracies flatter the model.
 */
import { basename } from 'node:path';
import type { DataSpecInput } from '../../shared/train/request.ts';
import type { RunRecord } from '../trainer/runs.ts';

/** The run's own test data, with a note when it is not a held-out test set. */
export function testDataOf(record: Pick<RunRecord, 'data' | 'testData'>): { spec: DataSpecInput; note?: string } {
  if (record.testData) return { spec: record.testData };
  const data = record.data;
  // Built-in MNIST has a fixed test split (the last 15% of each digit), never trained on.
  if (data.kind === 'mnist') return { spec: { kind: 'mnist', split: 'test' } };
  if (data.kind === 'h5' && data.split === 'test') return { spec: data };
  return { spec: data, note: 'the run had no test set, so this is the data it trained on: accuracies here are higher than on new images' };
}

/** Two data specs naming the same images. */
export function sameData(a: DataSpecInput, b: DataSpecInput): boolean {
  return JSON.stringify(normalized(a)) === JSON.stringify(normalized(b));
}

function normalized(spec: DataSpecInput): Record<string, unknown> {
  const entries = Object.entries(spec).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.sort(([x], [y]) => (x < y ? -1 : 1)));
}

/** The data in words, for the results card and messages. */
export function dataLabel(spec: DataSpecInput): string {
  switch (spec.kind) {
    case 'mnist':
      return `built-in MNIST, ${spec.split ?? 'train'} split${spec.limit ? ` (first ${spec.limit})` : ''}`;
    case 'h5':
      return `${basename(spec.path)}${spec.split ? ` (${spec.split} arrays)` : ''}`;
    case 'folder':
      return `folder ${spec.path}`;
    case 'csv':
      return basename(spec.path);
    case 'npy':
      return `${basename(spec.x)} + ${basename(spec.y)}`;
  }
}
