// `netwright ensemble` and `netwright multicrop` refuse data that does not fit the models, by the
// rule the Train view uses (electron/evaluation/dataFit.ts, applied in the evaluation process
// before anything is predicted): .npy arrays of another image size, or another number of classes,
// exit 1 with a message naming the file and the models (stderr, and {"error"} as the last stdout
// line). Data that fits still prints the same JSON, its accuracies recomputed here with tfjs
// predict; built-in MNIST into a 32x32 run is zero-padded as in training, not refused. The runs are
// tiny CNNs trained for real on MNIST digits; the .npy pairs are other MNIST test digits.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../../electron/cli/io.ts';
import { main } from '../../../electron/cli/main.ts';
import { loadDataset } from '../../../electron/trainer/data/index.ts';
import { selectEngine } from '../../../electron/trainer/engine.ts';
import { loadSavedModel } from '../../../electron/trainer/jobs.ts';
import { smallCnn, trainKeptRun } from '../evaluation/runFixtures.ts';
import { saveTfjsModel } from '../import/tfjsFiles.ts';
import { tempDir, writeNpy } from '../trainer/fixtures.ts';

const FROM = 600;
const COUNT = 120;
const dir = tempDir('nw-cli-fit-');
const runsDir = join(dir, 'runs');
mkdirSync(runsDir, { recursive: true });
const runA = join(runsDir, 'a');
const runB = join(runsDir, 'b');
const run32 = join(runsDir, 'pad32');
/** Run a's network saved as a plain tfjs model.json: no Netwright metadata, so no class names. */
const plainModel = join(dir, 'plain', 'model.json');

/** The digits and the .npy pairs written from them: fitting, 14x14 (every other pixel), labels folded into 5 classes. */
let digits: { images: Uint8Array; labels: Int32Array };
let tf: typeof TF;
const npy = (name: string) => `${join(dir, `${name}_x.npy`)},${join(dir, `${name}_y.npy`)}`;

beforeAll(async () => {
  tf = (await selectEngine('auto')).tf;
  await trainKeptRun(runsDir, 'a', smallCnn('cnn_a', 8, 3), { seed: 3 });
  await trainKeptRun(runsDir, 'b', smallCnn('cnn_b', 6, 5), { seed: 4 });
  await trainKeptRun(runsDir, 'pad32', smallCnn('cnn_32', 4, 5, 32), { seed: 5 });
  const saved = await loadSavedModel(tf, runA);
  await saveTfjsModel(saved.model, join(dir, 'plain'));
  saved.model.dispose();
  expect(readFileSync(plainModel, 'utf8')).not.toContain('classes');

  const test = await loadDataset({ kind: 'mnist', split: 'test' }, {});
  const size = 28 * 28;
  digits = { images: test.images.slice(FROM * size, (FROM + COUNT) * size), labels: Int32Array.from(test.labels.slice(FROM, FROM + COUNT)) };
  const write = (name: string, images: Uint8Array, side: number, labels: Int32Array) => {
    writeNpy(join(dir, `${name}_x.npy`), images, [COUNT, side, side, 1]);
    writeNpy(join(dir, `${name}_y.npy`), labels, [COUNT]);
  };
  write('digits', digits.images, 28, digits.labels);
  write('small', Uint8Array.from({ length: COUNT * 14 * 14 }, (_, k) => digits.images[Math.floor(k / 196) * size + Math.floor((k % 196) / 14) * 2 * 28 + (k % 14) * 2]!), 14, digits.labels);
  write('five', digits.images, 28, digits.labels.map((l) => l % 5));
}, 180_000);

async function run(...argv: string[]) {
  const io = memoryIO();
  const code = await main(argv, io);
  return { code, stdout: io.stdout, err: io.stderr.join('\n'), json: io.stdout.length > 0 ? (JSON.parse(io.stdout.at(-1)!) as Record<string, unknown>) : undefined };
}

/** A refusal as the commands give it: exit 1, the message on stderr, {"error":{"message"}} last on stdout. */
async function refused(command: string, argv: string[], message: string): Promise<void> {
  const r = await run(command, ...argv);
  expect(r.code, r.err).toBe(1);
  expect(r.err).toBe(`netwright ${command}: ${message}`);
  expect(r.json).toEqual({ error: { message } });
}

/** Class probabilities of a model on `images` (N x side x side x 1), tfjs predict directly. */
async function probabilitiesOf(path: string, images: Uint8Array, side: number): Promise<number[][]> {
  const saved = await loadSavedModel(tf, path);
  try {
    return tf.tidy(() => (saved.model.predict(tf.tensor4d(Float32Array.from(images, (v) => v / 255), [images.length / (side * side), side, side, 1])) as TF.Tensor).arraySync() as number[][]);
  } finally {
    saved.model.dispose();
  }
}

const argmax = (row: number[]) => row.indexOf(Math.max(...row));
const accuracyOf = (probs: number[][], labels: ArrayLike<number>) => probs.filter((row, i) => argmax(row) === labels[i]).length / probs.length;

