/**
 * layoutDiagram: a project (or a selection of it) as boxes, frames and routed edges, placed by
 * ELK's layered algorithm top to bottom with orthogonal edges. Expanded groups become frames
 * around their layers; collapsed groups become one box with their output shape and parameter
 * total. ELK runs in-process (its bundled build starts no web worker, in Node and in browsers).
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { Analysis } from '../graph/analyze.ts';
import { groupAncestry, groupBoundary } from '../graph/groups.ts';
import type { Project } from '../graph/schema.ts';
import { getLayer } from '../layers/index.ts';
import { formatShape } from '../shape.ts';
import { compactCount, textWidth } from './text.ts';

export interface Point {
  x: number;
  y: number;
}

/** One drawn box: a layer, or a collapsed group. Coordinates are the top-left corner. */
export interface DiagramBox {
  id: string;
  type: 'layer' | 'group';
  x: number;
  y: number;
  width: number;
  height: number;
  /** Keras layer name, or the group's name. */
  name: string;
  /** Keras class name ('InputLayer' for Input); for groups, e.g. '3 layers'. */
  kind: string;
  /** Key parameters ('3x3 same, 64'), empty when nothing worth saying. */
  detail: string;
  /** Layer category for the colour; 'Group' for groups. */
  category: string;
  /** Output shape(s), e.g. '64x64x32' ('?' when unknown). */
  shape: string;
  params: number;
}

/** An expanded group: a labelled frame around its members. */
export interface DiagramFrame {
  id: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** 0 for outermost frames. */
  depth: number;
  params: number;
  /** The enclosing frame, if any. */
  parent?: string;
}

export interface DiagramEdge {
  id: string;
  /** Box ids. */
  source: string;
  target: string;
  /** Orthogonal polyline from the source's border to the target's border. */
  points: Point[];
}

export interface DiagramLayout {
  title: string;
  /** 'Total params: ...' line under the title (empty when the title is off). */
  subtitle: string;
  width: number;
  height: number;
  boxes: DiagramBox[];
  frames: DiagramFrame[];
  edges: DiagramEdge[];
}

export interface DiagramOptions {
  /** Only these node ids (and the edges between them); all nodes when absent or empty. */
  selection?: readonly string[];
  /**
   * 'expanded': every group is a frame. 'collapsed': groups at nesting depth `collapseDepth`
   * (0: outermost) are boxes, shallower ones frames. 'project': each group as the project has it
   * (its `collapsed` flag), as the editor shows it.
   */
  groups?: 'collapsed' | 'expanded' | 'project';
  collapseDepth?: number;
  /** Draw the model name and totals above the graph (default true). */
  title?: boolean;
}

/** Box and frame geometry shared with the SVG renderer. */
export const GEOMETRY = {
  boxHeight: 52,
  minBoxWidth: 200,
  maxBoxWidth: 420,
  padX: 14,
  /** Left colour band of a box. */
  band: 6,
  /** Offset of the card drawn behind a collapsed group. */
  stackOffset: 5,
  nameSize: 13,
  kindSize: 11,
  shapeSize: 12,
  frameLabelSize: 12,
  framePadding: { top: 34, left: 16, bottom: 16, right: 16 },
  margin: 24,
  headerHeight: 52,
} as const;

