/**
 * Opening a model file from disk as an editable graph: a Keras 3 `.keras` archive, a Keras
 * `model.to_json()` file, a tfjs Layers model.json (with the weight shards it lists, read only
 * from its own folder), a Keras .h5 model, or a Keras JSON config plus a weights file (legacy
 * .h5 or Keras 3 .weights.h5). The parsing is shared/import's;
 * this module only reads bytes, with size limits, and never follows a path out of the folder.
 */
import { basename, dirname, resolve } from 'node:path';
import { importKerasConfig, importModelJson, ImportError, type ImportResult } from '../../shared/import/index.ts';
import { MAX_WEIGHT_BYTES } from '../../shared/import/tfjsModel.ts';
import { readKerasH5, isHdf5 } from './h5.ts';
import { readLimited, resolveInside } from './safePath.ts';
import { isZip, readZipEntries, readZipEntry } from './zip.ts';

/** Model descriptions (JSON, a .keras file's config.json) larger than this are refused before parsing. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

/**
 * A Keras 3 `.keras` archive: config.json is the model description (MAX_JSON_BYTES applies to
 * it alone) and model.weights.h5 its weights in Keras 3's layout (up to MAX_WEIGHT_BYTES).
 */
async function importKerasArchive(bytes: Uint8Array, label: string, withWeights: boolean): Promise<ImportResult> {
  const entries = readZipEntries(bytes, label);
  const config = entries.get('config.json');
  if (!config) throw new ImportError('', `${label} is a zip archive without config.json, so not a Keras .keras model; save the model with model.save("model.keras")`);
  const configBytes = readZipEntry(bytes, config, MAX_JSON_BYTES, label);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(configBytes);
  } catch {
    throw new ImportError('config.json', 'config.json is not UTF-8 text; the .keras file is damaged');
  }
  const weights = entries.get('model.weights.h5');
  if (!withWeights || !weights) return importKerasConfig(text, 'keras-v3');
  const h5 = await readKerasH5(readZipEntry(bytes, weights, MAX_WEIGHT_BYTES, label), `${label}: model.weights.h5`).catch((e: unknown) => {
    throw e instanceof ImportError ? new ImportError(`model.weights.h5${e.path ? `: ${e.path}` : ''}`, e.message) : e;
  });
  return h5.keras3Weights ? importKerasConfig(text, 'keras-v3', h5.keras3Weights, 'keras3') : importKerasConfig(text, 'keras-v3', h5.layerWeights);
}

export interface ImportOptions {
  /** Read weights when the file has them (default true). */
  weights?: boolean;
  /** A Keras weights file (save_weights: legacy .h5 or Keras 3 .weights.h5) to go with a Keras JSON config. */
  weightsFile?: string;
}

/** Prefixes a failure's location with the file it happened in. */
function inFile(result: ImportResult, file: string): ImportResult {
  if (result.ok) return result;
  return { ok: false, error: { path: result.error.path ? `${file}: ${result.error.path}` : file, message: result.error.message } };
}

function failure(file: string, e: unknown): ImportResult {
  if (e instanceof ImportError) return { ok: false, error: { path: e.path ? `${file}: ${e.path}` : file, message: e.message } };
  return { ok: false, error: { path: file, message: `internal error while importing: ${(e as Error).message}` } };
}

/**
 * Imports the model in `path`. Never throws: every failure is `{ ok: false, error }` whose path
 * names the file (and the place inside it) and whose message says what to do.
 */
export async function importModelFile(path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const file = resolve(path);
  try {
    const bytes = readLimited(file, Math.max(MAX_JSON_BYTES, MAX_WEIGHT_BYTES), '');
    if (isZip(bytes)) return inFile(await importKerasArchive(bytes, basename(file), options.weights !== false), file);
    if (isHdf5(bytes)) {
      const h5 = await readKerasH5(bytes, basename(file));
      if (h5.modelConfig === undefined) throw new ImportError('', `${basename(file)} holds weights only (save_weights); open the model's JSON config (model.to_json()) and give this file as its weights`);
      return inFile(await importKerasConfig(h5.modelConfig, 'keras-h5', options.weights === false ? undefined : h5.layerWeights), file);
    }
    if (bytes.length > MAX_JSON_BYTES) throw new ImportError('', `${bytes.length} bytes is too large for a model description (at most ${MAX_JSON_BYTES}); weights belong in separate files`);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new ImportError('', 'not UTF-8 text, so not a JSON model file (nor an HDF5 .h5 file)');
    }
    if (options.weightsFile !== undefined) {
      const weightsPath = resolve(options.weightsFile);
      const h5bytes = readLimited(weightsPath, MAX_WEIGHT_BYTES, '');
      const h5 = await readKerasH5(h5bytes, basename(weightsPath)).catch((e: unknown) => {
        throw e instanceof ImportError ? new ImportError(`${weightsPath}${e.path ? `: ${e.path}` : ''}`, e.message) : e;
      });
      return inFile(await (h5.keras3Weights ? importKerasConfig(text, 'keras-json', h5.keras3Weights, 'keras3') : importKerasConfig(text, 'keras-json', h5.layerWeights)), file);
    }
    const folder = dirname(file);
    let read = 0;
    const shards = (rel: string, at: string) => {
      const data = readLimited(resolveInside(folder, rel, at), MAX_WEIGHT_BYTES - read, at);
      read += data.byteLength;
      return data;
    };
    return inFile(await importModelJson(text, options.weights === false ? undefined : shards), file);
  } catch (e) {
    return failure(file, e);
  }
}
