/**
 * Editor commands (what buttons, menus and shortcuts call): each reads the store, applies a pure
 * edit from shared/edits, and commits it with a label for undo; groups, templates and layout are
 * in layoutActions.ts. The canvas registers where the cursor and the view centre are, so inserts
 * land where the person looks.
 */
import type { Project } from '../../shared/graph/schema.ts';
import {
  addNode,
  connect,
  duplicate,
  extractFragment,
  LAYER_SPACING,
  moveNodes,
  parseFragment,
  pasteFragment,
  removeElements,
  renameNode,
  serializeFragment,
  setParam,
  type FixIt,
  type Fragment,
  type XY,
} from '../../shared/edits/index.ts';
import { groupMembers } from '../../shared/graph/groups.ts';
import { useEditor } from './store.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { checkConnection } from '../editor/connection.ts';
import { bottleneckSaving, insertBottleneck } from '../../shared/edits/bottleneck.ts';
import { savingMessage } from '../editor/costHints.ts';
import { GROUP_PREFIX, NODE_HEIGHT, NODE_WIDTH } from '../editor/flowModel.ts';

/** What the canvas tells the commands about the view. */
export interface CanvasBridge {
  /** The cursor in graph coordinates when it is over the canvas, else the view centre. */
  insertPoint(): XY;
  /**
   * Fits the whole graph in view once the canvas has drawn the current project; `animate` for a
   * fit the person asked for (after an edit it is instant: a click during an animated fit would
   * stop it half way).
   */
  fitView(animate?: boolean): void;
  /** A node's drawn size (measured by React Flow, or the default estimate). */
  sizeOf(id: string): { width: number; height: number };
  /** Pans (keeping the zoom) so the box at `p` is in view, if it is not. */
  reveal(p: XY): void;
  /** Zooms to 100% around the view centre. */
  actualSize(): void;
}

let canvas: CanvasBridge = { insertPoint: () => ({ x: 0, y: 0 }), fitView: () => undefined, sizeOf: () => ({ width: NODE_WIDTH, height: NODE_HEIGHT }), reveal: () => undefined, actualSize: () => undefined };
/** The registered canvas (for the group and layout commands in layoutActions.ts). */
export function canvasBridge(): CanvasBridge {
  return canvas;
}
export function registerCanvas(bridge: CanvasBridge): void {
  canvas = bridge;
}
export function fitView(): void {
  canvas.fitView(true);
}
export function actualSize(): void {
  canvas.actualSize();
}

const state = () => useEditor.getState();

/** Node ids of the selection, with collapsed groups expanded to their members. */
export function selectedLayerIds(): string[] {
  const s = state();
  const ids: string[] = [];
  for (const id of s.selectedNodes) {
    if (id.startsWith(GROUP_PREFIX)) ids.push(...groupMembers(s.project, id.slice(GROUP_PREFIX.length)));
    else ids.push(id);
  }
  return ids;
}

/** Vertical step between a layer and the one inserted below it. */
export const INSERT_STEP = NODE_HEIGHT + 40;

/** Moves `p` down until no node's top-left corner is within a few pixels of it. */
function freeSpot(project: Project, p: XY): XY {
  const spot = { ...p };
  for (let i = 0; i < 200 && project.nodes.some((n) => Math.abs(n.position.x - spot.x) < 30 && Math.abs(n.position.y - spot.y) < 30); i++) spot.y += INSERT_STEP;
  return spot;
}

/**
 * Adds a layer of `kind` and selects it. Dropped from the palette it lands at `at`. Inserted
 * from the keyboard (Enter in the palette) with one layer selected, it goes below that layer and
 * is wired to it when the shapes allow, so a chain is typed layer by layer; otherwise it lands at
 * the cursor or the view centre.
 */
export function insertLayer(kind: string, at?: XY): void {
  const s = state();
  const selected = at === undefined && s.selectedNodes.size === 1 ? s.project.nodes.find((n) => s.selectedNodes.has(n.id)) : undefined;
  const centre = at ?? canvas.insertPoint();
  const position = freeSpot(s.project, selected ? { x: selected.position.x, y: selected.position.y + INSERT_STEP } : { x: centre.x - NODE_WIDTH / 2, y: centre.y - NODE_HEIGHT / 2 });
  const added = addNode(s.project, { kind }, position);
  let project = added.project;
  if (selected) {
    const check = checkConnection(project, analyzeGraph(project), selected.id, added.id);
    if (check.ok) project = connect(project, selected.id, added.id).project;
  }
  s.edit(project, `Add ${kind}`, { select: [added.id] });
  canvas.reveal(position);
}

export function connectNodes(source: string, target: string): void {
  const s = state();
  const { project, edgeId } = connect(s.project, source, target);
  if (edgeId) s.edit(project, 'Connect');
}

export function deleteSelection(): void {
  const s = state();
  const next = removeElements(s.project, selectedLayerIds(), s.selectedEdges);
  s.edit(next, 'Delete', { select: [] });
}

