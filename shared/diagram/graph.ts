/**
 * The diagram graph of a project, before placement: which layers and groups are boxes, which
 * expanded groups are frames (and inside which frame each box sits), and the edges between boxes
 * (re-routed to a collapsed group's box, once per pair). Coordinates are left at 0 for ELK.
 */
import type { Analysis } from '../graph/analyze.ts';
import { groupAncestry, groupBoundary } from '../graph/groups.ts';
import type { Project } from '../graph/schema.ts';
import { getLayer } from '../layers/index.ts';
import { formatShape } from '../shape.ts';
import { GEOMETRY, paramsLabel, type DiagramBox, type DiagramEdge, type DiagramFrame, type DiagramOptions } from './model.ts';
import { textWidth } from './text.ts';

/** Boxes, frames and edges of a diagram, unplaced. */
export interface DiagramGraph {
  boxes: DiagramBox[];
  /** Unsorted; `depth` set (0 for outermost). */
  frames: DiagramFrame[];
  edges: DiagramEdge[];
  /** The frame each box sits in directly (undefined: the root). */
  parentOfBox: Map<string, string | undefined>;
  /** How many layers the diagram shows (the selection, or every node). */
  layerCount: number;
  /** True when only a selection is drawn. */
  partial: boolean;
}

/**
 * Builds the boxes, frames and edges for `project` under `options` (selection and group mode);
 * every box gets one common width fitted to the widest label, clamped to GEOMETRY's bounds.
 */
