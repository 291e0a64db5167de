/**
 * The project:import channel: a saved model (Keras model.to_json(), tfjs model.json with its
 * weight shards, Keras .h5) read by electron/import and handed to the UI as a new, unsaved project.
 * A project file holds the architecture only, so weights the file carries are read (and checked)
 * but not kept; the answer says whether there were any, and lists the settings the project drops.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ImportFormat } from '../../shared/import/index.ts';
import type { Handlers, ImportModelResult } from '../../shared/ipc.ts';
import { importModelFile } from '../import/importModel.ts';
import type { Dialogs, OpenDialogOptions } from './handlers.ts';

export interface ImportDeps {
  /** Absent in browser mode: the UI then asks with its own dialog and sends the path. */
  dialogs?: Dialogs;
}

/** What the native open dialog offers when importing. */
export const IMPORT_DIALOG: OpenDialogOptions = {
  title: 'Import model',
  filters: [
    { name: 'Keras or tfjs model (.keras, .json, .h5)', extensions: ['json', 'h5', 'hdf5', 'keras'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

const FORMATS: Record<ImportFormat, Extract<ImportModelResult, { ok: true }>['format']> = {
  'keras-json': 'keras-json',
  'tfjs-layers': 'tfjs',
  'keras-h5': 'keras-h5',
  'keras-v3': 'keras-v3',
};

/** `conv1.kernel_regularizer` -> a sentence a person can act on. */
function warningFor(ignored: string): string {
  const dot = ignored.lastIndexOf('.');
  const [layer, setting] = dot > 0 ? [ignored.slice(0, dot), ignored.slice(dot + 1)] : ['', ignored];
  return `${layer ? `layer "${layer}": ` : ''}${setting} is not kept (a Netwright project has no regularizers or constraints); add it again in the exported code if you need it`;
}

/** Imports the model at `path`; never throws. */
export async function importModelForEditor(path: string): Promise<ImportModelResult> {
  const file = resolve(path);
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    return { ok: false, path: file, message: 'no such file; choose a model.json, a Keras JSON config (model.to_json()) or a Keras .h5 file' };
  }
  if (!isFile) return { ok: false, path: file, message: 'this is a folder; choose the model.json or .h5 file inside it' };
  const result = await importModelFile(file);
  if (!result.ok) return { ok: false, path: result.error.path || file, message: result.error.message };
  const { project, format, weights, ignored } = result.model;
  return { ok: true, project, source: file, format: FORMATS[format], weights: weights !== undefined, warnings: ignored.map(warningFor) };
}

export function createImportHandlers(deps: ImportDeps): Pick<Handlers, 'project:import'> {
  return {
    'project:import': async ({ path }) => {
      let chosen = path;
      if (chosen === undefined) {
        if (!deps.dialogs) return { ok: false, message: 'No file path was given and this mode has no native file dialog: choose the model with the in-app dialog and send its path.' };
        const picked = await deps.dialogs.showOpen(IMPORT_DIALOG);
        if (picked === null) return { ok: false, cancelled: true };
        chosen = picked;
      }
      return importModelForEditor(chosen);
    },
  };
}
