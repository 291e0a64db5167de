/**
 * A trained model next to exported code: the weights of a training run (its latest checkpoint)
 * or of any tfjs model.json are read through the importer, set into the graph compiled afresh
 * (so every layer name, shape and weight is checked against the graph being exported), and
 * saved with tfjs' own model.save() as model.json + weights.bin in the output folder.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { compileToTfjs } from '../../shared/compile/toTfjs.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { applyWeights, ImportError } from '../../shared/import/index.ts';
import { resolveModelPath } from '../trainer/checkpoint.ts';
import { importModelFile } from './importModel.ts';

export type TrainedExport = { ok: true; modelJson: string; weightsBin: string } | { ok: false; message: string };

/** True when `path` is a training run folder (it holds run.json). */
export function isRunFolder(path: string): boolean {
  const abs = resolve(path);
  return existsSync(abs) && statSync(abs).isDirectory() && existsSync(join(abs, 'run.json'));
}

/**
 * Saves the weights found at `source` (a run folder, a folder with model.json, or a model.json)
 * for `project` as `outDir/<name>` (model.json by default) plus `outDir/weights.bin`.
 */
export async function exportTrainedModel(tf: typeof TF, project: Project, source: string, outDir: string, name = 'model.json'): Promise<TrainedExport> {
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
    const message = e instanceof ImportError ? `${modelJson}: ${e.message}; the trained model does not fit the graph being exported` : `${modelJson}: ${(e as Error).message}`;
    return { ok: false, message };
  } finally {
    model.dispose();
  }
}