/** Lays the diagram out; resolves with absolute coordinates for every box, frame and edge. */
export async function layoutDiagram(project: Project, analysis: Analysis, options: DiagramOptions = {}): Promise<DiagramLayout> {
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

  // The ELK graph: frames as compound nodes, boxes as leaves; every edge declared at the root.
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: '__root__',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeNode': '16',
      'elk.spacing.edgeEdge': '10',
      'elk.layered.spacing.nodeNodeBetweenLayers': '34',
      'elk.layered.spacing.edgeNodeBetweenLayers': '14',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
    },
    children: [],
    edges: [],
  };
  const p = GEOMETRY.framePadding;
  for (const f of frames) {
    elkNodes.set(f.id, { id: f.id, children: [], layoutOptions: { 'elk.padding': `[top=${p.top},left=${p.left},bottom=${p.bottom},right=${p.right}]` } });
  }
  const container = (parent: string | undefined) => (parent === undefined ? root : elkNodes.get(parent)!);
  for (const f of frames) container(f.parent).children!.push(elkNodes.get(f.id)!);
  for (const b of boxes) {
    const leaf: ElkNode = { id: b.id, width: b.width, height: b.height };
    elkNodes.set(b.id, leaf);
    container(parentOfBox.get(b.id)).children!.push(leaf);
  }
  root.edges = edges.map((e): ElkExtendedEdge => ({ id: e.id, sources: [e.source], targets: [e.target] }));

  const laid = await new ELK().layout(root);

  // Read positions back (absolute, thanks to shapeCoords/edgeCoords ROOT) and shift below the header.
  const showTitle = options.title !== false;
  const dx = GEOMETRY.margin;
  const dy = GEOMETRY.margin + (showTitle ? GEOMETRY.headerHeight : 0);
  const placed = new Map<string, ElkNode>();
  const walk = (n: ElkNode) => {
    placed.set(n.id, n);
    for (const c of n.children ?? []) walk(c);
  };
  walk(laid);
  for (const b of boxes) {
    const n = placed.get(b.id)!;
    b.x = round(n.x! + dx);
    b.y = round(n.y! + dy);
  }
  for (const f of frames) {
    const n = placed.get(f.id)!;
    Object.assign(f, { x: round(n.x! + dx), y: round(n.y! + dy), width: round(n.width!), height: round(n.height!) });
  }
  const laidEdges = new Map<string, ElkExtendedEdge>();
  const collectEdges = (n: ElkNode) => {
    for (const e of n.edges ?? []) laidEdges.set(e.id, e);
    for (const c of n.children ?? []) collectEdges(c);
  };
  collectEdges(laid);
  for (const e of edges) {
    const s = laidEdges.get(e.id)?.sections?.[0];
    if (!s) continue;
    e.points = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((pt) => ({ x: round(pt.x + dx), y: round(pt.y + dy) }));
  }

  const totals = analysis.totals;
  const shownParams = selected ? boxes.reduce((s, b) => s + b.params, 0) : totals.total;
  const subtitle = showTitle
    ? selected
      ? `Selection: ${nodes.length} layer${nodes.length === 1 ? '' : 's'} · ${compactCount(shownParams)} params`
      : `${analysis.order.length} layers · Total params: ${shownParams.toLocaleString('en-US')} · Trainable: ${totals.trainable.toLocaleString('en-US')} · MACs: ${compactCount(totals.macs)}`
    : '';
  const title = showTitle ? project.name : '';
  const contentWidth = Math.max(round(laid.width ?? 0), showTitle ? Math.max(textWidth(title, 16, true), textWidth(subtitle, 11)) : 0);
  return {
    title,
    subtitle,
    width: Math.ceil(contentWidth + 2 * GEOMETRY.margin),
    height: Math.ceil((laid.height ?? 0) + dy + GEOMETRY.margin),
    boxes,
    frames: frames.sort((a, b) => a.depth - b.depth),
    edges,
  };
}

/** The width a box's two rows need. */
function boxTextWidth(b: DiagramBox): number {
  const g = GEOMETRY;
  const kindText = b.detail ? `${b.kind}  ${b.detail}` : b.kind;
  const row1 = textWidth(b.name, g.nameSize, true) + 18 + textWidth(kindText, g.kindSize);
  const row2 = textWidth(b.shape, g.shapeSize) + 18 + textWidth(paramsLabel(b.params), g.kindSize);
  return Math.ceil(g.band + 2 * g.padX + Math.max(row1, row2));
}

/** '896 params', '23.6M params', or '' for layers without weights. */
export function paramsLabel(params: number): string {
  return params > 0 ? `${compactCount(params)} params` : '';
}

function safeSummary(f: () => string): string {
  try {
    return f();
  } catch {
    return '';
  }
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
