// Evaluating kept runs on data the person chooses instead of their own test data, through
// dispatch: two tiny CNNs trained here for real on MNIST digits are evaluated on other digits
// written as an x.npy / y.npy pair (MNIST test digits 600-899, not their own test data); the
// accuracies are recomputed with tfjs predict in this process. Data that does not fit (another
// image shape, another number of classes) is refused with a message naming the data and the runs,
// by 'evaluate:data' before anything runs and by the evaluation channels themselves.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/backend/handlers.ts';
import { dispatch } from '../../../electron/backend/dispatch.ts';
import { loadDataset } from '../../../electron/trainer/data/index.ts';
import { selectEngine } from '../../../electron/trainer/engine.ts';
import { loadSavedModel } from '../../../electron/trainer/jobs.ts';
import type { EvaluationDataReply } from '../../../shared/ipc.ts';
import type { EvaluationReply } from '../../../shared/train/evaluation.ts';
import { DATASETS, patchNpy, tempDir, writeNpy } from '../trainer/fixtures.ts';
import { smallCnn, trainKeptRun } from './runFixtures.ts';

const FROM = 600;
const COUNT = 300;
const userDataDir = join(tempDir('nw-eval-data-'), 'user');
const runsDir = join(userDataDir, 'runs');
mkdirSync(runsDir, { recursive: true });
const handlers = createHandlers({ mode: 'browser', version: 'test', userDataDir, templatesDir: join(import.meta.dirname, '../../../templates') });
const signsH5 = join(DATASETS, 'course-h5', 'test_signs.h5');
const signsFolder = join(DATASETS, 'sign-language-digits', 'Dataset');
const hasDatasets = existsSync(signsH5) && existsSync(signsFolder);
if (!hasDatasets) console.warn(`evaluation data-choice tests with course and sign-language data skipped: ${DATASETS} is absent (put the shared datasets folder beside the checkout)`);

/** MNIST test digits FROM..FROM+COUNT as the images and labels the .npy pair holds. */
let digits: { images: Uint8Array; labels: Int32Array };
let npy: { kind: 'npy'; x: string; y: string };

async function call<T = EvaluationReply>(channel: string, payload: unknown): Promise<T> {
  const reply = await dispatch(handlers, channel, payload);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as T;
}

beforeAll(async () => {
  await trainKeptRun(runsDir, 'digits-a', smallCnn('cnn_a', 8, 3), { seed: 3 });
  await trainKeptRun(runsDir, 'digits-b', smallCnn('cnn_b', 6, 5), { seed: 4 });
  const test = await loadDataset({ kind: 'mnist', split: 'test' }, {});
  const size = 28 * 28;
  digits = { images: test.images.slice(FROM * size, (FROM + COUNT) * size), labels: Int32Array.from(test.labels.slice(FROM, FROM + COUNT)) };
  const dir = tempDir('nw-eval-npy-');
  writeNpy(join(dir, 'digits_x.npy'), digits.images, [COUNT, 28, 28, 1]);
  writeNpy(join(dir, 'digits_y.npy'), digits.labels, [COUNT]);
  npy = { kind: 'npy', x: join(dir, 'digits_x.npy'), y: join(dir, 'digits_y.npy') };
}, 120_000);

/** A kept run's class probabilities on the .npy digits, tfjs predict directly. */
async function probabilitiesOf(tf: typeof TF, id: string): Promise<number[][]> {
  const saved = await loadSavedModel(tf, join(runsDir, id));
  try {
    return tf.tidy(() => (saved.model.predict(tf.tensor4d(Float32Array.from(digits.images, (v) => v / 255), [COUNT, 28, 28, 1])) as TF.Tensor).arraySync() as number[][]);
  } finally {
    saved.model.dispose();
  }
}

const argmax = (row: number[]) => row.indexOf(Math.max(...row));
const accuracyOf = (probs: number[][]) => probs.filter((row, i) => argmax(row) === digits.labels[i]).length / probs.length;

