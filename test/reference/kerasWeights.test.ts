/**
 * Netwright -> Keras trained weights, proven by predictions: a model trained in Netwright (a run
 * folder with its checkpoint, as the trainer leaves it) is exported with
 * `netwright export RUN --lang keras -o model.py`; real Keras imports the module, loads
 * model.weights.h5 through its own load_trained_weights() and predicts the batch our tfjs model
 * predicts, within 1e-4 (inference mode, so BatchNorm uses the trained moving statistics); a
 * model the weights do not fit is refused by the loader, naming the layer and both shapes.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveTarget } from '../../electron/cli/args.ts';
import { main } from '../../electron/cli/main.ts';
import { memoryIO } from '../../electron/cli/io.ts';
import { writeCheckpoint } from '../../electron/trainer/checkpoint.ts';
import { emitKeras } from '../../shared/codegen/keras.ts';
import { compileToTfjs } from '../../shared/compile/toTfjs.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { makeTempDir } from '../shared/codegen/tempDir.ts';
import { hasReference, referee, referenceSkipReason } from './referee.ts';

interface Predicted {
  id: string;
  error?: string;
  shape?: number[];
  values?: number[];
}

const skip = !hasReference('keras', 'tensorflow');

function project(template: string): Project {
  const resolved = resolveTarget(template, {});
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.project;
}

/** HappyModel trained three steps by tfjs' fit: every weight and BatchNorm's moving statistics move. */
async function trainedHappyModel(p: Project): Promise<tf.LayersModel> {
  const model = compileToTfjs(tf, p);
  model.compile({ optimizer: tf.train.sgd(1e-4), loss: 'binaryCrossentropy' });
  const xs = tf.randomUniform([8, 64, 64, 3], 0, 1, 'float32', 11);
  const ys = tf.cast(tf.randomUniform([8, 1], 0, 1, 'float32', 12).greater(0.5), 'float32');
  await model.fit(xs, ys, { epochs: 3, batchSize: 8, verbose: 0 });
  tf.dispose([xs, ys]);
  return model;
}

/**
 * ResNet-50 with seeded weights: kernels keep their initializers, BatchNorm's gamma, beta,
 * moving mean and moving variance are drawn away from 1, 0, 0, 1 so a loader that skipped or
 * swapped them would show in the predictions.
 */
function seededResNet(p: Project): tf.LayersModel {
  const model = compileToTfjs(tf, p);
  let seed = 100;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const values = layer.weights.map((w) => {
      const part = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      const [lo, hi] = part === 'gamma' || part === 'moving_variance' ? [0.5, 1.5] : [-0.2, 0.2];
      return tf.randomUniform(w.shape as number[], lo, hi, 'float32', seed++);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
  return model;
}

describe(`Netwright -> Keras trained weights ${referenceSkipReason('keras', 'tensorflow')}`, () => {
  const tmp = makeTempDir('keras-weights');
  afterAll(() => tmp.remove());

  it.skipIf(skip)('HappyModel (trained by tfjs) and ResNet-50 (seeded BatchNorm statistics) predict in Keras what they predict in Netwright, within 1e-4; a misfit is refused by layer', async () => {
    const cases: Array<{ id: string; make: (p: Project) => Promise<tf.LayersModel> | tf.LayersModel; shape: number[]; loss: 'binaryCrossentropy' | 'categoricalCrossentropy' }> = [
      { id: 'happy_model', make: trainedHappyModel, shape: [4, 64, 64, 3], loss: 'binaryCrossentropy' },
      { id: 'resnet50', make: seededResNet, shape: [2, 64, 64, 3], loss: 'categoricalCrossentropy' },
    ];
    const requests = [];
    const ours = new Map<string, { shape: number[]; values: Float32Array }>();
    for (const c of cases) {
      const p = project(c.id);
      const model = await c.make(p);
      const run = join(tmp.dir, 'runs', c.id);
      mkdirSync(run, { recursive: true });
      await writeCheckpoint(tf, model, run, { epoch: 3, classes: [], inputShape: c.shape.slice(1), loss: c.loss, history: [] });
      writeFileSync(join(run, 'run.json'), JSON.stringify({ id: c.id, status: 'done', project: p, curves: [] }));

      const out = join(tmp.dir, 'export', c.id, 'model.py');
      const io = memoryIO();
      expect(await main(['export', run, '--lang', 'keras', '-o', out], io), io.stderr.join('\n')).toBe(0);
      expect(readdirSync(dirname(out)).sort()).toEqual(['model.py', 'model.weights.h5']);

      const x = tf.randomUniform(c.shape, 0, 1, 'float32', 7);
      const y = model.predict(x) as tf.Tensor;
      ours.set(c.id, { shape: y.shape, values: (await y.data()) as Float32Array });
      const batch = join(tmp.dir, `${c.id}.batch.bin`);
      writeFileSync(batch, new Uint8Array((await x.data()).buffer));
      requests.push({ id: c.id, module: out, batch, shape: c.shape });
      tf.dispose([x, y]);
      model.dispose();
    }

    // HappyModel built for 32x32 inputs cannot take the 64x64 model's weights: fc's kernel differs.
    const small = resolveTarget('happy_model', { input: '32x32x3' });
    if (!small.ok) throw new Error(small.message);
    const smallModule = join(tmp.dir, 'export', 'happy_small.py');
    writeFileSync(smallModule, emitKeras(small.project, { trainedWeights: 'model.weights.h5' }));
    const mismatch = { id: 'mismatch', module: smallModule, batch: '', shape: [], weights: join(tmp.dir, 'export', 'happy_model', 'model.weights.h5') };

    const answer = await referee<{ cases: Predicted[] }>('keras_weights', { cases: [...requests, mismatch] });
    const refused = answer.cases.pop()!;
    expect(refused.error).toMatch(/layer 'fc' weight 0 has shape \(8192, 1\); the file holds \(32768, 1\)/);
    const lines = answer.cases.map((got) => {
      if (got.error) return `${got.id}: ${got.error}`;
      const want = ours.get(got.id)!;
      const diff = got.values!.reduce((m, v, i) => Math.max(m, Math.abs(v - want.values[i]!)), 0);
      return `${got.id}: max |Keras - Netwright| = ${diff.toExponential(2)} over ${want.values.length} outputs (ours ${Array.from(want.values.slice(0, 6), (v) => v.toPrecision(4)).join(', ')})`;
    });
    console.log(lines.join('\n'));
    for (const got of answer.cases) {
      expect(got.error, got.id).toBeUndefined();
      const want = ours.get(got.id)!;
      expect(got.shape, got.id).toEqual(want.shape);
      const diff = got.values!.reduce((m, v, i) => Math.max(m, Math.abs(v - want.values[i]!)), 0);
      const spread = Math.max(...want.values) - Math.min(...want.values);
      expect(diff, got.id).toBeLessThanOrEqual(1e-4);
      // Outputs that all agree because they are constant would prove nothing.
      expect(spread, got.id).toBeGreaterThan(1e-3);
    }
  }, 600_000);
});
