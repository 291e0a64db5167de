/**
 * The editor's state: the Project being edited (the single source of truth, positions included),
 * its analysis, the undo history, the selection, the open file, and UI switches. Every edit goes
 * through `edit()`, which records history and re-analyses only when more than positions changed.
 */
import { create } from 'zustand';
import { analyzeGraph, type Analysis } from '../../shared/graph/analyze.ts';
import { emptyProject, type Project } from '../../shared/graph/schema.ts';
import { EMPTY_HISTORY, pushHistory, redoHistory, sameStructure, undoHistory, type History } from './history.ts';

export type Theme = 'light' | 'dark';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export interface EditOptions {
  /** Edits with the same key in quick succession merge into one undo step. */
  coalesce?: string;
  /** Select these nodes after the edit. */
  select?: string[];
}

export interface EditorState {
  project: Project;
  analysis: Analysis;
  history: History;
  /** The snapshot last saved or opened: the project is dirty when it is a different object. */
  savedProject: Project;
  filePath: string | null;
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  /** The project before a drag began, so the whole drag is one undo step. */
  moveOrigin: Project | null;
  /** Counts documents loaded (new, open, restore), so the canvas can fit the new one in view. */
  docVersion: number;

  theme: Theme;
  helpOpen: boolean;
  summaryOpen: boolean;
  batchSize: number;
  toasts: Toast[];

  edit(next: Project, label: string, options?: EditOptions): void;
  undo(): void;
  redo(): void;
  /** Position updates while dragging: no history, no analysis. */
  moveTransient(next: Project): void;
  /** Ends a drag: one history step from where it began. */
  endMove(): void;
  setSelection(nodes: Iterable<string>, edges?: Iterable<string>): void;
  /** Replaces the document (new, open, restore); clears history. `saved` false keeps it dirty. */
  load(project: Project, path: string | null, saved?: boolean): void;
  markSaved(project: Project, path: string): void;
  setTheme(theme: Theme): void;
  setHelpOpen(open: boolean): void;
  setSummaryOpen(open: boolean): void;
  setBatchSize(n: number): void;
  toast(text: string, kind?: Toast['kind']): void;
  dismissToast(id: number): void;
}

let toastId = 0;

function initialTheme(): Theme {
  const stored = globalThis.localStorage?.getItem('netwright.theme');
  if (stored === 'light' || stored === 'dark') return stored;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const start = emptyProject('untitled');

export const useEditor = create<EditorState>()((set, get) => ({
  project: start,
  analysis: analyzeGraph(start),
  history: EMPTY_HISTORY,
  savedProject: start,
  filePath: null,
  selectedNodes: new Set(),
  selectedEdges: new Set(),
  moveOrigin: null,
  docVersion: 0,
  theme: initialTheme(),
  helpOpen: false,
  summaryOpen: true,
  batchSize: 32,
  toasts: [],

  edit(next, label, options = {}) {
    const s = get();
    if (next === s.project) return;
    const before = s.moveOrigin ?? s.project;
    set({
      project: next,
      analysis: sameStructure(s.project, next) ? s.analysis : analyzeGraph(next),
      history: pushHistory(s.history, before, label, options.coalesce),
      moveOrigin: null,
      ...(options.select ? { selectedNodes: new Set(options.select), selectedEdges: new Set<string>() } : {}),
    });
  },

  undo() {
    const s = get();
    const step = undoHistory(s.history, s.moveOrigin ?? s.project);
    if (!step) return;
    set({ project: step.project, history: step.history, analysis: reanalyse(s, step.project), moveOrigin: null, ...pruneSelection(s, step.project) });
  },

  redo() {
    const s = get();
    const step = redoHistory(s.history, s.project);
    if (!step) return;
    set({ project: step.project, history: step.history, analysis: reanalyse(s, step.project), moveOrigin: null, ...pruneSelection(s, step.project) });
  },

  moveTransient(next) {
    const s = get();
    set({ project: next, moveOrigin: s.moveOrigin ?? s.project });
  },

  endMove() {
    const s = get();
    if (!s.moveOrigin) return;
    if (s.moveOrigin === s.project) return set({ moveOrigin: null });
    set({ history: pushHistory(s.history, s.moveOrigin, 'Move'), moveOrigin: null });
  },

  setSelection(nodes, edges = []) {
    set({ selectedNodes: new Set(nodes), selectedEdges: new Set(edges) });
  },

  load(project, path, saved = true) {
    set({
      project,
      analysis: analyzeGraph(project),
      history: EMPTY_HISTORY,
      savedProject: saved ? project : emptyProject('untitled'),
      filePath: path,
      selectedNodes: new Set(),
      selectedEdges: new Set(),
      moveOrigin: null,
      docVersion: get().docVersion + 1,
    });
  },

  markSaved(project, path) {
    set({ savedProject: project, filePath: path });
  },

  setTheme(theme) {
    globalThis.localStorage?.setItem('netwright.theme', theme);
    set({ theme });
  },
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setSummaryOpen: (summaryOpen) => set({ summaryOpen }),
  setBatchSize: (batchSize) => set({ batchSize }),

  toast(text, kind = 'info') {
    const id = ++toastId;
    set({ toasts: [...get().toasts, { id, kind, text }] });
    // Long enough to read: about 60 ms a character (warnings lists), at least 3.5 s (8 s for errors), at most 20 s.
    const ms = Math.min(20_000, Math.max(kind === 'error' ? 8000 : 3500, text.length * 60));
    setTimeout(() => get().dismissToast(id), ms);
  },
  dismissToast(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

function reanalyse(s: EditorState, next: Project): Analysis {
  return sameStructure(s.project, next) ? s.analysis : analyzeGraph(next);
}

function pruneSelection(s: EditorState, next: Project): Partial<EditorState> {
  const ids = new Set(next.nodes.map((n) => n.id));
  const edgeIds = new Set(next.edges.map((e) => e.id));
  return {
    selectedNodes: new Set([...s.selectedNodes].filter((id) => ids.has(id))),
    selectedEdges: new Set([...s.selectedEdges].filter((id) => edgeIds.has(id))),
  };
}

/** True when the document differs from what was last saved or opened. */
export function isDirty(s: Pick<EditorState, 'project' | 'savedProject'>): boolean {
  return s.project !== s.savedProject;
}
