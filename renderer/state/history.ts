/**
 * Undo/redo as a history of Project snapshots. Edits share every untouched node and edge
 * object with the previous snapshot, so a snapshot costs one array per list, not a copy of the
 * graph. Rapid edits with the same coalesce key (typing into one field) merge into one step.
 */
import type { Project } from '../../shared/graph/schema.ts';

export interface HistoryEntry {
  project: Project;
  label: string;
}

export interface History {
  past: HistoryEntry[];
  future: HistoryEntry[];
  /** Key and time of the last pushed edit, for coalescing. */
  lastKey?: string;
  lastAt: number;
}

export const EMPTY_HISTORY: History = { past: [], future: [], lastAt: 0 };

/** Keep at most this many steps. */
const LIMIT = 500;
/** Edits with the same key closer together than this merge into one undo step. */
const COALESCE_MS = 1200;

/** Records that `before` was replaced by an edit called `label`. */
export function pushHistory(h: History, before: Project, label: string, key?: string, now = Date.now()): History {
  if (key !== undefined && key === h.lastKey && now - h.lastAt < COALESCE_MS && h.past.length > 0) {
    return { ...h, future: [], lastAt: now };
  }
  const past = [...h.past, { project: before, label }];
  if (past.length > LIMIT) past.splice(0, past.length - LIMIT);
  return { past, future: [], lastKey: key, lastAt: now };
}

/** Steps back: the project to show and the new history; null when there is nothing to undo. */
export function undoHistory(h: History, current: Project): { project: Project; history: History; label: string } | null {
  const entry = h.past[h.past.length - 1];
  if (!entry) return null;
  return {
    project: entry.project,
    label: entry.label,
    history: { past: h.past.slice(0, -1), future: [{ project: current, label: entry.label }, ...h.future], lastAt: 0 },
  };
}

/** Steps forward again. */
export function redoHistory(h: History, current: Project): { project: Project; history: History; label: string } | null {
  const entry = h.future[0];
  if (!entry) return null;
  return {
    project: entry.project,
    label: entry.label,
    history: { past: [...h.past, { project: current, label: entry.label }], future: h.future.slice(1), lastAt: 0 },
  };
}

/**
 * True when two snapshots differ at most in node positions (a drag), so the analysis of one
 * holds for the other. Relies on edits keeping untouched objects identical.
 */
export function sameStructure(a: Project, b: Project): boolean {
  if (a === b) return true;
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length || a.groups !== b.groups) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i]!;
    const y = b.nodes[i]!;
    if (x === y) continue;
    if (x.id !== y.id || x.kind !== y.kind || x.params !== y.params || x.name !== y.name || x.group !== y.group || x.trainable !== y.trainable) return false;
  }
  return true;
}
