// The evaluation channels through dispatch, over kept runs trained here for real (tiny CNNs,
// 2 epochs on 400 MNIST digits) in a user-data folder: the ensemble's accuracy is recomputed from
// the members' own per-image probabilities (tfjs predict in this process), 10-crop's single pass
// likewise; refusals name the runs and what differs (or that one trains now, through train:start);
// one evaluation at a time; Stop ends it.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/backend/handlers.ts';
import { dispatch } from '../../../electron/backend/dispatch.ts';
import { loadDataset } from '../../../electron/trainer/data/index.ts';
import { selectEngine } from '../../../electron/trainer/engine.ts';
import { loadSavedModel } from '../../../electron/trainer/jobs.ts';
import { whyWorse, type EvaluationReply } from '../../../shared/train/evaluation.ts';
import { patchNpy, tempDir, mlpProject } from '../trainer/fixtures.ts';
import { smallCnn, trainKeptRun } from './runFixtures.ts';

const LIMIT = 200;
const userDataDir = join(tempDir('nw-eval-handlers-'), 'user');
const runsDir = join(userDataDir, 'runs');
mkdirSync(runsDir, { recursive: true });
const handlers = createHandlers({ mode: 'browser', version: 'test', userDataDir, templatesDir: join(import.meta.dirname, '../../../templates') });

async function call(channel: string, payload: unknown): Promise<EvaluationReply> {
  const reply = await dispatch(handlers, channel, payload);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as EvaluationReply;
}

beforeAll(async () => {
  await trainKeptRun(runsDir, 'cnn-a', smallCnn('cnn_a', 8, 3), { seed: 3, epochs: 2 });
  await trainKeptRun(runsDir, 'cnn-b', smallCnn('cnn_b', 6, 5), { seed: 4, epochs: 2 });
  await trainKeptRun(runsDir, 'cnn-c', smallCnn('cnn_c', 4, 3), { seed: 5, epochs: 2 });
  // Other classes (3 patch corners, 8x8) and another input (16x16 digits): not ensemble material.
  await trainKeptRun(runsDir, 'patches', mlpProject(3, 'patch_mlp'), { data: patchNpy(150, 3), limit: 150 });
  await trainKeptRun(runsDir, 'small-input', smallCnn('cnn_16', 4, 3, 16), { limit: 100 });
  // A run whose backend ended mid-run: its record still says running, no trainer has it (train:runs shows it crashed).
  cpSync(join(runsDir, 'cnn-a'), join(runsDir, 'orphan'), { recursive: true });
  const record = JSON.parse(readFileSync(join(runsDir, 'orphan', 'run.json'), 'utf8'));
  writeFileSync(join(runsDir, 'orphan', 'run.json'), JSON.stringify({ ...record, id: 'orphan', status: 'running' }));
}, 120_000);

/** Class probabilities of a kept run on the first `LIMIT` MNIST test digits (round-robin), tfjs directly. */
async function probabilitiesOf(tf: typeof TF, id: string): Promise<{ probs: number[][]; labels: Int32Array }> {
  const ds = await loadDataset({ kind: 'mnist', split: 'test' }, { targetShape: [28, 28, 1], limit: LIMIT });
  const saved = await loadSavedModel(tf, join(runsDir, id));
  try {
    const probs = tf.tidy(() => (saved.model.predict(tf.tensor4d(Float32Array.from(ds.images, (v) => v / 255), [ds.count, 28, 28, 1])) as TF.Tensor).arraySync() as number[][]);
    return { probs, labels: ds.labels };
  } finally {
    saved.model.dispose();
  }
}

const argmax = (row: number[]) => row.indexOf(Math.max(...row));
const accuracyOf = (probs: number[][], labels: Int32Array) => probs.filter((row, i) => argmax(row) === labels[i]).length / probs.length;

