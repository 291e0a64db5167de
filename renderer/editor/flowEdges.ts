/**
 * The canvas edges: project edges with their tensor shape as label, re-routed to a collapsed
 * group's node (once per pair). Cached per edge so an unchanged edge keeps its object, and the
 * whole list is handed out again when nothing changed (a drag), so React Flow skips it.
 */
import type { Edge } from '@xyflow/react';
import type { Analysis } from '../../shared/graph/analyze.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { formatShape } from '../../shared/shape.ts';
import { GROUP_PREFIX } from './flowTypes.ts';

/** Keeps edge objects stable across calls; one per canvas. */
export class FlowEdges {
  /** The analysis and groups the edge cache was built against. */
  private edgeBasis: { analysis: Analysis | null; groups: unknown; edges?: unknown; selectedEdges?: unknown; selectedNodes?: unknown; far?: boolean } = { analysis: null, groups: null };
  private edges = new Map<string, { value: Edge; key: string }>();
  /** The last edge lists handed out: returned again when no edge changed. */
  private lastEdges: Edge[] = [];
  private lastFar: Edge[] = [];

  /**
   * The flow edges for `project`. `hiddenIn` maps nodes inside a collapsed group to that group;
   * `errors` marks edges into a node with a diagnostic; `far` leaves the shape labels off and
   * moves the edges that cannot move (no end selected, not selected) out of React Flow's list
   * into `far`, which FarEdges.tsx draws: React Flow keeps a store subscription per edge it is
   * given, even a hidden one, and runs them all on every drag frame.
   */
  build(
    project: Project,
    analysis: Analysis,
    hiddenIn: ReadonlyMap<string, string>,
    errors: ReadonlyMap<string, string>,
    selectedEdges: ReadonlySet<string>,
    far: boolean,
    selectedNodes: ReadonlySet<string> = new Set(),
  ): { edges: Edge[]; far: Edge[] } {
    const b = this.edgeBasis;
    if (b.analysis === analysis && b.groups === project.groups && b.edges === project.edges && b.selectedEdges === selectedEdges && b.far === far && (!far || b.selectedNodes === selectedNodes)) {
      return { edges: this.lastEdges, far: this.lastFar };
    }
    this.edgeBasis = { analysis, groups: project.groups, edges: project.edges, selectedEdges, selectedNodes, far };
    const edges: Edge[] = [];
    const farEdges: Edge[] = [];
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
      const hidden = far && !isSelected && !selectedNodes.has(source) && !selectedNodes.has(target);
      const key = `${source}|${target}|${label}|${isSelected}|${bad}|${far}|${hidden}`;
      edgeSeen.add(e.id);
      const prev = this.edges.get(e.id);
      if (prev && prev.key === key) {
        (hidden ? farEdges : edges).push(prev.value);
        continue;
      }
      const edge: Edge = {
        id: e.id,
        source,
        target,
        // Far out: no label and no 20 px invisible hit path (one SVG path per edge fewer).
        ...(far ? { interactionWidth: 0 } : { label }),
        selected: isSelected,
        className: bad ? 'nw-edge nw-edge-bad' : 'nw-edge',
        labelBgPadding: [6, 2],
        labelBgBorderRadius: 4,
      };
      this.edges.set(e.id, { value: edge, key });
      (hidden ? farEdges : edges).push(edge);
    }
    for (const id of this.edges.keys()) if (!edgeSeen.has(id)) this.edges.delete(id);
    const same = (a: Edge[], b: Edge[]) => a.length === b.length && a.every((e, i) => e === b[i]);
    if (!same(edges, this.lastEdges)) this.lastEdges = edges;
    if (!same(farEdges, this.lastFar)) this.lastFar = farEdges;
    return { edges: this.lastEdges, far: this.lastFar };
  }
}
