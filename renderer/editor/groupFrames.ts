/**
 * Groups on the canvas: which layers hide inside a collapsed group (drawn as one node at its
 * layers' top-left corner), and the frame of each expanded group around its layers and child
 * frames plus padding, as ELK lays it out. Pure: sizes come from the caller (measured or estimated).
 */
import type { Analysis } from '../../shared/graph/analyze.ts';
import { groupBoundary, groupMembers } from '../../shared/graph/groups.ts';
import type { GraphNode, Project } from '../../shared/graph/schema.ts';
import type { XY } from '../../shared/edits/index.ts';
import { formatShape } from '../../shared/shape.ts';
import { FRAME_HEAD, FRAME_PAD, GROUP_PREFIX, NODE_HEIGHT, NODE_WIDTH, type GroupNodeData } from './flowTypes.ts';

/** A group node to draw: `at` is its position (a frame's top-left, or the collapsed node's). */
export interface GroupPlacement {
  /** The flow node id (GROUP_PREFIX + group id). */
  id: string;
  collapsed: boolean;
  at: XY;
  data: GroupNodeData;
}

/** Maps each node inside a collapsed group to its outermost collapsed group. */
export function hiddenInCollapsed(project: Project): Map<string, string> {
  const groupById = new Map(project.groups.map((g) => [g.id, g]));
  const hiddenIn = new Map<string, string>();
  const outermostCollapsed = (groupId: string | undefined): string | undefined => {
    let found: string | undefined;
    let g = groupId === undefined ? undefined : groupById.get(groupId);
    for (let depth = 0; g && depth < 1000; depth++) {
      if (g.collapsed) found = g.id;
      g = g.parent === undefined ? undefined : groupById.get(g.parent);
    }
    return found;
  };
  for (const n of project.nodes) {
    const c = outermostCollapsed(n.group);
    if (c !== undefined) hiddenIn.set(n.id, c);
  }
  return hiddenIn;
}

/**
 * The group nodes to draw (groups inside a collapsed group are skipped), in project order.
 * `errors` holds the first diagnostic message per node id; a group shows the first of its members'.
 */
export function groupPlacements(project: Project, analysis: Analysis, errors: ReadonlyMap<string, string>, sizeOf: (id: string) => { width: number; height: number }): GroupPlacement[] {
  const out: GroupPlacement[] = [];
  const byId = new Map(project.groups.map((g) => [g.id, g]));
  const isHidden = (gid: string): boolean => {
    for (let p = byId.get(byId.get(gid)?.parent ?? ''), d = 0; p && d < 1000; p = byId.get(p.parent ?? ''), d++) if (p.collapsed) return true;
    return false;
  };
  // Direct contents of each group: its own layers and its child groups.
  const layersOf = new Map<string, GraphNode[]>();
  for (const n of project.nodes) if (n.group !== undefined) layersOf.set(n.group, [...(layersOf.get(n.group) ?? []), n]);
  const childrenOf = new Map<string, string[]>();
  for (const g of project.groups) if (g.parent !== undefined) childrenOf.set(g.parent, [...(childrenOf.get(g.parent) ?? []), g.id]);

  type Rect = { x: number; y: number; w: number; h: number };
  const rects = new Map<string, Rect | null>();
  // A collapsed group is drawn as one node at its layers' top-left corner.
  const nodeById = new Map(project.nodes.map((n) => [n.id, n]));
  const collapsedAt = (gid: string): XY | null => {
    const ids = groupMembers(project, gid);
    if (ids.length === 0) return null;
    const ps = ids.map((id) => nodeById.get(id)!.position);
    return { x: Math.min(...ps.map((p) => p.x)), y: Math.min(...ps.map((p) => p.y)) };
  };
  // An expanded group's frame holds its layers and child frames plus padding (as ELK lays it out).
  const rectOf = (gid: string, depth = 0): Rect | null => {
    if (rects.has(gid)) return rects.get(gid)!;
    if (depth > 1000) return null;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    const take = (r: Rect) => {
      minX = Math.min(minX, r.x);
      minY = Math.min(minY, r.y);
      maxX = Math.max(maxX, r.x + r.w);
      maxY = Math.max(maxY, r.y + r.h);
    };
    for (const n of layersOf.get(gid) ?? []) {
      const size = sizeOf(n.id);
      take({ x: n.position.x, y: n.position.y, w: size.width, h: size.height });
    }
    for (const child of childrenOf.get(gid) ?? []) {
      if (byId.get(child)!.collapsed) {
        const at = collapsedAt(child);
        const size = sizeOf(GROUP_PREFIX + child);
        if (at) take({ x: at.x, y: at.y, w: size.width, h: size.height });
      } else {
        const r = rectOf(child, depth + 1);
        if (r) take(r);
      }
    }
    const rect = minX === Infinity ? null : { x: minX - FRAME_PAD, y: minY - FRAME_PAD - FRAME_HEAD - 8, w: maxX - minX + 2 * FRAME_PAD, h: maxY - minY + 2 * FRAME_PAD + FRAME_HEAD + 8 };
    rects.set(gid, rect);
    return rect;
  };

  for (const g of project.groups) {
    if (isHidden(g.id)) continue;
    const collapsed = g.collapsed === true;
    const rect = collapsed ? null : rectOf(g.id);
    const at = collapsed ? collapsedAt(g.id) : rect ? { x: rect.x, y: rect.y } : null;
    if (!at) continue;
    const boundary = groupBoundary(project, g.id, analysis);
    const shapes = boundary.collapsed?.outputShapes.map((s) => (s ? formatShape(s) : '?')) ?? [];
    const error = boundary.nodeIds.map((id) => errors.get(id)).find((m) => m !== undefined) ?? null;
    const data: GroupNodeData = {
      groupId: g.id,
      name: g.name,
      collapsed,
      layers: boundary.nodeIds.length,
      params: boundary.collapsed?.params.total ?? 0,
      shape: shapes.length > 0 ? shapes.join(', ') : null,
      width: rect ? rect.w : NODE_WIDTH,
      height: rect ? rect.h : NODE_HEIGHT,
      error,
    };
    out.push({ id: GROUP_PREFIX + g.id, collapsed, at, data });
  }
  return out;
}
