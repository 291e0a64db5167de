/**
 * Opening a model file from disk as an editable graph: a Keras `model.to_json()` file, a tfjs
 * Layers model.json (with the weight shards it lists, read only from its own folder), a Keras
 * .h5 model, or a Keras JSON config plus an .h5 weights file. The parsing is shared/import's;
 * this module only reads bytes, with size limits, and never follows a path out of the folder.
 */
import { basename, dirname, resolve } from 'node:path';
import { importKerasConfig, importModelJson, ImportError, type ImportResult } from '../../shared/import/index.ts';
import { MAX_WEIGHT_BYTES } from '../../shared/import/tfjsModel.ts';
import { readKerasH5, isHdf5 } from './h5.ts';
import { readLimited, resolveInside } from './safePath.ts';

/** Model descriptions (JSON) larger than this are refused before parsing. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

export interface ImportOptions {
  /** Read weights when the file has them (default true). */
  weights?: boolean;
  /** A Keras .h5 weights file (save_weights) to go with a Keras JSON config. */
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
    if (isHdf5(bytes)) {
      const h5 = await readKerasH5(bytes, basename(file));
      if (h5.modelConfig === undefined) throw new ImportError('', `${basename(file)} holds weights only (save_weights); open the model's JSON config (model.to_json()) and give this file as its weights`);
      return inFile(await importKerasConfig(h5.modelConfig, 'keras-h5', options.weights === false ? undefined : h5.layerWeights), file);
    }
    if (bytes.length > MAX_JSON_BYTES) throw new ImportError('', `${bytes.length} bytes is too large for a model description (at most ${MAX_JSON_BYTES}); weights belong in separate files`);
    if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
      throw new ImportError('', 'this is a zip archive (a Keras 3 .keras file?); save the model as .h5 (model.save("model.h5")) or its config with model.to_json()');
    }
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
      return inFile(await importKerasConfig(text, 'keras-json', h5.layerWeights), file);
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