export function buildDiagramGraph(project: Project, analysis: Analysis, options: DiagramOptions = {}): DiagramGraph {
  const mode = options.groups ?? 'expanded';
  const selected = options.selection && options.selection.length > 0 ? new Set(options.selection) : undefined;
  const nodes = project.nodes.filter((n) => !selected || selected.has(n.id));
  const visibleIds = new Set(nodes.map((n) => n.id));
  const groupById = new Map(project.groups.map((g) => [g.id, g]));

  // Which groups are frames and which are boxes. A group only partly selected cannot be one box.
  const membersOf = new Map<string, string[]>();
  for (const n of project.nodes) {
    if (n.group === undefined) continue;
    for (const g of groupAncestry(project, n.group)) membersOf.set(g, [...(membersOf.get(g) ?? []), n.id]);
  }
  const depthOf = (gid: string) => groupAncestry(project, gid).length - 1;
  const complete = (gid: string) => (membersOf.get(gid) ?? []).every((id) => visibleIds.has(id));
  const wantsCollapse = (gid: string): boolean => {
    if (mode === 'expanded') return false;
    if (mode === 'project') return groupById.get(gid)?.collapsed === true;
    return depthOf(gid) === (options.collapseDepth ?? 0);
  };
  /** The outermost collapsed group holding a node (or group), if any. */
  const collapsedOwner = (gid: string | undefined): string | undefined => {
    if (gid === undefined) return undefined;
    const chain = groupAncestry(project, gid);
    for (let i = chain.length - 1; i >= 0; i--) if (wantsCollapse(chain[i]!) && complete(chain[i]!)) return chain[i];
    return undefined;
  };
  const ownerOfNode = new Map(nodes.map((n) => [n.id, collapsedOwner(n.group) ?? n.id]));
  const collapsedIds = new Set([...ownerOfNode.values()].filter((id) => groupById.has(id) && !visibleIds.has(id)));
  /** The nearest frame around a group chain starting at `gid` (skipping collapsed ones). */
  const frameAround = (gid: string | undefined): string | undefined => {
    if (gid === undefined) return undefined;
    for (const g of groupAncestry(project, gid)) if (!collapsedIds.has(g) && collapsedOwner(g) === undefined) return g;
    return undefined;
  };

  // Boxes.
  const boxes: DiagramBox[] = [];
  const parentOfBox = new Map<string, string | undefined>();
  for (const n of nodes) {
    if (ownerOfNode.get(n.id) !== n.id) continue;
    const a = analysis.nodes.get(n.id);
    const def = getLayer(n.kind);
    const summary = def && a?.params ? safeSummary(() => def.summarize(a.params as never)) : '';
    boxes.push({
      id: n.id,
      type: 'layer',
      x: 0,
      y: 0,
      width: 0,
      height: GEOMETRY.boxHeight,
      name: a?.name ?? n.name ?? n.id,
      kind: n.kind === 'Input' ? 'InputLayer' : n.kind,
      detail: n.kind === 'Input' || n.kind === 'BatchNormalization' || summary === '+' || summary === 'channels' ? '' : summary,
      category: def?.category ?? 'Unknown',
      shape: a?.shape ? formatShape(a.shape) : '?',
      params: a ? a.count.trainable + a.count.nonTrainable : 0,
    });
    parentOfBox.set(n.id, frameAround(n.group));
  }
  for (const gid of collapsedIds) {
    const g = groupById.get(gid)!;
    const b = groupBoundary(project, gid, analysis);
    const shapes = b.collapsed?.outputShapes.map((s) => (s ? formatShape(s) : '?')) ?? [];
    const layers = b.nodeIds.length;
    boxes.push({
      id: gid,
      type: 'group',
      x: 0,
      y: 0,
      width: 0,
      height: GEOMETRY.boxHeight + GEOMETRY.stackOffset,
      name: g.name,
      kind: g.repeat ? `${g.repeat} blocks` : `${layers} layer${layers === 1 ? '' : 's'}`,
      detail: g.repeat ? `${layers} layers` : '',
      category: 'Group',
      shape: shapes.join(', ') || '?',
      params: b.collapsed?.params.total ?? 0,
    });
    parentOfBox.set(gid, frameAround(g.parent));
  }
  // One width for every box: a column of equal cards reads best.
  const width = Math.min(GEOMETRY.maxBoxWidth, Math.max(GEOMETRY.minBoxWidth, ...boxes.map(boxTextWidth)));
  for (const b of boxes) b.width = width + (b.type === 'group' ? GEOMETRY.stackOffset : 0);

  // Frames: every group with a visible box inside that is neither collapsed nor inside a collapsed one.
  const frameIds = new Set<string>();
  for (const parent of parentOfBox.values()) {
    for (let f = parent; f !== undefined; f = frameAround(groupById.get(f)!.parent)) frameIds.add(f);
  }
  const frames: DiagramFrame[] = [...frameIds].map((id) => {
    const g = groupById.get(id)!;
    const params = (membersOf.get(id) ?? []).reduce((s, m) => {
      const a = analysis.nodes.get(m);
      return s + (a ? a.count.trainable + a.count.nonTrainable : 0);
    }, 0);
    const parent = frameAround(g.parent);
    return { id, name: g.name, x: 0, y: 0, width: 0, height: 0, depth: 0, params, ...(parent ? { parent } : {}) };
  });
  for (const f of frames) {
    let d = 0;
    for (let p = f.parent; p !== undefined; p = frames.find((x) => x.id === p)?.parent) d++;
    f.depth = d;
  }

  // Edges between visible boxes, once per pair.
  const edges: DiagramEdge[] = [];
  const seen = new Set<string>();
  for (const e of project.edges) {
    if (!visibleIds.has(e.source) || !visibleIds.has(e.target)) continue;
    const source = ownerOfNode.get(e.source)!;
    const target = ownerOfNode.get(e.target)!;
    const key = `${source}\u0000${target}`;
    if (source === target || seen.has(key)) continue;
    seen.add(key);
    edges.push({ id: e.id, source, target, points: [] });
  }

  return { boxes, frames, edges, parentOfBox, layerCount: nodes.length, partial: selected !== undefined };
}

/** The width a box's two rows need. */
function boxTextWidth(b: DiagramBox): number {
  const g = GEOMETRY;
  const kindText = b.detail ? `${b.kind}  ${b.detail}` : b.kind;
  const row1 = textWidth(b.name, g.nameSize, true) + 18 + textWidth(kindText, g.kindSize);
  const row2 = textWidth(b.shape, g.shapeSize) + 18 + textWidth(paramsLabel(b.params), g.kindSize);
  return Math.ceil(g.band + 2 * g.padX + Math.max(row1, row2));
}

function safeSummary(f: () => string): string {
  try {
    return f();
  } catch {
    return '';
  }
}
