/**
 * Editor commands (what buttons, menus and shortcuts call): each reads the store, applies a pure
 * edit from shared/edits or shared/graph/groups, and commits it with a label for undo. The canvas
 * registers where the cursor and the view centre are, so inserts land where the person looks.
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
import { groupSelection, setGroupCollapsed, ungroup, groupMembers } from '../../shared/graph/groups.ts';
import { useEditor } from './store.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { checkConnection } from '../editor/connection.ts';
import { GROUP_PREFIX, NODE_HEIGHT, NODE_WIDTH } from '../editor/flowModel.ts';

/** What the canvas tells the commands about the view. */
export interface CanvasBridge {
  /** The cursor in graph coordinates when it is over the canvas, else the view centre. */
  insertPoint(): XY;
  fitView(): void;
  /** A node's drawn size (measured by React Flow, or the default estimate). */
  sizeOf(id: string): { width: number; height: number };
  /** Pans (keeping the zoom) so the box at `p` is in view, if it is not. */
  reveal(p: XY): void;
  /** Zooms to 100% around the view centre. */
  actualSize(): void;
}

let canvas: CanvasBridge = { insertPoint: () => ({ x: 0, y: 0 }), fitView: () => undefined, sizeOf: () => ({ width: NODE_WIDTH, height: NODE_HEIGHT }), reveal: () => undefined, actualSize: () => undefined };
export function registerCanvas(bridge: CanvasBridge): void {
  canvas = bridge;
}
export function fitView(): void {
  canvas.fitView();
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
const INSERT_STEP = NODE_HEIGHT + 40;

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

/**
 * Inserts a template's graph at the cursor (groups kept, ids and clashing names made fresh),
 * laid out with ELK to fit the node faces drawn here. In a whole network the blocks start
 * collapsed (ResNet-50 reads as its stages of blocks); expand any of them in place. One undo step.
 */
export async function insertProject(
  template: Project,
  label: string,
  options: { collapseBlocks?: boolean; feedFrom?: string; entries?: string[] } = {},
): Promise<void> {
  const collapseBlocks = options.collapseBlocks === true;
  let laid = template;
  try {
    const { layoutProject } = await import('../editor/layout.ts');
    const size = (id: string) => (id.startsWith(GROUP_PREFIX) ? { width: NODE_WIDTH, height: NODE_HEIGHT + 12 } : { width: NODE_WIDTH, height: NODE_HEIGHT + 12 });
    // First every group open, so each block's own layers get a tidy arrangement...
    const open = { ...template, groups: template.groups.map((g) => ({ ...g, collapsed: false })) };
    let positions = await layoutProject(open, size);
    laid = moveNodes(open, positions);
    // ...then the blocks closed, and the network laid out as it is shown.
    if (collapseBlocks && template.groups.some((g) => g.block !== undefined)) {
      const closed = { ...laid, groups: laid.groups.map((g) => (g.block !== undefined ? { ...g, collapsed: true } : g)) };
      positions = await layoutProject(closed, size);
      laid = moveNodes(closed, positions);
    } else {
      laid = { ...laid, groups: template.groups };
    }
  } catch (e) {
    // Keep the template's own positions; say why the layout failed.
    console.error('template layout failed', e);
  }
  const s = state();
  const empty = s.project.nodes.length === 0;
  const feed = options.feedFrom === undefined ? undefined : s.project.nodes.find((n) => n.id === options.feedFrom);
  const at = empty ? { x: 0, y: 0 } : feed ? { x: feed.position.x, y: feed.position.y + INSERT_STEP + 40 } : canvas.insertPoint();
  const pasted = pasteFragment(s.project, { netwright: 'netwright/fragment', version: 1, nodes: laid.nodes, edges: laid.edges, groups: laid.groups }, { at });
  let project = pasted.project;
  if (feed) {
    // A block wired from the selected layer into each of its entry points.
    const index = new Map(laid.nodes.map((n, i) => [n.id, i]));
    for (const entry of options.entries ?? []) {
      const id = pasted.ids[index.get(entry) ?? -1];
      if (id !== undefined) project = connect(project, feed.id, id).project;
    }
  }
  s.edit(empty && s.project.name === 'untitled' ? { ...project, name: template.name } : project, label, { select: laid.groups.length > 0 ? [] : pasted.ids });
  setTimeout(() => canvas.fitView(), 60);
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
 * Collapses or expands a group in place. When the expanded frame would cover other layers, the
 * graph is laid out again as part of the same step, so nothing ends up hidden under the frame.
 */
export async function toggleGroup(groupId: string, collapsed: boolean): Promise<void> {
  const s = state();
  const r = setGroupCollapsed(s.project, groupId, collapsed);
  if (!r.ok) return;
  let next = r.project;
  if (!collapsed && framesOverlap(next, groupId)) {
    try {
      const { layoutProject } = await import('../editor/layout.ts');
      next = moveNodes(next, await layoutProject(next, canvas.sizeOf));
    } catch {
      /* expanded without re-layout */
    }
  }
  state().edit(next, collapsed ? 'Collapse group' : 'Expand group', { select: collapsed ? [GROUP_PREFIX + groupId] : [] });
}

/** True when a layer outside `groupId` sits inside the box of its layers. */
function framesOverlap(project: Project, groupId: string): boolean {
  const inside = new Set(groupMembers(project, groupId));
  const ps = project.nodes.filter((n) => inside.has(n.id)).map((n) => n.position);
  if (ps.length === 0) return false;
  const minX = Math.min(...ps.map((p) => p.x)) - 30;
  const minY = Math.min(...ps.map((p) => p.y)) - 60;
  const maxX = Math.max(...ps.map((p) => p.x)) + NODE_WIDTH + 30;
  const maxY = Math.max(...ps.map((p) => p.y)) + NODE_HEIGHT + 30;
  return project.nodes.some((n) => !inside.has(n.id) && n.position.x + NODE_WIDTH > minX && n.position.x < maxX && n.position.y + NODE_HEIGHT > minY && n.position.y < maxY);
}

export function groupSelected(name: string): void {
  const s = state();
  const r = groupSelection(s.project, selectedLayerIds(), name);
  if (!r.ok) return s.toast(r.message, 'error');
  s.edit(r.project, 'Group');
}

export function ungroupSelected(): void {
  const s = state();
  const groups = [...s.selectedNodes].filter((id) => id.startsWith(GROUP_PREFIX)).map((id) => id.slice(GROUP_PREFIX.length));
  const ids = new Set(selectedLayerIds());
  // An expanded group: ungroup the innermost group holding all selected layers.
  if (groups.length === 0) {
    const g = s.project.groups.filter((x) => {
      const m = groupMembers(s.project, x.id);
      return m.length > 0 && [...ids].every((id) => m.includes(id));
    }).sort((a, b) => groupMembers(s.project, a.id).length - groupMembers(s.project, b.id).length)[0];
    if (g) groups.push(g.id);
  }
  let project = s.project;
  for (const id of groups) {
    const r = ungroup(project, id);
    if (r.ok) project = r.project;
  }
  s.edit(project, 'Ungroup');
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

/** Lays the whole graph out top to bottom with ELK (one undo step), then fits it in view. */
export async function autoLayout(): Promise<void> {
  const before = state().project;
  if (before.nodes.length === 0) return;
  try {
    const { layoutProject } = await import('../editor/layout.ts');
    const positions = await layoutProject(before, canvas.sizeOf);
    const now = state();
    now.edit(moveNodes(now.project, positions), 'Auto layout');
    setTimeout(() => canvas.fitView(), 30);
  } catch (e) {
    state().toast(`Auto layout failed: ${e instanceof Error ? e.message : String(e)}`, 'error');
  }
}