describe('evaluate:ensemble', () => {
  it('averages the members on their own test split: the accuracy of the mean of their per-image probabilities', async () => {
    const reply = await call('evaluate:ensemble', { runIds: ['cnn-a', 'cnn-b', 'cnn-c'], limit: LIMIT });
    if (!reply.ok) throw new Error(reply.message);
    const r = reply.report;
    expect(r.data).toEqual({ kind: 'mnist', split: 'test' });
    expect(r.dataNote).toBeUndefined();
    expect(r.samples).toBe(LIMIT);
    expect(r.singles.map((s) => [s.runId, s.name])).toEqual([
      ['cnn-a', 'cnn_a'],
      ['cnn-b', 'cnn_b'],
      ['cnn-c', 'cnn_c'],
    ]);
    const { tf } = await selectEngine('auto');
    const tables = [await probabilitiesOf(tf, 'cnn-a'), await probabilitiesOf(tf, 'cnn-b'), await probabilitiesOf(tf, 'cnn-c')];
    const labels = tables[0]!.labels;
    tables.forEach((t, k) => expect(r.singles[k]!.accuracy).toBeCloseTo(accuracyOf(t.probs, labels), 10));
    const mean = tables[0]!.probs.map((row, i) => row.map((_, c) => tables.reduce((s, t) => s + t.probs[i]![c]!, 0) / 3));
    expect(r.combined.accuracy).toBeCloseTo(accuracyOf(mean, labels), 10);
    for (const s of r.singles) expect(s.accuracy).toBeGreaterThan(0.5); // trained, not guessing (10%)
    const best = Math.max(...r.singles.map((s) => s.accuracy));
    expect(r.bestSingle.accuracy).toBe(best);
    expect(r.meanSingleAccuracy).toBeCloseTo(r.singles.reduce((s, x) => s + x.accuracy, 0) / 3, 12);
    expect(r.passesPerImage).toBe(3);
    expect(r.timeRatio).toBeGreaterThan(0);
    expect(whyWorse(r) === undefined).toBe(r.combined.accuracy >= best);
    console.log(`ensemble on ${r.samples} MNIST test digits: ${r.singles.map((s) => `${s.runId} ${(s.accuracy * 100).toFixed(1)}%`).join(', ')} -> ${(r.combined.accuracy * 100).toFixed(1)}% (${r.passesPerImage} passes/image, ${r.timeRatio.toFixed(2)}x the time of the best member, ${r.seconds.toFixed(1)} s in all)`);
  }, 150_000);

  it('refuses runs that cannot be ensembled, naming them and what differs', async () => {
    const refused = async (payload: unknown) => {
      const reply = await call('evaluate:ensemble', payload);
      expect(reply.ok).toBe(false);
      return reply.ok ? '' : reply.message;
    };
    expect(await refused({ runIds: ['cnn-a', 'patches'] })).toMatch(/runs cnn-a \(cnn_a\) and patches \(patch_mlp\) predict different classes \(10 classes: 0, 1, 2, 3, 4, \.\.\. vs 0, 1, 2\)/);
    expect(await refused({ runIds: ['cnn-a', 'small-input'] })).toMatch(/runs cnn-a \(cnn_a\) and small-input \(cnn_16\) take different inputs \(28x28x1 vs 16x16x1\)/);
    expect(await refused({ runIds: ['cnn-a', 'nope'] })).toMatch(/there is no run "nope" in .*runs; refresh the runs list/);
    expect(await refused({ runIds: ['cnn-a', '..'] })).toMatch(/"\.\." is not a run id/);
    expect(await refused({ runIds: ['cnn-a', '../user/runs/cnn-b'] })).toMatch(/is not a run id/);
    expect(await refused({ runIds: ['cnn-a', 'cnn-a'] })).toMatch(/run cnn-a is named twice/);
    // The payload schema: 2 to 10 runs.
    expect((await dispatch(handlers, 'evaluate:ensemble', { runIds: ['cnn-a'] })).ok).toBe(false);
    expect((await dispatch(handlers, 'evaluate:ensemble', { runIds: Array(11).fill('cnn-a') })).ok).toBe(false);
  });

  it('runs one evaluation at a time; Stop ends it', async () => {
    const first = call('evaluate:ensemble', { runIds: ['cnn-a', 'cnn-b'] });
    const second = await call('evaluate:multicrop', { runId: 'cnn-a', limit: 10 });
    expect(second).toMatchObject({ ok: false, message: expect.stringContaining('an evaluation is already running (ensemble of 2 runs)') });
    expect(await call('evaluate:stop', {})).toEqual({ ok: true });
    expect(await first).toMatchObject({ ok: false, stopped: true, message: 'the evaluation (ensemble of 2 runs) was stopped' });
    expect(await call('evaluate:stop', {})).toEqual({ ok: false, message: 'no evaluation is running' });
  });
});