export function duplicateSelection(): void {
  const s = state();
  const ids = selectedLayerIds();
  if (ids.length === 0) return;
  const { project, ids: created } = duplicate(s.project, ids);
  s.edit(project, 'Duplicate', { select: created });
}

export function selectAll(): void {
  const s = state();
  s.setSelection(s.project.nodes.map((n) => n.id), s.project.edges.map((e) => e.id));
}

/** Clipboard text for the selection, or null when nothing is selected. */
export function copySelectionText(): string | null {
  const ids = selectedLayerIds();
  if (ids.length === 0) return null;
  return serializeFragment(extractFragment(state().project, ids));
}

let lastCopied: string | null = null;
export function rememberCopied(text: string): void {
  lastCopied = text;
}

/** Pastes clipboard text at the cursor; returns false when it is not a Netwright fragment. */
export function pasteText(text: string | null): boolean {
  const fragment: Fragment | null = parseFragment(text ?? lastCopied ?? '');
  if (!fragment || fragment.nodes.length === 0) return false;
  const s = state();
  const { project, ids } = pasteFragment(s.project, fragment, { at: canvas.insertPoint() });
  s.edit(project, 'Paste', { select: ids });
  return true;
}

export function setNodeParam(id: string, key: string, value: unknown): void {
  const s = state();
  s.edit(setParam(s.project, id, key, value), `Set ${key}`, { coalesce: `param:${id}:${key}` });
}

export function setNodeName(id: string, name: string): void {
  const s = state();
  s.edit(renameNode(s.project, id, name), 'Rename', { coalesce: `name:${id}` });
}

export function setNodeTrainable(id: string, trainable: boolean): void {
  const s = state();
  s.edit({ ...s.project, nodes: s.project.nodes.map((n) => (n.id === id ? { ...n, trainable } : n)) }, trainable ? 'Unfreeze' : 'Freeze');
}

export function applyFix(fix: FixIt): void {
  const s = state();
  const before = new Set(s.project.nodes.map((n) => n.id));
  const next = fix.apply(s.project);
  s.edit(next, fix.label, { select: next.nodes.filter((n) => !before.has(n.id)).map((n) => n.id) });
}

/**
 * Inserts a 1x1 convolution of `channels` filters before the Conv2D `convId` as one undo step,
 * selects it, and says in a toast how many multiply-adds that saved.
 */
export function insertBottleneckBefore(convId: string, channels: number): void {
  const s = state();
  const saving = bottleneckSaving(s.project, convId, channels);
  const r = insertBottleneck(s.project, convId, channels);
  if (!r.ok || 'error' in saving) return s.toast(`Could not insert a bottleneck: ${r.ok ? (saving as { error: string }).error : r.message}`, 'error');
  s.edit(r.project, 'Insert 1x1 bottleneck', { select: [r.bottleneckId] });
  s.toast(savingMessage(s.analysis.nodes.get(convId)?.name ?? convId, channels, saving));
}

export type Alignment = 'left' | 'center' | 'top' | 'distribute-v' | 'distribute-h';

/** Aligns the selected layers (at least two). */
export function alignSelection(how: Alignment): void {
  const s = state();
  const nodes = s.project.nodes.filter((n) => s.selectedNodes.has(n.id));
  if (nodes.length < 2) return;
  const xs = nodes.map((n) => n.position.x);
  const ys = nodes.map((n) => n.position.y);
  const moves = new Map<string, XY>();
  if (how === 'left') for (const n of nodes) moves.set(n.id, { x: Math.min(...xs), y: n.position.y });
  if (how === 'center') {
    const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
    for (const n of nodes) moves.set(n.id, { x: cx, y: n.position.y });
  }
  if (how === 'top') for (const n of nodes) moves.set(n.id, { x: n.position.x, y: Math.min(...ys) });
  if (how === 'distribute-v') {
    const sorted = [...nodes].sort((a, b) => a.position.y - b.position.y);
    const top = sorted[0]!.position.y;
    const step = Math.max(LAYER_SPACING, (sorted[sorted.length - 1]!.position.y - top) / (sorted.length - 1));
    sorted.forEach((n, i) => moves.set(n.id, { x: n.position.x, y: top + i * step }));
  }
  if (how === 'distribute-h') {
    const sorted = [...nodes].sort((a, b) => a.position.x - b.position.x);
    const left = sorted[0]!.position.x;
    const step = Math.max(NODE_WIDTH + 40, (sorted[sorted.length - 1]!.position.x - left) / (sorted.length - 1));
    sorted.forEach((n, i) => moves.set(n.id, { x: left + i * step, y: n.position.y }));
  }
  s.edit(moveNodes(s.project, moves), 'Align');
}

export function renameProject(name: string): void {
  const s = state();
  s.edit({ ...s.project, name }, 'Rename model', { coalesce: 'project-name' });
}
