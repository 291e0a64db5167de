// Ensembles and 10-crop testing on real MNIST digits: two small CNNs trained here by the real
// trainer (runTraining, 2 epochs), then evaluated. Each number is checked against an independent
// computation (the trainer's own evaluate job; tfjs predict + tf.reverse for mirrors), and the
// ensemble / multi-crop accuracies must sit in a sane range of the single models'.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateEnsemble, evaluateMultiCrop, tenCropViews } from '../../../electron/evaluation/index.ts';
import { loadDataset, flipHorizontal } from '../../../electron/trainer/data/index.ts';
import { selectEngine } from '../../../electron/trainer/engine.ts';
import { loadSavedModel, runJob } from '../../../electron/trainer/jobs.ts';
import { runTraining } from '../../../electron/trainer/run.ts';
import { main } from '../../../electron/cli/main.ts';
import { memoryIO } from '../../../electron/cli/io.ts';
import type { DataSpecInput } from '../../../shared/train/request.ts';
import type { TrainEvent } from '../../../shared/train/events.ts';
import { smallCnn } from './runFixtures.ts';

const tmp = mkdtempSync(join(tmpdir(), 'netwright-eval-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TEST: DataSpecInput = { kind: 'mnist', split: 'test' };
const LIMIT = 200;

const runs: string[] = [];
beforeAll(async () => {
  for (const [i, project] of [smallCnn('a', 8, 3), smallCnn('b', 6, 5)].entries()) {
    const done = await runTraining(
      { type: 'train', runId: `m${i}`, runsDir: tmp, project, data: { kind: 'mnist' }, settings: { epochs: 2, batchSize: 32, limit: 480, validationSplit: 0, seed: 11 + i } },
      () => {},
      new AbortController().signal,
    );
    if (done.type === 'error') throw new Error(`${done.code}: ${done.message}`);
    runs.push(join(tmp, `m${i}`));
  }
}, 300_000);

/** Accuracy of `model` per the trainer's own evaluate job (an independent code path). */
async function jobAccuracy(path: string): Promise<number> {
  const events: TrainEvent[] = [];
  const final = await runJob({ type: 'evaluate', model: path, data: TEST, limit: LIMIT }, (e) => events.push(e), new AbortController().signal);
  if (final.type === 'error') throw new Error(final.message);
  const ev = events.find((e) => e.type === 'evaluated');
  if (ev?.type !== 'evaluated' || ev.accuracy === null) throw new Error('no evaluation');
  return ev.accuracy;
}

/** Probabilities from tfjs directly, on the whole test subset as one tensor; optionally mirrored. */
async function tfjsProbabilities(tf: typeof TF, path: string, mirrored: boolean): Promise<{ probs: number[][]; labels: Int32Array }> {
  const ds = await loadDataset({ kind: 'mnist', split: 'test' }, { targetShape: [28, 28, 1], limit: LIMIT });
  const saved = await loadSavedModel(tf, path);
  try {
    const probs = tf.tidy(() => {
      let x = tf.tensor4d(Float32Array.from(ds.images, (v) => v / 255), [ds.count, 28, 28, 1]);
      if (mirrored) x = tf.reverse(x, 2);
      return (saved.model.predict(x) as TF.Tensor).arraySync() as number[][];
    });
    return { probs, labels: ds.labels };
  } finally {
    saved.model.dispose();
  }
}

function accuracyOf(probs: number[][], labels: Int32Array): number {
  let correct = 0;
  probs.forEach((row, i) => {
    if (row.indexOf(Math.max(...row)) === labels[i]) correct++;
  });
  return correct / probs.length;
}

describe('tenCropViews', () => {
  // 8x8, one channel, four constant quadrants: 10, 20 (top) and 30, 40 (bottom).
  const img = Uint8Array.from({ length: 64 }, (_, i) => (Math.floor(i / 8) < 4 ? 10 : 30) + (i % 8 < 4 ? 0 : 10));
  const shape = [8, 8, 1] as const;

  it('corners of a half-size crop are the quadrants, resized back to 8x8', () => {
    const views = tenCropViews(img, shape, [4, 4]);
    expect(views).toHaveLength(10);
    expect(views.slice(0, 4).map((v) => [...new Set(v)])).toEqual([[10], [20], [30], [40]]);
    // The centre crop holds all four quadrants, in place.
    expect(views[4]![0]).toBe(10);
    expect(views[4]![63]).toBe(40);
    // Mirrors: left-right reversed rows, by hand.
    for (let k = 0; k < 5; k++) {
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) expect(views[k + 5]![y * 8 + x]).toBe(views[k]![y * 8 + (7 - x)]);
    }
  });

  it('a full-size crop gives the image five times, then its mirror five times', () => {
    const views = tenCropViews(img, shape, [8, 8]);
    for (let k = 0; k < 5; k++) expect([...views[k]!]).toEqual([...img]);
    for (let k = 5; k < 10; k++) expect([...views[k]!]).toEqual([...flipHorizontal(img, shape)]);
    expect(() => tenCropViews(img, shape, [9, 8])).toThrow(/between 1x1 and the image size 8x8; received 9x8/);
  });
});

describe('evaluateEnsemble', () => {
  it('averages the members: accuracy as tfjs computes it, in a sane range of the members', async () => {
    const r = await evaluateEnsemble(runs, TEST, { limit: LIMIT });
    expect(r.samples).toBe(LIMIT);
    expect(r.members).toHaveLength(2);
    // Each member as the trainer's evaluate job scores it.
    for (const [i, m] of r.members.entries()) expect(m.accuracy).toBeCloseTo(await jobAccuracy(runs[i]!), 10);
    for (const m of r.members) expect(m.accuracy).toBeGreaterThan(0.5); // trained, not guessing (10%)
    // The ensemble, recomputed with tfjs on whole tensors.
    const { tf } = await selectEngine('auto');
    const a = await tfjsProbabilities(tf, runs[0]!, false);
    const b = await tfjsProbabilities(tf, runs[1]!, false);
    const mean = a.probs.map((row, i) => row.map((p, k) => (p + b.probs[i]![k]!) / 2));
    expect(r.ensemble.accuracy).toBeCloseTo(accuracyOf(mean, a.labels), 10);
    const lo = Math.min(...r.members.map((m) => m.accuracy));
    const hi = Math.max(...r.members.map((m) => m.accuracy));
    expect(r.ensemble.accuracy).toBeGreaterThanOrEqual(lo - 0.05);
    expect(r.ensemble.accuracy).toBeLessThanOrEqual(Math.min(1, hi + 0.1));
    expect(r.best.accuracy).toBe(hi);
    expect(r.cost.forwardPassesPerImage).toBe(2);
    expect(Number.isFinite(r.cost.timeRatio) && r.cost.timeRatio > 0).toBe(true);
    console.log(`ensemble on ${r.samples} MNIST test digits: members ${r.members.map((m) => m.accuracy.toFixed(3)).join(', ')} -> ensemble ${r.ensemble.accuracy.toFixed(3)} (loss ${r.members.map((m) => m.loss.toFixed(3)).join(', ')} -> ${r.ensemble.loss.toFixed(3)}); 2 passes/image, measured time ratio ${r.cost.timeRatio.toFixed(2)}x`);
  });

  it('an ensemble of one model twice is that model', async () => {
    const r = await evaluateEnsemble([runs[0]!, runs[0]!], TEST, { limit: LIMIT });
    expect(r.ensemble.accuracy).toBeCloseTo(r.members[0]!.accuracy, 12);
    expect(r.ensemble.loss).toBeCloseTo(r.members[0]!.loss, 6);
  });
});

describe('evaluateMultiCrop', () => {
  it('with a full-size crop equals averaging the image and its mirror (tfjs, tf.reverse)', async () => {
    const r = await evaluateMultiCrop(runs[0]!, TEST, { limit: LIMIT, crop: 1 });
    expect(r.crop).toEqual([28, 28]);
    expect(r.single.accuracy).toBeCloseTo(await jobAccuracy(runs[0]!), 10);
    const { tf } = await selectEngine('auto');
    const plain = await tfjsProbabilities(tf, runs[0]!, false);
    const mirror = await tfjsProbabilities(tf, runs[0]!, true);
    const mean = plain.probs.map((row, i) => row.map((p, k) => (p + mirror.probs[i]![k]!) / 2));
    expect(r.tenCrop.accuracy).toBeCloseTo(accuracyOf(mean, plain.labels), 10);
    expect(r.views[4]!.accuracy).toBeCloseTo(r.single.accuracy, 10); // centre crop = whole image
    expect(r.views[9]!.accuracy).toBeCloseTo(accuracyOf(mirror.probs, mirror.labels), 10);
  });

  it('10-crop at 0.875: ten views, accuracy in a sane range of the single pass, cost 10 passes', async () => {
    const r = await evaluateMultiCrop(runs[0]!, TEST, { limit: LIMIT });
    expect(r.crop).toEqual([25, 25]); // round(28 * 0.875)
    expect(r.views.map((v) => v.view)).toContain('bottom-right mirrored');
    expect(r.tenCrop.accuracy).toBeGreaterThanOrEqual(r.single.accuracy - 0.25);
    expect(r.tenCrop.accuracy).toBeLessThanOrEqual(1);
    expect(r.cost.forwardPassesPerImage).toBe(10);
    expect(Number.isFinite(r.cost.timeRatio) && r.cost.timeRatio > 0).toBe(true);
    // Digits are not mirror-symmetric: without the mirrors (5-crop) the views are the five crops.
    const five = await evaluateMultiCrop(runs[0]!, TEST, { limit: LIMIT, mirrors: false });
    expect(five.views.map((v) => v.accuracy)).toEqual(r.views.slice(0, 5).map((v) => v.accuracy));
    expect(five.cost.forwardPassesPerImage).toBe(5);
    console.log(`5-crop (no mirrors): ${five.tenCrop.accuracy.toFixed(3)}`);
    console.log(`multi-crop on ${r.samples} MNIST test digits, crop ${r.crop.join('x')} of 28x28: single ${r.single.accuracy.toFixed(3)}, 10-crop ${r.tenCrop.accuracy.toFixed(3)}, views ${r.views.map((v) => v.accuracy.toFixed(2)).join(' ')}; measured time ratio ${r.cost.timeRatio.toFixed(2)}x`);
  });

  it('netwright ensemble and netwright multicrop print JSON', async () => {
    const io = memoryIO();
    expect(await main(['ensemble', runs.join(','), '--data', 'mnist:test', '--limit', '100'], io)).toBe(0);
    const ens = JSON.parse(io.stdout.at(-1)!);
    expect(ens).toMatchObject({ samples: 100, forward_passes_per_image: 2 });
    expect(ens.members).toHaveLength(2);
    expect(await main(['multicrop', runs[1]!, '--data', 'mnist:test', '--limit', '100', '--crop', '24x24'], io)).toBe(0);
    const mc = JSON.parse(io.stdout.at(-1)!);
    expect(mc).toMatchObject({ samples: 100, crop: [24, 24], forward_passes_per_image: 10 });
    expect(mc.views).toHaveLength(10);
    expect(await main(['ensemble', runs[0]!, '--data', 'mnist:test'], io)).toBe(2);
    expect(await main(['multicrop', runs[0]!, '--data', 'mnist:test', '--crop', '1.5'], io)).toBe(2);
    // Failures inside the evaluation process come back with their own message.
    expect(await main(['ensemble', join(tmp, 'nope1'), join(tmp, 'nope2'), '--data', 'mnist:test'], io)).toBe(1);
    expect(io.stderr.join('\n')).toContain(`${join(tmp, 'nope1')}: no such file or folder`);
    expect(io.stderr.join('\n')).toContain('name at least two run folders');
    expect(io.stderr.join('\n')).toContain('--crop expects a fraction above 0 and at most 1');
  });
});
