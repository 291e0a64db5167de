/**
 * "Import model…": a Keras JSON, tfjs model.json or Keras .h5 file becomes the open document,
 * unsaved and named after the model, so Save asks where. The file is read first; only a model
 * that imported asks about unsaved work, so a refused file leaves the open work as it was.
 */
import { api } from '../api.ts';
import type { BackendEvent, ImportModelResult } from '../../shared/ipc.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { validateProject } from '../../shared/graph/load.ts';
import { thousands } from '../../shared/summary.ts';
import { useEditor } from './store.ts';
import { chooseFile } from './dialogs.ts';
import { settleUnsaved, useFiles } from './files.ts';

type Imported = Extract<ImportModelResult, { ok: true }>;

const FORMAT_LABELS: Record<Imported['format'], string> = {
  'keras-json': 'Keras model.to_json()',
  tfjs: 'tfjs Layers model.json',
  'keras-h5': 'Keras .h5',
  'keras-v3': 'Keras 3 .keras',
};

/** The file types the in-app dialog lists when importing. */
export const IMPORT_EXTENSIONS = ['json', 'h5', 'hdf5', 'keras'];

/** At most this many warnings are spelled out in the toast; the rest are counted. */
const SHOWN_WARNINGS = 4;

const editor = () => useEditor.getState();
const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** The toast after an import: what was read, its size, what became of the weights, warnings. */
export function describeImport(r: Imported): string {
  const totals = analyzeGraph(r.project).totals;
  const layers = r.project.nodes.length;
  const lines = [
    `Imported "${r.project.name}" from ${fileName(r.source)} (${FORMAT_LABELS[r.format]}): ${layers} layer${layers === 1 ? '' : 's'}, ${thousands(totals.total)} parameters.`,
    r.weights
      ? 'The file\'s weights were read, but a Netwright project keeps only the architecture: they are not kept in the project.'
      : 'Only the architecture was imported (the file has no weights).',
  ];
  if (r.warnings.length > 0) {
    const shown = r.warnings.slice(0, SHOWN_WARNINGS).map((w) => `• ${w}`);
    const more = r.warnings.length - shown.length;
    lines.push(`${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}:`, ...shown, ...(more > 0 ? [`• and ${more} more`] : []));
  }
  return lines.join('\n');
}

/**
 * Imports a model: `path`, or the one chosen in a dialog (the native one in Electron, the
 * in-app one in browser mode). The imported graph replaces the open document only after any
 * unsaved work there is saved or discarded; a refusal only shows the importer's message.
 */
export async function importModel(path?: string): Promise<void> {
  let target = path;
  if (target === undefined && useFiles.getState().info?.mode !== 'electron') {
    target = (await chooseFile('open', '', { extensions: IMPORT_EXTENSIONS, title: 'Import a model (Keras or tfjs .json, Keras .h5)' })) ?? undefined;
    if (target === undefined) return;
  }
  let r: ImportModelResult;
  try {
    r = await api['project:import'](target === undefined ? {} : { path: target });
  } catch (e) {
    editor().toast(`Could not import the model: ${e instanceof Error ? e.message : String(e)}`, 'error');
    return;
  }
  if (!r.ok) {
    if (!('cancelled' in r)) editor().toast(`Could not import ${r.path ?? target ?? 'the model'}: ${r.message}`, 'error');
    return;
  }
  const checked = validateProject(r.project);
  if (!checked.ok) {
    editor().toast(`Could not import ${r.source}: the project built from it is invalid at ${checked.error.path}: ${checked.error.message}`, 'error');
    return;
  }
  if (!(await settleUnsaved(`importing ${fileName(r.source)}`))) return;
  // No file yet and not saved: the document is dirty and Save asks where, suggesting the model's name.
  editor().load(checked.project, null, false);
  editor().toast(describeImport({ ...r, project: checked.project }));
}

/** Runs "Import model…" when the Electron menu asks for it; returns the unsubscribe function. */
export function listenForImportMenu(): () => void {
  return api.onEvent((event: BackendEvent) => {
    if (event.type === 'menu' && event.command === 'import') void importModel();
  });
}
