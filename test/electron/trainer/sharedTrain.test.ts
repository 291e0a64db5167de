/**
 * The pure training pieces in shared/train: loss chosen from the output layer, settings
 * defaults, "replace head" as a graph edit (checked by compiling with real tfjs), the memory
 * estimate (layer sizes checked against the tfjs model), and batch-event throttling.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import { validateProject } from '../../../shared/graph/load.ts';
import { resolveProject } from '../../../electron/cli/resolveProject.ts';
import type { Project } from '../../../shared/graph/schema.ts';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import { batchThrottle, type TrainEvent } from '../../../shared/train/events.ts';
import { estimateTrainingMemory } from '../../../shared/train/memory.ts';
import { replaceHead } from '../../../shared/train/replaceHead.ts';
import { defaultSettings, labelEncoding, outputHead, resolveLoss, TrainSettingsSchema } from '../../../shared/train/settings.ts';
import { lenetProject, mlpProject } from './fixtures.ts';

function load(input: unknown): Project {
  const r = validateProject(input);
  if (!r.ok) throw new Error(r.error.message);
  return r.project;
}
const happy = (() => {
  const r = resolveProject('happy_model');
  if (!r.ok) throw new Error(r.message);
  return r.project;
})();

describe('settings and the automatic loss', () => {
  it('defaults to Adam 0.001, 10 epochs, batch 32, 20% validation, auto loss, auto engine', () => {
    expect(defaultSettings()).toMatchObject({ optimizer: 'adam', learningRate: 0.001, epochs: 10, batchSize: 32, validationSplit: 0.2, loss: 'auto', engine: 'auto', shuffle: true, earlyStopping: null, metrics: ['accuracy'] });
    expect(TrainSettingsSchema.safeParse({ optimizer: 'lbfgs' }).success).toBe(false);
    expect(TrainSettingsSchema.safeParse({ learningRate: 0 }).success).toBe(false);
    expect(TrainSettingsSchema.parse({ earlyStopping: {} }).earlyStopping).toEqual({ patience: 3, monitor: 'val_loss', minDelta: 0 });
  });

  it('one sigmoid unit -> binary cross-entropy; softmax over N -> categorical; otherwise MSE with a warning', () => {
    const h = outputHead(analyzeGraph(happy))!;
    expect(h).toEqual({ name: 'fc', units: 1, activation: 'sigmoid' });
    expect(resolveLoss('auto', h)).toMatchObject({ loss: 'binaryCrossentropy' });
    expect(labelEncoding('binaryCrossentropy', 1)).toBe('binary');
    const l = outputHead(analyzeGraph(load(lenetProject())))!;
    expect(resolveLoss('auto', l)).toMatchObject({ loss: 'categoricalCrossentropy', reason: expect.stringContaining('softmax over 10 classes') });
    expect(labelEncoding('categoricalCrossentropy', 10)).toBe('onehot');
    expect(labelEncoding('sparseCategoricalCrossentropy', 10)).toBe('sparse');
    const linear = resolveLoss('auto', { name: 'logits', units: 10, activation: 'linear' });
    expect(linear.loss).toBe('meanSquaredError');
    expect(linear.warning).toMatch(/output layer "logits" \(10 units, linear\) ends without sigmoid or softmax/);
    expect(resolveLoss('categoricalCrossentropy', h).warning).toMatch(/needs one output unit per class; output layer "fc"/);
  });
});

describe('replace head', () => {
  it('swaps the final Dense for a new softmax Dense over N classes that compiles in tfjs', () => {
    const r = replaceHead(load(lenetProject()), 5);
    if (!r.ok) throw new Error(r.message);
    expect(r.removed).toEqual(['out']);
    expect(r.head).toBe('head');
    const analysis = analyzeGraph(r.project);
    expect(analysis.ok).toBe(true);
    expect(outputHead(analysis)).toEqual({ name: 'head', units: 5, activation: 'softmax' });
    const model = compileToTfjs(tf, r.project, analysis);
    expect(model.outputs[0]!.shape).toEqual([null, 5]);
    expect(model.countParams()).toBe(analysis.totals.total);
    model.dispose();
  });

  it('with freezeBase only the new head trains (tfjs agrees on the trainable count)', () => {
    const r = replaceHead(load(lenetProject()), 3, { freezeBase: true });
    if (!r.ok) throw new Error(r.message);
    expect(r.frozen).toEqual(['c1', 'c3', 'f5', 'f6']);
    const analysis = analyzeGraph(r.project);
    expect(analysis.totals.trainable).toBe((84 + 1) * 3);
    const model = compileToTfjs(tf, r.project, analysis);
    const trainable = model.trainableWeights.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
    expect(trainable).toBe(255);
    model.dispose();
  });

  it('removes a trailing Activation/Dropout too, and never reuses an old name', () => {
    const p = load(mlpProject(3));
    p.nodes = p.nodes.map((n) => (n.id === 'out' ? { ...n, name: 'head', params: { units: 3, activation: 'linear' } } : n));
    p.nodes.push({ id: 'drop', kind: 'Dropout', name: 'drop', params: { rate: 0.5 }, position: { x: 0, y: 0 } }, { id: 'sm', kind: 'Activation', name: 'sm', params: { activation: 'softmax' }, position: { x: 0, y: 0 } });
    p.edges.push({ id: 'e4', source: 'out', sourcePort: 'out', target: 'drop', targetPort: 'in' }, { id: 'e5', source: 'drop', sourcePort: 'out', target: 'sm', targetPort: 'in' });
    const r = replaceHead(p, 1);
    if (!r.ok) throw new Error(r.message);
    expect(r.removed).toEqual(['sm', 'drop', 'out']);
    expect(r.head).toBe('head_1');
    const a = analyzeGraph(r.project);
    expect(a.ok).toBe(true);
    expect(outputHead(a)).toEqual({ name: 'head_1', units: 1, activation: 'sigmoid' });
    expect(r.project.edges.find((e) => e.target === 'head_1')!.source).toBe('hidden');
  });

  it('refuses graphs whose output is not a Dense head', () => {
    const p = load(mlpProject(3));
    p.nodes = p.nodes.filter((n) => n.id !== 'out' && n.id !== 'hidden');
    p.edges = p.edges.filter((e) => e.id === 'e1');
    const r = replaceHead(p, 4);
    expect(r).toEqual({ ok: false, message: 'replace head: the output "flatten" (Flatten) is not a Dense layer (optionally followed by Activation or Dropout)' });
    expect(replaceHead(load(mlpProject(3)), 0).ok).toBe(false);
  });
});

describe('memory estimate', () => {
  it('counts weights, gradients, optimizer slots and both passes of every layer output (sizes from the tfjs model)', () => {
    const analysis = analyzeGraph(happy);
    const model = compileToTfjs(tf, happy, analysis);
    let perSample = 0;
    for (const layer of model.layers) perSample += (layer.outputShape as number[]).slice(1).reduce((a, b) => a * b, 1);
    const est = estimateTrainingMemory(analysis, { batchSize: 32, optimizer: 'adam' });
    expect(est.activationsPerSample).toBe(perSample);
    expect(est.bytes.weights).toBe(model.countParams() * 4);
    expect(est.bytes.gradients).toBe(37_569 * 4);
    expect(est.bytes.optimizer).toBe(2 * 37_569 * 4);
    expect(est.bytes.activations).toBe(perSample * 32 * 4 * 2);
    expect(est.fits).toBe(true);
    expect(estimateTrainingMemory(analysis, { batchSize: 32, optimizer: 'sgd' }).bytes.optimizer).toBe(0);
    model.dispose();
  });

  it('warns when it will not fit and suggests a batch size that would', () => {
    const analysis = analyzeGraph(happy);
    const est = estimateTrainingMemory(analysis, { batchSize: 512, optimizer: 'adam', available: { totalBytes: 2 ** 30, freeBytes: 200 * 2 ** 20 } });
    expect(est.fits).toBe(false);
    expect(est.message).toMatch(/of 200 MiB free: this will likely not fit\. Try batch size (\d+) or less/);
    const suggested = Number(/Try batch size (\d+)/.exec(est.message)![1]);
    expect(estimateTrainingMemory(analysis, { batchSize: suggested, optimizer: 'adam', available: est.available }).fits).toBe(true);
  });
});

describe('batch throttle', () => {
  it('lets at most one batch event through per interval, always the last batch of an epoch', () => {
    let t = 0;
    const pass = batchThrottle(100, () => t);
    const batch = (b: number): TrainEvent => ({ type: 'batch', runId: 'r', epoch: 1, batch: b, batches: 10, loss: 1, acc: null });
    const passed: number[] = [];
    for (let b = 1; b <= 10; b++) {
      if (pass(batch(b))) passed.push(b);
      t += 30;
    }
    expect(passed).toEqual([1, 5, 9, 10]);
    expect(pass({ type: 'log', runId: 'r', level: 'info', message: 'x' })).toBe(true);
  });

  it('always lets the first batch of an epoch through, even right after loading progress (the watchdog times it)', () => {
    let t = 0;
    const pass = batchThrottle(100, () => t);
    expect(pass({ type: 'loading', runId: 'r', role: 'training', done: 5, total: 10 })).toBe(true);
    t += 10;
    expect(pass({ type: 'batch', runId: 'r', epoch: 1, batch: 1, batches: 10, loss: 1, acc: null })).toBe(true);
    t += 10;
    expect(pass({ type: 'batch', runId: 'r', epoch: 1, batch: 2, batches: 10, loss: 1, acc: null })).toBe(false);
    expect(pass({ type: 'batch', runId: 'r', epoch: 2, batch: 1, batches: 10, loss: 1, acc: null })).toBe(true);
  });
});
