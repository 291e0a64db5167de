/**
 * What the code panel does: asks the backend for the module of the current graph (debounced while
 * the graph changes, so dragging through ResNet-50 stays smooth, and stale answers are dropped),
 * applies an edited module back as one undoable step, copies, saves through the save dialog and
 * exports a finished run with its trained weights.
 */
import { api } from '../api.ts';
import type { CodeLang, CodeOptions, CodeSaveResult } from '../../shared/ipc.ts';
import { chooseFile } from '../state/dialogs.ts';
import { useFiles } from '../state/files.ts';
import { useEditor } from '../state/store.ts';
import { useTraining } from '../training/store.ts';
import { useCode } from './codeStore.ts';

const EXT: Record<CodeLang, string> = { ts: 'ts', keras: 'py' };
/** Quiet time after the last graph change before the code is generated again. */
export const REGENERATE_DELAY_MS = 250;

let seq = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

/** The options the panel's controls stand for, as `netwright export` takes them. */
export function currentOptions(lang: CodeLang = useCode.getState().tab): CodeOptions {
  const c = useCode.getState();
  return {
    lang,
    inline: c.inline,
    ...(c.training ? { training: trainingSettings() } : {}),
    ...(lang === 'keras' && c.strategy !== 'default' ? { strategy: c.strategy } : {}),
  };
}

/** The Train view's settings, as the trainer reads them (only the fields code uses are taken). */
function trainingSettings(): Record<string, unknown> {
  return { ...useTraining.getState().settings };
}

/** Generates the shown tab's module for the current graph, now or after the quiet time. */
export function regenerate(immediate = false): void {
  clearTimeout(timer);
  const run = () => void generateNow();
  if (immediate) run();
  else timer = setTimeout(run, REGENERATE_DELAY_MS);
}

async function generateNow(): Promise<void> {
  const id = ++seq;
  const project = useEditor.getState().project;
  const options = currentOptions();
  const key = JSON.stringify(options);
  const before = useCode.getState().generated;
  if (before.status === 'idle') useCode.setState({ generated: { status: 'loading' } });
  let r;
  try {
    r = await api['code:generate']({ project: project as unknown as Record<string, unknown>, options });
  } catch (e) {
    if (id === seq) useCode.setState({ generated: { status: 'error', message: `The code could not be generated: ${(e as Error).message}`, problems: [], lang: options.lang, key } });
    return;
  }
  if (id !== seq) return; // a newer graph or option is on its way
  useCode.setState({
    generated: r.ok
      ? { status: 'ready', code: r.code, statements: r.statements, lang: options.lang, key }
      : { status: 'error', message: r.message, problems: r.problems, lang: options.lang, key },
  });
}

/** Edit mode: the generated TypeScript becomes the draft. */
export function startEditing(): void {
  const g = useCode.getState().generated;
  if (g.status !== 'ready' || g.lang !== 'ts') return;
  useCode.setState({ draft: g.code, markers: [], draftBase: useEditor.getState().project });
}

