/**
 * Test fixtures for the trainer: a small synthetic image set whose classes are told apart by
 * where the bright patch is (learnable in a few epochs by a tiny MLP on the plain CPU backend),
 * small graphs, and an event collector.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../../electron/trainer/data/types.ts';
import { createRng } from '../../../electron/trainer/data/rng.ts';
import type { ProjectInput } from '../../../shared/graph/schema.ts';
import type { TrainEvent } from '../../../shared/train/events.ts';
import { chainProject } from '../../shared/chainProject.ts';

/** `count` 8x8x1 images of `classes` classes: class k has a bright 4x4 patch at corner k, plus noise. */
export function patchDataset(count: number, classes = 3, seed = 1): Dataset {
  const rng = createRng(seed);
  const [h, w] = [8, 8];
  const images = new Uint8Array(count * h * w);
  const labels = new Int32Array(count);
  const corners = [
    [0, 0],
    [0, 4],
    [4, 0],
    [4, 4],
  ];
  for (let i = 0; i < count; i++) {
    const k = i % classes;
    labels[i] = k;
    const [r0, c0] = corners[k % 4]!;
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const inPatch = r >= r0! && r < r0! + 4 && c >= c0! && c < c0! + 4;
        images[i * h * w + r * w + c] = Math.max(0, Math.min(255, Math.round((inPatch ? 190 : 40) + rng.normal(30))));
      }
    }
  }
  return { name: 'patches', source: '/virtual/patches', images, labels, shape: [h, w, 1], classes: Array.from({ length: classes }, (_, k) => `corner${k}`), count };
}

/** Input 8x8x1 -> Flatten -> Dense(16, relu) -> Dense(classes, softmax | 1 sigmoid). */
export function mlpProject(classes = 3, name = 'tiny_mlp'): ProjectInput {
  const binary = classes === 1;
  return chainProject(name, [
    { id: 'in', kind: 'Input', name: 'input_1', params: { shape: [8, 8, 1] } },
    { id: 'flat', kind: 'Flatten', name: 'flatten', params: {} },
    { id: 'hidden', kind: 'Dense', name: 'hidden', params: { units: 16, activation: 'relu' } },
    { id: 'out', kind: 'Dense', name: 'out', params: { units: classes, activation: binary ? 'sigmoid' : 'softmax' } },
  ]);
}

/** Input 28x28x1 -> Flatten -> Dense(32, relu) -> Dense(10, softmax): fast on MNIST with any engine. */
export function mnistMlpProject(): ProjectInput {
  return chainProject('mnist_mlp', [
    { id: 'in', kind: 'Input', name: 'input_1', params: { shape: [28, 28, 1] } },
    { id: 'flat', kind: 'Flatten', name: 'flatten', params: {} },
    { id: 'hidden', kind: 'Dense', name: 'hidden', params: { units: 32, activation: 'relu' } },
    { id: 'out', kind: 'Dense', name: 'out', params: { units: 10, activation: 'softmax' } },
  ]);
}

/** A LeNet-5-like network for 28x28x1 digits: conv 6@5x5 same, pool, conv 16@5x5, pool, 120, 84, 10. */
export function lenetProject(): ProjectInput {
  const chain: [string, string, Record<string, unknown>][] = [
    ['input_1', 'Input', { shape: [28, 28, 1] }],
    ['c1', 'Conv2D', { filters: 6, kernelSize: [5, 5], padding: 'same', activation: 'relu' }],
    ['s2', 'MaxPooling2D', { poolSize: [2, 2], strides: [2, 2] }],
    ['c3', 'Conv2D', { filters: 16, kernelSize: [5, 5], activation: 'relu' }],
    ['s4', 'MaxPooling2D', { poolSize: [2, 2], strides: [2, 2] }],
    ['flatten', 'Flatten', {}],
    ['f5', 'Dense', { units: 120, activation: 'relu' }],
    ['f6', 'Dense', { units: 84, activation: 'relu' }],
    ['out', 'Dense', { units: 10, activation: 'softmax' }],
  ];
  return chainProject(
    'LeNet5',
    chain.map(([id, kind, params]) => ({ id, kind, name: id, params })),
  );
}

export function tempDir(prefix = 'netwright-trainer-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Collects events; `of(type)` filters them with the right type. */
export function collector(): { events: TrainEvent[]; emit: (e: TrainEvent) => void; of<T extends TrainEvent['type']>(type: T): Extract<TrainEvent, { type: T }>[] } {
  const events: TrainEvent[] = [];
  return {
    events,
    emit: (e) => events.push(e),
    of: <T extends TrainEvent['type']>(type: T) => events.filter((e): e is Extract<TrainEvent, { type: T }> => e.type === type),
  };
}

/** The datasets folder next to the checkout (CI) or undefined when absent. */
export const DATASETS = new URL('../../../../shared/datasets/', import.meta.url).pathname;

/** Writes a NumPy .npy file (format 1.0) holding `data` with `shape`; descr '|u1' or '<i4'. */
export function writeNpy(path: string, data: Uint8Array | Int32Array, shape: number[]): void {
  const descr = data instanceof Uint8Array ? '|u1' : '<i4';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, ...Buffer.from('NUMPY'), 1, 0]);
  new DataView(head.buffer).setUint16(8, header.length, true);
  head.set(Buffer.from(header, 'latin1'), 10);
  writeFileSync(path, Buffer.concat([head, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)]));
}

/** The patch dataset as an x.npy / y.npy pair in a temporary folder, for trainer child processes. */
export function patchNpy(count = 300, classes = 3): { kind: 'npy'; x: string; y: string } {
  const ds = patchDataset(count, classes);
  const dir = tempDir('netwright-npy-');
  writeNpy(join(dir, 'x.npy'), ds.images, [count, 8, 8, 1]);
  writeNpy(join(dir, 'y.npy'), ds.labels, [count]);
  return { kind: 'npy', x: join(dir, 'x.npy'), y: join(dir, 'y.npy') };
}
