/**
 * Files through the backend API: new, open, save, save as, recent files, templates, and the
 * recovery journal (unsaved edits written within ~1.5 s of a change, offered back on start).
 * In Electron the backend shows native dialogs; in browser mode we ask with the in-app dialog.
 */
import { create } from 'zustand';
import { api } from '../api.ts';
import type { AppInfo, Recovery, TemplateInfo } from '../../shared/ipc.ts';
import { validateProject } from '../../shared/graph/load.ts';
import { emptyProject, type Project } from '../../shared/graph/schema.ts';
import { isDirty, useEditor } from './store.ts';
import { askDiscard, chooseFile } from './dialogs.ts';
import { insertProject } from './layoutActions.ts';
import { prepareBlock } from '../../shared/edits/block.ts';

interface FileState {
  info: AppInfo | null;
  recent: string[];
  recovery: Recovery | null;
}

export const useFiles = create<FileState>()(() => ({ info: null, recent: [], recovery: null }));

const editor = () => useEditor.getState();

function fail(what: string, e: unknown): void {
  editor().toast(`${what}: ${e instanceof Error ? e.message : String(e)}`, 'error');
}

/** Native dialogs exist only in the Electron window. */
function inApp(): boolean {
  return useFiles.getState().info?.mode !== 'electron';
}

/** Loads app info, recent files and any recovery journal; call once at start. */
export async function initFiles(): Promise<void> {
  try {
    const [info, recent, recovery] = await Promise.all([api['app:info']({}), api['project:recent']({}), api['recovery:read']({})]);
    useFiles.setState({ info, recent, recovery });
  } catch (e) {
    fail('Could not reach the backend', e);
  }
}

export async function refreshRecent(): Promise<void> {
  try {
    useFiles.setState({ recent: await api['project:recent']({}) });
  } catch {
    /* the list is a convenience */
  }
}

/** If there is unsaved work, asks to save it; false when the person cancels. */
export async function settleUnsaved(what: string): Promise<boolean> {
  if (!isDirty(editor())) return true;
  const choice = await askDiscard(what);
  if (choice === 'cancel') return false;
  if (choice === 'save') return save();
  return true;
}

export async function newProject(): Promise<void> {
  if (!(await settleUnsaved('starting a new model'))) return;
  editor().load(emptyProject('untitled'), null);
  void writeRecovery(null);
}

export async function openProject(path?: string): Promise<void> {
  if (!(await settleUnsaved('opening another file'))) return;
  let target = path;
  if (target === undefined && inApp()) {
    target = (await chooseFile('open')) ?? undefined;
    if (target === undefined) return;
  }
  try {
    const r = await api['project:open'](target === undefined ? {} : { path: target });
    if (!r.ok) {
      if (!('cancelled' in r)) editor().toast(`Could not open ${r.path ?? 'the file'}: ${r.message}`, 'error');
      return;
    }
    editor().load(r.project, r.path);
    if (r.migrated.length > 0) editor().toast(`Upgraded the file format (${r.migrated.join(', ')}); saving writes the new format.`);
    void writeRecovery(null);
    void refreshRecent();
  } catch (e) {
    fail('Could not open the file', e);
  }
}

/** Saves to the current file (or asks where); true when saved. */
export async function save(saveAs = false): Promise<boolean> {
  const s = editor();
  let path = saveAs ? undefined : (s.filePath ?? undefined);
  if (path === undefined && inApp()) {
    path = (await chooseFile('save', `${s.project.name || 'model'}.json`)) ?? undefined;
    if (path === undefined) return false;
  }
  // A model never named takes the file's name (Keras' model name), as one undoable step.
  if (path !== undefined && editor().project.name === 'untitled') {
    const base = path.split(/[\\/]/).pop()!.replace(/\.json$/i, '');
    if (base) editor().edit({ ...editor().project, name: base }, 'Name model');
  }
  const project = editor().project;
  try {
    const r = await api['project:save']({ project: project as unknown as Record<string, unknown>, ...(path ? { path } : {}), ...(saveAs && !path ? { saveAs: true } : {}) });
    if (!r.ok) {
      if (!('cancelled' in r)) editor().toast(`Could not save: ${r.message}`, 'error');
      return false;
    }
    editor().markSaved(project, r.path);
    editor().toast(`Saved ${r.path}`);
    void writeRecovery(null);
    void refreshRecent();
    return true;
  } catch (e) {
    fail('Could not save', e);
    return false;
  }
}

export async function listTemplates(): Promise<TemplateInfo[]> {
  try {
    return await api['templates:list']({});
  } catch {
    return [];
  }
}

export async function insertTemplate(info: TemplateInfo, params?: Record<string, unknown>): Promise<void> {
  try {
    const r = await api['templates:load']({ id: info.id, ...(params ? { params } : {}) });
    if (!r.ok) return editor().toast(`Could not load template ${info.name}: ${r.message}`, 'error');
    const checked = validateProject(r.project);
    if (!checked.ok) return editor().toast(`Template ${info.name} is invalid at ${checked.error.path}: ${checked.error.message}`, 'error');
    const s = editor();
    if (info.kind === 'block' && s.project.nodes.length > 0) {
      // Into a graph: the block's own Input goes, and the selected layer (if one) feeds it.
      const block = prepareBlock(checked.project, info.name, info.id);
      const feed = s.selectedNodes.size === 1 ? [...s.selectedNodes][0] : undefined;
      await insertProject(block.project, `Insert ${info.name}`, { ...(feed && !feed.startsWith('group:') ? { feedFrom: feed } : {}), entries: block.entries });
    } else {
      await insertProject({ ...checked.project, fromTemplate: info.id }, `Insert ${info.name}`, { collapseBlocks: info.kind === 'network' });
    }
  } catch (e) {
    fail(`Could not load template ${info.name}`, e);
  }
}

async function writeRecovery(project: Project | null): Promise<void> {
  try {
    await api['recovery:write']({ project: project as unknown as Record<string, unknown> | null, path: editor().filePath });
  } catch {
    /* autosave is best effort; the next edit tries again */
  }
}

export function restoreRecovery(): void {
  const r = useFiles.getState().recovery;
  if (!r) return;
  const checked = validateProject(r.project);
  if (!checked.ok) {
    editor().toast(`The recovered work is damaged at ${checked.error.path}: ${checked.error.message}`, 'error');
  } else {
    editor().load(checked.project, r.path, false);
    editor().toast('Restored your unsaved work.');
  }
  useFiles.setState({ recovery: null });
}

export function discardRecovery(): void {
  useFiles.setState({ recovery: null });
  void writeRecovery(null);
}

/**
 * Journals unsaved edits: 1.5 s after the last change while the document is dirty; clears the
 * journal when it becomes clean (saved, or undone back to the saved state). Returns a stop function.
 */
export function startAutosave(delayMs = 1500): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastDirty = false;
  const unsubscribe = useEditor.subscribe((s, prev) => {
    if (s.project === prev.project && s.savedProject === prev.savedProject) return;
    const dirty = isDirty(s);
    if (dirty !== lastDirty) void api['app:set-dirty']({ dirty }).catch(() => undefined);
    lastDirty = dirty;
    clearTimeout(timer);
    // While a recovery offer is pending, keep the old journal until the person answers.
    if (useFiles.getState().recovery) return;
    timer = setTimeout(() => void writeRecovery(isDirty(editor()) ? editor().project : null), dirty ? delayMs : 0);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