describe('evaluate:multicrop', () => {
  it('10-crop beside one pass: the single pass as tfjs predicts it, ten views, ten passes per image', async () => {
    const reply = await call('evaluate:multicrop', { runId: 'cnn-a', limit: LIMIT });
    if (!reply.ok) throw new Error(reply.message);
    const r = reply.report;
    const { tf } = await selectEngine('auto');
    const plain = await probabilitiesOf(tf, 'cnn-a');
    expect(r.singles).toHaveLength(1);
    expect(r.singles[0]!.accuracy).toBeCloseTo(accuracyOf(plain.probs, plain.labels), 10);
    expect(r.crop).toEqual([25, 25]);
    expect(r.views).toHaveLength(10);
    expect(r.passesPerImage).toBe(10);
    expect(r.combined.accuracy).toBeGreaterThanOrEqual(0);
    expect(r.combined.accuracy).toBeLessThanOrEqual(1);
    // An average of the ten views: not far below its worst view nor far above its best one.
    const viewAcc = r.views!.map((v) => v.accuracy);
    expect(r.combined.accuracy).toBeGreaterThanOrEqual(Math.min(...viewAcc) - 0.05);
    expect(r.combined.accuracy).toBeLessThanOrEqual(Math.max(...viewAcc) + 0.15);
    const why = whyWorse(r);
    console.log(`10-crop on ${r.samples} MNIST test digits: one pass ${(r.singles[0]!.accuracy * 100).toFixed(1)}%, 10-crop ${(r.combined.accuracy * 100).toFixed(1)}%; views ${viewAcc.map((a) => (a * 100).toFixed(0)).join(' ')}; ${r.timeRatio.toFixed(2)}x the time; ${why ?? 'no explanation needed'}`);
  }, 150_000);

  it('refuses an unknown run or a run still training; a run left "running" by an ended backend is evaluated', async () => {
    expect(await call('evaluate:multicrop', { runId: 'nope' })).toMatchObject({ ok: false, message: expect.stringContaining('there is no run "nope"') });
    expect(await call('evaluate:multicrop', { runId: '.hidden' })).toMatchObject({ ok: false, message: expect.stringContaining('is not a run id') });
    // A real run training now (train:start): refused while it trains, in an ensemble too.
    const reply = await dispatch(handlers, 'train:start', { project: smallCnn('training_now', 4, 3), data: { kind: 'mnist' }, settings: { epochs: 50, limit: 2000 } });
    const started = (reply.ok ? reply.value : reply) as { ok: boolean; runId: string };
    expect(started.ok).toBe(true);
    try {
      expect(await call('evaluate:multicrop', { runId: started.runId })).toMatchObject({ ok: false, message: `run ${started.runId} (training_now) is still training; wait for it to finish or stop it, then evaluate it` });
      expect(await call('evaluate:ensemble', { runIds: ['cnn-a', started.runId] })).toMatchObject({ ok: false, message: expect.stringContaining(`run ${started.runId} (training_now) is still training`) });
    } finally {
      await dispatch(handlers, 'train:stop', { runId: started.runId });
    }
    const orphan = await call('evaluate:ensemble', { runIds: ['orphan', 'cnn-b'], limit: 20 });
    expect(orphan.ok ? orphan.report.singles.map((x) => x.runId) : orphan.message).toEqual(['orphan', 'cnn-b']);
  }, 120_000);
});
