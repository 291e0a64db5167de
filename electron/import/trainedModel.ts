/**
 * A trained model next to exported code: the weights of a training run (its latest checkpoint)
 * or of any tfjs model.json are read through the importer, set into the graph compiled afresh
 * (so every layer name, shape and weight is checked against the graph being exported), and
 * saved with tfjs' own model.save() as model.json + weights.bin in the output folder, or as the
 * Keras weights file the exported Python module loads.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { compileToTfjs } from '../../shared/compile/toTfjs.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { applyWeights, ImportError } from '../../shared/import/index.ts';
import { resolveModelPath } from '../trainer/checkpoint.ts';
import { importModelFile } from './importModel.ts';
import { writeKerasWeightsH5 } from './kerasWeightsH5.ts';

export type TrainedExport = { ok: true; modelJson: string; weightsBin: string } | { ok: false; message: string };

/** True when `path` is a training run folder (it holds run.json). */
export function isRunFolder(path: string): boolean {
  const abs = resolve(path);
  return existsSync(abs) && statSync(abs).isDirectory() && existsSync(join(abs, 'run.json'));
}

/** The graph compiled afresh with the weights found at `source` set into it, by layer name. */
async function trainedModel(tf: typeof TF, project: Project, source: string): Promise<{ ok: true; model: TF.LayersModel; modelJson: string } | { ok: false; message: string }> {
  let modelJson: string;
  try {
    modelJson = (await resolveModelPath(source)).modelJson;
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  const imported = await importModelFile(modelJson);
  if (!imported.ok) return { ok: false, message: `${imported.error.path}: ${imported.error.message}` };
  if (!imported.model.weights) return { ok: false, message: `${modelJson} holds no weights to export` };
  const model = compileToTfjs(tf, project);
  try {
    applyWeights(tf, model, imported.model.weights);
  } catch (e) {
    model.dispose();
    return { ok: false, message: failure(modelJson, e) };
  }
  return { ok: true, model, modelJson };
}

function failure(modelJson: string, e: unknown): string {
  return e instanceof ImportError ? `${modelJson}: ${e.message}; the trained model does not fit the graph being exported` : `${modelJson}: ${(e as Error).message}`;
}

/**
 * Saves the weights found at `source` (a run folder, a folder with model.json, or a model.json)
 * for `project` as `outDir/<name>` (model.json by default) plus `outDir/weights.bin`.
 */
export async function exportTrainedModel(tf: typeof TF, project: Project, source: string, outDir: string, name = 'model.json'): Promise<TrainedExport> {
  const trained = await trainedModel(tf, project, source);
  if (!trained.ok) return trained;
  const { model, modelJson } = trained;
  try {
    mkdirSync(outDir, { recursive: true });
    const weightsBin = join(outDir, 'weights.bin');
    const out = join(outDir, name);
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const data = artifacts.weightData;
        const bytes = data === undefined ? new Uint8Array(0) : new Uint8Array(Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data);
        writeFileSync(weightsBin, bytes);
        writeFileSync(out, JSON.stringify({ format: 'layers-model', generatedBy: artifacts.generatedBy, convertedBy: null, modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }] }));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
      }),
    );
    return { ok: true, modelJson: out, weightsBin };
  } catch (e) {
    return { ok: false, message: failure(modelJson, e) };
  } finally {
    model.dispose();
  }
}

/** `out/model.py` -> `out/model.weights.h5`: the Keras weights file beside the exported module. */
export function kerasWeightsPath(modulePath: string): string {
  return join(dirname(modulePath), `${basename(modulePath).replace(/\.py$/i, '')}.weights.h5`);
}

/**
 * Saves the weights found at `source` for `project` as the Keras weights file `outFile`
 * (electron/import/kerasWeightsH5.ts), which the exported module's load_trained_weights() reads.
 */
export async function exportTrainedKerasWeights(tf: typeof TF, project: Project, source: string, outFile: string): Promise<{ ok: true; weightsFile: string } | { ok: false; message: string }> {
  const trained = await trainedModel(tf, project, source);
  if (!trained.ok) return trained;
  const { model, modelJson } = trained;
  try {
    const layers = model.layers.map((layer) => ({
      name: layer.name,
      weights: layer.weights.map((w) => ({ name: w.originalName, shape: [...w.shape] as number[], values: w.read().dataSync() as Float32Array })),
    }));
    mkdirSync(dirname(outFile), { recursive: true });
    await writeKerasWeightsH5(layers, outFile);
    return { ok: true, weightsFile: outFile };
  } catch (e) {
    return { ok: false, message: failure(modelJson, e) };
  } finally {
    model.dispose();
  }
}