export function cancelEditing(): void {
  useCode.setState({ draft: null, markers: [], draftBase: null });
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** Reads the draft back into the graph (one undo step); on code it cannot map, marks the lines and changes nothing. */
export async function applyDraft(): Promise<void> {
  const { draft, applying } = useCode.getState();
  if (draft === null || applying) return;
  const editor = useEditor.getState();
  useCode.setState({ applying: true });
  let r;
  try {
    r = await api['code:apply']({ project: editor.project as unknown as Record<string, unknown>, code: draft });
  } catch (e) {
    useCode.setState({ applying: false });
    editor.toast(`The code could not be applied: ${(e as Error).message}. The graph is unchanged.`, 'error');
    return;
  }
  if (!r.ok) {
    useCode.setState({ applying: false, markers: r.markers });
    const first = r.markers[0];
    editor.toast(`${plural(r.markers.length, 'place')} in the code cannot be mapped to a graph; the graph is unchanged.${first ? ` Line ${first.line}: ${first.message}` : ''}`, 'error');
    return;
  }
  const { added, removed, changed, renamed } = r.changes;
  const total = added.length + removed.length + changed.length + renamed.length;
  useCode.setState({ applying: false, draft: null, markers: [], draftBase: null });
  if (total === 0) {
    editor.toast('The code describes the graph as it is: nothing to apply.');
    return;
  }
  useEditor.getState().edit(r.project, 'Apply code');
  // Select what the code changed, by its Keras names (explicit or automatic).
  const touched = new Set([...added, ...changed, ...renamed.map(([, to]) => to)]);
  const after = useEditor.getState();
  after.setSelection([...after.analysis.nodes].filter(([, a]) => touched.has(a.name)).map(([id]) => id));
  const parts = [
    changed.length ? `changed ${changed.join(', ')}` : '',
    added.length ? `added ${added.join(', ')}` : '',
    removed.length ? `removed ${removed.join(', ')}` : '',
    renamed.length ? `renamed ${renamed.map(([a, b]) => `${a} → ${b}`).join(', ')}` : '',
  ].filter(Boolean);
  editor.toast(`Applied the code: ${parts.join('; ')}. Ctrl+Z undoes it.`);
}

/** The text the panel shows (the draft in edit mode). */
function shownText(): { text: string; lang: CodeLang } | null {
  const { draft, generated } = useCode.getState();
  if (generated.status !== 'ready') return null;
  return { text: draft ?? generated.code, lang: generated.lang };
}

export async function copyCode(): Promise<void> {
  const shown = shownText();
  if (!shown) return;
  const lines = shown.text.split('\n').length;
  try {
    await navigator.clipboard.writeText(shown.text);
  } catch {
    // Without clipboard permission (some browsers): the copy command on a hidden field.
    const area = document.createElement('textarea');
    area.value = shown.text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  useEditor.getState().toast(`Copied ${plural(lines, 'line')} of ${shown.lang === 'ts' ? 'TypeScript' : 'Python'}.`);
}

function baseName(): string {
  return (useEditor.getState().project.name || 'model').replace(/[\\/:*?"<>|]/g, '_');
}

/** Browser mode asks with the in-app dialog (undefined: cancelled); Electron's backend asks natively (null). */
async function askPath(fileName: string, lang: CodeLang, title: string): Promise<string | null | undefined> {
  if (useFiles.getState().info?.mode === 'electron') return null;
  return (await chooseFile('save', fileName, { extensions: [EXT[lang]], title })) ?? undefined;
}

function report(r: CodeSaveResult, what: string): void {
  const toast = useEditor.getState().toast;
  if (r.ok) toast(`${what} ${r.files.join(', ')}`);
  else if (!('cancelled' in r)) toast(r.message, 'error');
}

/** Save as…: the text shown, through the save dialog and the atomic writer. */
export async function saveCodeAs(): Promise<void> {
  const shown = shownText();
  if (!shown) return;
  const fileName = `${baseName()}.${EXT[shown.lang]}`;
  const path = await askPath(fileName, shown.lang, shown.lang === 'ts' ? 'Save the TypeScript model as' : 'Save the Keras model as');
  if (path === undefined) return;
  report(await api['code:save']({ code: shown.text, lang: shown.lang, fileName, ...(path ? { path } : {}) }), 'Saved');
}

/** A finished run's graph as TypeScript or Python with its trained weights (model.json + weights.bin, or <module>.weights.h5) beside it. */
export async function exportTrained(runId: string, runName: string, lang: CodeLang = 'ts'): Promise<void> {
  const fileName = `${runName.replace(/[\\/:*?"<>|]/g, '_') || 'model'}.${EXT[lang]}`;
  const path = await askPath(fileName, lang, 'Export the trained model as');
  if (path === undefined) return;
  report(await api['code:export-trained']({ runId, options: currentOptions(lang), ...(path ? { path } : {}) }), 'Exported');
}
