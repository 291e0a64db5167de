/**
 * Project + analysis -> the nodes and edges @xyflow/react draws. Collapsed groups become one
 * node (edges re-routed to it), expanded groups a frame behind their layers. A cache keeps every
 * unchanged flow object identical between calls, so React Flow and the memoised node components
 * skip them: dragging one node in a 1,000-node graph re-renders one node. Group geometry lives in
 * groupFrames.ts, the edges in flowEdges.ts, the node data types in flowTypes.ts (re-exported here).
 */
import type { Edge } from '@xyflow/react';
import type { Analysis } from '../../shared/graph/analyze.ts';
import type { GraphNode, Project } from '../../shared/graph/schema.ts';
import { getLayer } from '../../shared/layers/index.ts';
import { formatShape } from '../../shared/shape.ts';
import { costBadge } from './costHints.ts';
import { FlowEdges } from './flowEdges.ts';
import { NODE_HEIGHT, NODE_WIDTH, type FlowNode, type LayerNodeData } from './flowTypes.ts';
import { groupPlacements, hiddenInCollapsed } from './groupFrames.ts';

export { FRAME_HEAD, FRAME_PAD, GROUP_PREFIX, NODE_HEIGHT, NODE_WIDTH, type FlowNode, type GroupNodeData, type LayerNodeData } from './flowTypes.ts';

interface Cached<T> {
  value: T;
  key: string;
}

/** Keeps flow objects stable across calls; one per canvas. */
export class FlowModel {
  private nodes = new Map<string, { src: GraphNode; analysis: Analysis; selected: boolean; data: LayerNodeData; dataKey: string; node: FlowNode }>();
  private groups = new Map<string, Cached<FlowNode>>();
  private edges = new FlowEdges();
  /** Sizes React Flow measured; new node objects must carry them or React Flow re-measures. */
  private measured = new Map<string, { width: number; height: number }>();

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
   * the edges (unreadable at that size, thousands of SVG elements fewer to paint) and hands the
   * edges that cannot move in `farEdges`, for FarEdges.tsx, instead of in `edges`.
   */
  build(project: Project, analysis: Analysis, selected: ReadonlySet<string>, selectedEdges: ReadonlySet<string>, far = false): { nodes: FlowNode[]; edges: Edge[]; farEdges: Edge[] } {
    const errors = new Map<string, string>();
    const codes = new Map<string, string>();
    for (const d of analysis.diagnostics) {
      if (d.nodeId && !errors.has(d.nodeId)) {
        errors.set(d.nodeId, d.message);
        codes.set(d.nodeId, d.code);
      }
    }

    // Which nodes hide inside a collapsed group: map each to its outermost collapsed group.
    const hiddenIn = hiddenInCollapsed(project);

    const nodes: FlowNode[] = [];
    // Group frames / collapsed group nodes first, so frames sit behind their layers.
    if (project.groups.length > 0) nodes.push(...this.buildGroups(project, analysis, selected, errors));

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
      // Frozen and the cost badge travel in the data, not in per-node store selectors: a
      // selector per node would run for every node on every drag frame.
      const frozen = n.trainable === false;
      const badge = n.kind === 'Conv2D' ? costBadge(analysis, n.id) : null;
      const cost = badge ? { text: badge.text, title: badge.title } : null;
      const dataKey = `${n.kind}|${name}|${summary}|${shape}|${count}|${error}|${errorCode}|${frozen}|${cost?.text}|${cost?.title}`;
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
          : { kind: n.kind, name, category: def?.category ?? 'Unknown', summary, shape, params: count, error, errorCode, takesInput: (def?.inputs.max ?? 1) > 0, frozen, cost };
      const measured = this.measured.get(n.id);
      const node: FlowNode = { id: n.id, type: 'layer', position: n.position, data, selected: isSelected, ...(measured ? { measured } : {}) };
      this.nodes.set(n.id, { src: n, analysis, selected: isSelected, data, dataKey, node });
      nodes.push(node);
    }
    for (const id of this.nodes.keys()) if (!seen.has(id)) this.nodes.delete(id);

    const { edges, far: farEdges } = this.edges.build(project, analysis, hiddenIn, errors, selectedEdges, far, selected);
    return { nodes, edges, farEdges };
  }

  /** Group nodes from their placements, reusing cached objects whose data, place and selection held. */
  private buildGroups(project: Project, analysis: Analysis, selected: ReadonlySet<string>, errors: Map<string, string>): FlowNode[] {
    const out: FlowNode[] = [];
    const seen = new Set<string>();
    for (const { id, collapsed, at, data } of groupPlacements(project, analysis, errors, (nid) => this.sizeOf(nid))) {
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
    for (const id of this.groups.keys()) if (!seen.has(id)) this.groups.delete(id);
    return out;
  }
}
