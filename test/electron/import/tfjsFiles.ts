/**
 * Model files for import tests, written by tfjs itself: a model.json with its weight shards as
 * model.save() lays them out (of a model or a compiled project), and a Keras 2 Sequential
 * to_json() text with a Lambda layer in it, and one with a regularizer a project does not keep.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import type { ProjectInput } from '../../../shared/graph/schema.ts';

/**
 * Saves `model` into `dir` as tfjs' model.save does: model.json plus the weights split over
 * `shards` files named group1-shard<i>of<n>.bin. Returns the path of model.json.
 */
export async function saveTfjsModel(model: tf.LayersModel, dir: string, shards = 1): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = new Uint8Array(artifacts.weightData as ArrayBuffer);
      const size = Math.ceil(data.byteLength / shards);
      const paths = Array.from({ length: shards }, (_, i) => `group1-shard${i + 1}of${shards}.bin`);
      paths.forEach((p, i) => writeFileSync(join(dir, p), data.subarray(i * size, (i + 1) * size)));
      writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: artifacts.modelTopology, weightsManifest: [{ paths, weights: artifacts.weightSpecs }] }));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return join(dir, 'model.json');
}

/** Compiles `project` with tfjs and saves it into `dir` as saveTfjsModel does; tfjs' own parameter count beside. */
export async function saveTfjsProject(project: ProjectInput, dir: string): Promise<{ file: string; countParams: number }> {
  const model = compileToTfjs(tf, project);
  const countParams = model.countParams();
  const file = await saveTfjsModel(model, dir);
  model.dispose();
  return { file, countParams };
}

/** A Keras 2 Sequential to_json() text as tfjs writes it, with a Lambda layer "scale" (Python code) spliced in after the first layer. */
export function sequentialWithLambda(): string {
  const seq = tf.sequential({
    name: 'with_lambda',
    layers: [tf.layers.flatten({ name: 'flat', inputShape: [8, 8, 1] }), tf.layers.dense({ name: 'out', units: 3, activation: 'softmax' })],
  });
  const json = seq.toJSON(null, false) as { config: { layers: unknown[] } };
  seq.dispose();
  json.config.layers.splice(1, 0, { class_name: 'Lambda', config: { name: 'scale', trainable: true, function: ['4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAfABkARQAUwApAk7pAgAAAKkAKQHaAXhyAgAAAHICAAAA', null, null], function_type: 'lambda', output_shape: null, arguments: {} } });
  return JSON.stringify(json);
}

/** A small Keras model.to_json() text, "small_cnn", whose conv c1 carries an L2 regularizer (not kept by a project); tfjs' parameter count beside. */
export function regularizedKerasModel(): { text: string; params: number } {
  const seq = tf.sequential({
    name: 'small_cnn',
    layers: [
      tf.layers.conv2d({ name: 'c1', inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelRegularizer: tf.regularizers.l2({ l2: 1e-4 }) }),
      tf.layers.flatten({ name: 'f' }),
      tf.layers.dense({ name: 'out', units: 3, activation: 'softmax' }),
    ],
  });
  const out = { text: seq.toJSON(null, true) as string, params: seq.countParams() };
  seq.dispose();
  return out;
}