describe('data that does not fit is refused', () => {
  it('arrays of another image size: naming the file and the models, before anything runs', async () => {
    const x = join(dir, 'small_x.npy');
    await refused('ensemble', [runA, runB, '--data', npy('small')], `${x} (labels small_y.npy) holds 14x14x1 images, but the 2 models (${runA}, ${runB}) take 28x28x1. Choose data of 28x28x1 images in 10 classes.`);
    await refused('multicrop', [plainModel, '--data', npy('small')], `${x} (labels small_y.npy) holds 14x14x1 images, but model ${plainModel} takes 28x28x1. Choose data of 28x28x1 images in 10 classes.`);
    // Members of other inputs: only the one the data does not fit is named.
    await refused('ensemble', [runA, run32, '--data', npy('digits')], `${join(dir, 'digits_x.npy')} (labels digits_y.npy) holds 28x28x1 images, but model ${run32} takes 32x32x1. Choose data of 32x32x1 images in 10 classes.`);
  });

  it('another number of classes: the runs\' class names, or only their number for a model.json without them', async () => {
    const x = join(dir, 'five_x.npy');
    await refused('ensemble', [`${runA},${runB}`, '--data', npy('five')], `${x} (labels five_y.npy) has 5 classes (0, 1, 2, 3, 4), but the 2 models (${runA}, ${runB}) predict 10 (0, 1, 2, 3, 4, …). Choose data of 28x28x1 images in 10 classes.`);
    await refused('multicrop', [plainModel, '--data', npy('five')], `${x} (labels five_y.npy) has 5 classes (0, 1, 2, 3, 4), but model ${plainModel} predicts 10. Choose data of 28x28x1 images in 10 classes.`);
  });
});

describe('data that fits gives the same JSON as before', () => {
  it('ensemble on the .npy digits: its fields, and accuracies as tfjs predicts them', async () => {
    const r = await run('ensemble', runA, plainModel, '--data', npy('digits'));
    expect(r.code, r.err).toBe(0);
    const j = r.json as { members: { path: string; accuracy: number }[]; ensemble: { accuracy: number } } & Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['samples', 'classes', 'members', 'ensemble', 'best_member', 'mean_member_accuracy', 'forward_passes_per_image', 'time_ratio', 'engine']);
    expect(j).toMatchObject({ samples: COUNT, classes: Array.from({ length: 10 }, (_, i) => String(i)), forward_passes_per_image: 2 });
    expect(j.members.map((m) => Object.keys(m))).toEqual([['path', 'accuracy', 'loss', 'seconds'], ['path', 'accuracy', 'loss', 'seconds']]);
    const a = await probabilitiesOf(runA, digits.images, 28);
    // The plain model.json is run a's network and weights: the same predictions.
    expect(j.members[0]!.accuracy).toBeCloseTo(accuracyOf(a, digits.labels), 10);
    expect(j.members[1]!.accuracy).toBeCloseTo(j.members[0]!.accuracy, 10);
    expect(j.members[0]!.accuracy).toBeGreaterThan(0.5); // trained, not guessing (10%)
    expect(j.ensemble.accuracy).toBeCloseTo(accuracyOf(a, digits.labels), 10);
  });

  it('multicrop on the .npy digits: its fields, and the single pass as tfjs predicts it', async () => {
    const r = await run('multicrop', runB, '--data', npy('digits'), '--no-mirror');
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('note:'); // the digits fit as they are
    const j = r.json as { single: { accuracy: number }; views: unknown[] } & Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['samples', 'classes', 'input_shape', 'crop', 'single', 'ten_crop', 'views', 'forward_passes_per_image', 'time_ratio', 'engine']);
    expect(j).toMatchObject({ samples: COUNT, input_shape: [28, 28, 1], crop: [25, 25], forward_passes_per_image: 5 });
    expect(j.views).toHaveLength(5);
    expect(j.single.accuracy).toBeCloseTo(accuracyOf(await probabilitiesOf(runB, digits.images, 28), digits.labels), 10);
  });

  it('built-in MNIST into a 32x32 run: the digits zero-padded by 2 as in training, not refused', async () => {
    const r = await run('multicrop', run32, '--data', 'mnist:test', '--limit', '100', '--no-mirror');
    expect(r.code, r.err).toBe(0);
    const j = r.json as { samples: number; single: { accuracy: number } };
    expect(j.samples).toBe(100);
    // The fit's note goes to stderr, before the summary line; the JSON keeps its fields.
    expect(r.err.split('\n')[0]).toBe('note: the 28x28x1 digits of built-in MNIST (test split) are zero-padded to 32x32x1 as in training');
    const test = await loadDataset({ kind: 'mnist', split: 'test' }, { limit: 100 });
    const padded = new Uint8Array(100 * 32 * 32);
    for (let i = 0; i < 100; i++) for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) padded[i * 1024 + (y + 2) * 32 + x + 2] = test.images[i * 784 + y * 28 + x]!;
    expect(j.single.accuracy).toBeCloseTo(accuracyOf(await probabilitiesOf(run32, padded, 32), test.labels), 10);
  });
});
