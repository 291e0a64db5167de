/**
 * Project + analysis -> the nodes and edges @xyflow/react draws. Collapsed groups become one
 * node (edges re-routed to it), expanded groups a frame behind their layers. A cache keeps every
 * unchanged flow object identical between calls, so React Flow and the memoised node components
 * skip them: dragging one node in a 1,000-node graph re-renders one node.
 */
import type { Edge, Node } from '@xyflow/react';
import type { Analysis } from '../../shared/graph/analyze.ts';
import type { GraphNode, Project } from '../../shared/graph/schema.ts';
import { groupBoundary, groupMembers } from '../../shared/graph/groups.ts';
import type { XY } from '../../shared/edits/index.ts';
import { getLayer } from '../../shared/layers/index.ts';
import { formatShape } from '../../shared/shape.ts';

/** Approximate node size, for group frames and layout before React Flow has measured them. */
export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 92;
export const GROUP_PREFIX = 'group:';
/** Padding of an expanded group's frame around its contents; the header sits in the top band. */
export const FRAME_PAD = 24;
export const FRAME_HEAD = 20;

export interface LayerNodeData extends Record<string, unknown> {
  kind: string;
  name: string;
  category: string;
  summary: string;
  shape: string | null;
  params: number;
  error: string | null;
  /** The diagnostic code behind `error`: a missing input is drawn softer than a real error. */
  errorCode: string | null;
  takesInput: boolean;
}

export interface GroupNodeData extends Record<string, unknown> {
  groupId: string;
  name: string;
  collapsed: boolean;
  layers: number;
  params: number;
  shape: string | null;
  width: number;
  height: number;
  error: string | null;
}

export type FlowNode = Node<LayerNodeData, 'layer'> | Node<GroupNodeData, 'block'>;

interface Cached<T> {
  value: T;
  key: string;
}

/** Keeps flow objects stable across calls; one per canvas. */
export class FlowModel {
  private nodes = new Map<string, { src: GraphNode; analysis: Analysis; selected: boolean; data: LayerNodeData; dataKey: string; node: FlowNode }>();
  /** The analysis and groups the edge cache was built against. */
  private edgeBasis: { analysis: Analysis | null; groups: unknown; edges?: unknown; selectedEdges?: unknown; far?: boolean } = { analysis: null, groups: null };
  private groups = new Map<string, Cached<FlowNode>>();
  private edges = new Map<string, Cached<Edge>>();
  /** Sizes React Flow measured; new node objects must carry them or React Flow re-measures. */
  private measured = new Map<string, { width: number; height: number }>();
  /** The last edge list handed out: returned again when no edge changed (a drag), so React Flow skips it. */
  private lastEdges: Edge[] = [];

  /**
   * Records a size React Flow measured. Returns true when the node object handed out earlier does
   * not carry it yet: the caller should rebuild, or parts that read user nodes (the minimap) keep
   * seeing a node without a size.
   */
  setMeasured(id: string, size: { width: number; height: number }): boolean {
    const old = this.measured.get(id);
    this.measured.set(id, size);
    const cached = this.nodes.get(id)?.node ?? this.groups.get(id)?.value;
    const carried = cached?.measured;
    if (old && old.width === size.width && old.height === size.height && carried?.width === size.width && carried?.height === size.height) return false;
    if (carried?.width === size.width && carried?.height === size.height) return false;
    this.nodes.delete(id);
    this.groups.delete(id);
    return true;
  }

  /** The measured size of a node, or the default estimate. */
  sizeOf(id: string): { width: number; height: number } {
    return this.measured.get(id) ?? { width: NODE_WIDTH, height: NODE_HEIGHT };
  }