describe('evaluate:data', () => {
  it("without a choice: the runs' own test data as stored, fitting them", async () => {
    const r = await call<EvaluationDataReply>('evaluate:data', { runIds: ['digits-a', 'digits-b'] });
    if (!r.ok) throw new Error(r.message);
    expect(r).toMatchObject({ own: true, data: { kind: 'mnist', split: 'test' }, label: 'built-in MNIST, test split', shape: [28, 28, 1], problems: [], runs: { inputShape: [28, 28, 1] } });
    const mnistTest = await loadDataset({ kind: 'mnist', split: 'test' }, {});
    expect(r.count).toBe(mnistTest.count);
    expect(r.classes).toEqual(mnistTest.classes);
  });

  it('a chosen .npy pair: its name, count, shape and classes; it fits', async () => {
    const r = await call<EvaluationDataReply>('evaluate:data', { runIds: ['digits-a'], data: npy });
    if (!r.ok) throw new Error(r.message);
    expect(r).toMatchObject({ own: false, data: npy, label: 'digits_x.npy + digits_y.npy', count: COUNT, shape: [28, 28, 1], problems: [] });
    expect(r.classes).toHaveLength(10);
  });

  it('data the runs trained on (MNIST\'s training part) is allowed, with a note that it flatters them', async () => {
    const r = await call<EvaluationDataReply>('evaluate:data', { runIds: ['digits-a', 'digits-b'], data: { kind: 'mnist', split: 'train' } });
    if (!r.ok) throw new Error(r.message);
    expect(r.problems).toEqual([]);
    expect(r.notes).toEqual(['every run trained on this data, so accuracies here are higher than on new images']);
    const test = await call<EvaluationDataReply>('evaluate:data', { runIds: ['digits-a'], data: { kind: 'mnist', split: 'test' } });
    expect(test).toMatchObject({ ok: true, notes: [] });
  });

  it('data of another shape and class count: both differences, naming the file and the runs', async () => {
    const patches = patchNpy(60, 3);
    const r = await call<EvaluationDataReply>('evaluate:data', { runIds: ['digits-a', 'digits-b'], data: patches });
    if (!r.ok) throw new Error(r.message);
    expect(r.problems).toEqual([
      `${patches.x} (labels y.npy) holds 8x8x1 images, but the 2 runs (digits-a, digits-b) take 28x28x1.`,
      `${patches.x} (labels y.npy) has 3 classes (0, 1, 2), but the 2 runs (digits-a, digits-b) predict 10 (0, 1, 2, 3, 4, …).`,
    ]);
  });

  it('a file that cannot be read, and a run that does not exist, are said plainly', async () => {
    const missing = await call<EvaluationDataReply>('evaluate:data', { runIds: ['digits-a'], data: { kind: 'h5', path: '/nowhere/test.h5' } });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.message).toMatch(/^the data test\.h5 cannot be read: .*\/nowhere\/test\.h5/);
    const noRun = await call<EvaluationDataReply>('evaluate:data', { runIds: ['nope'] });
    expect(noRun).toMatchObject({ ok: false, message: expect.stringMatching(/there is no run "nope"/) });
  });

  it.skipIf(!hasDatasets)('course signs .h5 does not fit digit runs; a folder of sign photos is resized, as training does', async () => {
    const h5 = await call<EvaluationDataReply>('evaluate:data', { runIds: ['digits-a'], data: { kind: 'h5', path: signsH5 } });
    if (!h5.ok) throw new Error(h5.message);
    expect(h5).toMatchObject({ count: 120, shape: [64, 64, 3], classes: ['0', '1', '2', '3', '4', '5'] });
    expect(h5.problems).toEqual([
      `${signsH5} holds 64x64x3 images, but run digits-a (cnn_a) takes 28x28x1.`,
      `${signsH5} has 6 classes (0, 1, 2, 3, 4, 5), but run digits-a (cnn_a) predicts 10 (0, 1, 2, 3, 4, …).`,
    ]);
    const folder = await call<EvaluationDataReply>('evaluate:data', { runIds: ['digits-a'], data: { kind: 'folder', path: signsFolder } });
    if (!folder.ok) throw new Error(folder.message);
    expect(folder).toMatchObject({ count: 2062, shape: [100, 100, 3], problems: [] });
    expect(folder.notes).toEqual([`the images of ${signsFolder} (100x100x3, the first one) are resized to 28x28x1 as in training`]);
  });
});

describe('evaluating on chosen data', () => {
  it('an ensemble on the .npy digits: members and ensemble as tfjs predicts them on those images', async () => {
    const reply = await call('evaluate:ensemble', { runIds: ['digits-a', 'digits-b'], data: npy });
    if (!reply.ok) throw new Error(reply.message);
    const r = reply.report;
    expect(r.data).toEqual(npy);
    expect(r.dataLabel).toBe('digits_x.npy + digits_y.npy');
    expect(r.samples).toBe(COUNT);
    expect(r.dataNote).toBeUndefined();
    const tf = (await selectEngine('auto')).tf;
    const a = await probabilitiesOf(tf, 'digits-a');
    const b = await probabilitiesOf(tf, 'digits-b');
    expect(r.singles[0]!.accuracy).toBeCloseTo(accuracyOf(a), 10);
    expect(r.singles[1]!.accuracy).toBeCloseTo(accuracyOf(b), 10);
    for (const s of r.singles) expect(s.accuracy).toBeGreaterThan(0.5); // trained, not guessing (10%)
    expect(r.combined.accuracy).toBeCloseTo(accuracyOf(a.map((row, i) => row.map((p, k) => (p + b[i]![k]!) / 2))), 10);
    // Other digits than the runs' own test data: the accuracies are not those of the default evaluation.
    const own = await call('evaluate:ensemble', { runIds: ['digits-a', 'digits-b'] });
    if (!own.ok) throw new Error(own.message);
    expect(own.report.samples).not.toBe(COUNT);
  }, 120_000);

  it('10-crop on the .npy digits: its single pass is the run on those images', async () => {
    const reply = await call('evaluate:multicrop', { runId: 'digits-a', data: npy });
    if (!reply.ok) throw new Error(reply.message);
    expect(reply.report).toMatchObject({ data: npy, samples: COUNT, passesPerImage: 10 });
    const tf = (await selectEngine('auto')).tf;
    expect(reply.report.singles[0]!.accuracy).toBeCloseTo(accuracyOf(await probabilitiesOf(tf, 'digits-a')), 10);
  }, 120_000);

  it('the evaluation channels refuse data that does not fit, with the same message', async () => {
    const patches = patchNpy(60, 3);
    const ensemble = await call('evaluate:ensemble', { runIds: ['digits-a', 'digits-b'], data: patches });
    expect(ensemble).toEqual({
      ok: false,
      message: `${patches.x} (labels y.npy) holds 8x8x1 images, but the 2 runs (digits-a, digits-b) take 28x28x1. ${patches.x} (labels y.npy) has 3 classes (0, 1, 2), but the 2 runs (digits-a, digits-b) predict 10 (0, 1, 2, 3, 4, …). Choose data of 28x28x1 images in 10 classes.`,
    });
    const crop = await call('evaluate:multicrop', { runId: 'digits-a', data: patches });
    expect(crop.ok).toBe(false);
    if (!crop.ok) expect(crop.message).toMatch(/^.*x\.npy \(labels y\.npy\) holds 8x8x1 images, but run digits-a \(cnn_a\) takes 28x28x1\./);
  }, 60_000);
});