  /**
   * The flow nodes and edges for `project`. `far` (zoomed far out) leaves the shape labels off
   * the edges: unreadable at that size, and thousands of SVG elements fewer to paint.
   */
  build(project: Project, analysis: Analysis, selected: ReadonlySet<string>, selectedEdges: ReadonlySet<string>, far = false): { nodes: FlowNode[]; edges: Edge[] } {
    const errors = new Map<string, string>();
    const codes = new Map<string, string>();
    for (const d of analysis.diagnostics) {
      if (d.nodeId && !errors.has(d.nodeId)) {
        errors.set(d.nodeId, d.message);
        codes.set(d.nodeId, d.code);
      }
    }

    // Which nodes hide inside a collapsed group: map each to its outermost collapsed group.
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

    const nodes: FlowNode[] = [];
    // Group frames / collapsed group nodes first, so frames sit behind their layers.
    if (project.groups.length > 0) nodes.push(...this.buildGroups(project, analysis, hiddenIn, selected, errors));

    const seen = new Set<string>();
    for (const n of project.nodes) {
      if (hiddenIn.has(n.id)) continue;
      seen.add(n.id);
      // Fast path (a drag moves one node): same node object, same analysis, same selection.
      const cached = this.nodes.get(n.id);
      if (cached && cached.src === n && cached.analysis === analysis && cached.selected === selected.has(n.id)) {
        nodes.push(cached.node);
        continue;
      }
      const a = analysis.nodes.get(n.id);
      const def = getLayer(n.kind);
      const params = a?.params;
      let summary = '';
      try {
        summary = def && params ? def.summarize(params as never) : params ? '' : 'invalid parameters';
      } catch {
        summary = '';
      }
      const shape = a?.shape ? formatShape(a.shape) : null;
      const count = a ? a.count.trainable + a.count.nonTrainable : 0;
      const error = errors.get(n.id) ?? null;
      const name = a?.name ?? n.name ?? n.id;
      const errorCode = codes.get(n.id) ?? null;
      const dataKey = `${n.kind}|${name}|${summary}|${shape}|${count}|${error}|${errorCode}`;
      const isSelected = selected.has(n.id);
      const prev = this.nodes.get(n.id);
      if (prev && prev.src === n && prev.selected === isSelected && prev.dataKey === dataKey) {
        prev.analysis = analysis;
        nodes.push(prev.node);
        continue;
      }
      const data: LayerNodeData =
        prev && prev.dataKey === dataKey
          ? prev.data
          : { kind: n.kind, name, category: def?.category ?? 'Unknown', summary, shape, params: count, error, errorCode, takesInput: (def?.inputs.max ?? 1) > 0 };
      const measured = this.measured.get(n.id);
      const node: FlowNode = { id: n.id, type: 'layer', position: n.position, data, selected: isSelected, ...(measured ? { measured } : {}) };
      this.nodes.set(n.id, { src: n, analysis, selected: isSelected, data, dataKey, node });
      nodes.push(node);
    }
    for (const id of this.nodes.keys()) if (!seen.has(id)) this.nodes.delete(id);

    if (this.edgeBasis.analysis === analysis && this.edgeBasis.groups === project.groups && this.edgeBasis.edges === project.edges && this.edgeBasis.selectedEdges === selectedEdges && this.edgeBasis.far === far) {
      return { nodes, edges: this.lastEdges };
    }
    this.edgeBasis = { analysis, groups: project.groups, edges: project.edges, selectedEdges, far };
    const edges: Edge[] = [];
    const edgeSeen = new Set<string>();
    const rep = (id: string) => {
      const g = hiddenIn.get(id);
      return g === undefined ? id : GROUP_PREFIX + g;
    };
    const pairs = new Set<string>();
    for (const e of project.edges) {
      const source = rep(e.source);
      const target = rep(e.target);
      if (source === target) continue;
      const pair = `${source}>${target}`;
      if (source !== e.source || target !== e.target) {
        if (pairs.has(pair)) continue;
        pairs.add(pair);
      }
      const shape = analysis.edgeShapes.get(e.id);
      const label = shape ? formatShape(shape) : '?';
      const isSelected = selectedEdges.has(e.id);
      const bad = errors.has(e.target) && !hiddenIn.has(e.target);
      const key = `${source}|${target}|${label}|${isSelected}|${bad}|${far}`;
      edgeSeen.add(e.id);
      const prev = this.edges.get(e.id);
      if (prev && prev.key === key) {
        edges.push(prev.value);
        continue;
      }
      const edge: Edge = {
        id: e.id,
        source,
        target,
        ...(far ? {} : { label }),
        selected: isSelected,
        className: bad ? 'nw-edge nw-edge-bad' : 'nw-edge',
        labelBgPadding: [6, 2],
        labelBgBorderRadius: 4,
      };
      this.edges.set(e.id, { value: edge, key });
      edges.push(edge);
    }
    for (const id of this.edges.keys()) if (!edgeSeen.has(id)) this.edges.delete(id);
    const same = edges.length === this.lastEdges.length && edges.every((e, i) => e === this.lastEdges[i]);
    if (!same) this.lastEdges = edges;
    return { nodes, edges: this.lastEdges };
  }

  private buildGroups(project: Project, analysis: Analysis, hiddenIn: Map<string, string>, selected: ReadonlySet<string>, errors: Map<string, string>): FlowNode[] {
    const out: FlowNode[] = [];
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
        const size = this.sizeOf(n.id);
        take({ x: n.position.x, y: n.position.y, w: size.width, h: size.height });
      }
      for (const child of childrenOf.get(gid) ?? []) {
        if (byId.get(child)!.collapsed) {
          const at = collapsedAt(child);
          const size = this.sizeOf(GROUP_PREFIX + child);
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

    const seen = new Set<string>();
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
      const id = GROUP_PREFIX + g.id;
      const isSelected = selected.has(id);
      const key = JSON.stringify([data, at, isSelected]);
      seen.add(id);
      const prev = this.groups.get(id);
      if (prev && prev.key === key) {
        out.push(prev.value);
        continue;
      }
      const measured = this.measured.get(id);
      const node: FlowNode = collapsed
        ? { id, type: 'block', position: at, data, selected: isSelected, ...(measured ? { measured } : {}) }
        : { id, type: 'block', position: at, data, selected: false, selectable: false, draggable: false, zIndex: -1, style: { width: data.width, height: data.height }, measured: { width: data.width, height: data.height } };
      this.groups.set(id, { value: node, key });
      out.push(node);
    }
    void hiddenIn;
    for (const id of this.groups.keys()) if (!seen.has(id)) this.groups.delete(id);
    return out;
  }
}
