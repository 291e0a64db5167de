/**
 * Diagrams of a selection: the selected layers, plus one "outside" input card for every layer
 * outside the selection that feeds it, so the subgraph still shows the tensors coming in (name,
 * kind and shape of the layer they come from). Names, shapes and counts are the full graph's.
 */
import type { Analysis, NodeAnalysis } from '../graph/analyze.ts';
import { groupAncestry, groupMembers } from '../graph/groups.ts';
import type { GraphEdge, GraphNode, Project } from '../graph/schema.ts';
import { layoutDiagram, GEOMETRY, type DiagramLayout, type DiagramLayoutOptions } from './layout.ts';
import { compactCount, textWidth } from './text.ts';

/** Prefix of the ids given to the outside input cards (`outside:<id of the outside layer>`). */
export const OUTSIDE_PREFIX = 'outside:';

/** What the diagram of a selection is drawn from. */
export interface SelectionGraph {
  /** The project with an Input stand-in per outside source, wired in place of the source. */
  project: Project;
  /** The full graph's analysis, with entries for the stand-ins (the source's name and shape). */
  analysis: Analysis;
  /** The node ids to draw: the selected layers and the stand-ins. */
  selection: string[];
  /** Stand-in id -> the outside layer it stands for. */
  outside: Map<string, string>;
}

/**
 * Resolves a selection to layer ids: group ids (plain, or with the editor's `group:` prefix)
 * become their member layers. Ids that are neither a layer nor a group are returned in `unknown`.
 */
export function resolveSelection(project: Project, ids: readonly string[]): { nodeIds: string[]; unknown: string[] } {
  const layers = new Set(project.nodes.map((n) => n.id));
  const groups = new Set(project.groups.map((g) => g.id));
  const chosen = new Set<string>();
  const unknown: string[] = [];
  for (const raw of ids) {
    const id = raw.startsWith('group:') && !layers.has(raw) ? raw.slice('group:'.length) : raw;
    if (layers.has(id)) chosen.add(id);
    else if (groups.has(id)) for (const m of groupMembers(project, id)) chosen.add(m);
    else unknown.push(raw);
  }
  // File order, so the diagram does not depend on the order things were clicked.
  return { nodeIds: project.nodes.filter((n) => chosen.has(n.id)).map((n) => n.id), unknown };
}

/**
 * Builds the graph a selection's diagram is laid out from. Every outside layer feeding a selected
 * one is replaced, for the selection, by an Input stand-in carrying that layer's Keras name and
 * output shape; one stand-in per outside layer, however many selected layers it feeds.
 */
export function selectionGraph(project: Project, analysis: Analysis, selection: readonly string[]): SelectionGraph {
  const selected = new Set(selection);
  const byId = new Map(project.nodes.map((n) => [n.id, n]));
  const outside = new Map<string, string>();
  const stubs: GraphNode[] = [];
  const stubAnalysis: NodeAnalysis[] = [];
  const edges: GraphEdge[] = project.edges.map((e) => {
    if (!selected.has(e.target) || selected.has(e.source) || !byId.has(e.source)) return e;
    const stubId = OUTSIDE_PREFIX + e.source;
    if (!outside.has(stubId)) {
      outside.set(stubId, e.source);
      const source = analysis.nodes.get(e.source);
      const shape = source?.shape ? [...source.shape] : undefined;
      stubs.push({ id: stubId, kind: 'Input', params: shape ? { shape } : {}, position: byId.get(e.source)!.position });
      stubAnalysis.push({
        id: stubId,
        kind: 'Input',
        name: source?.name ?? e.source,
        ...(shape ? { params: { shape } } : {}),
        inputIds: [],
        inputShapes: [],
        ...(shape ? { shape } : {}),
        count: { trainable: 0, nonTrainable: 0 },
        macs: 0,
        explain: [],
      });
    }
    return { ...e, source: stubId, sourcePort: 'out' };
  });
  const nodes = new Map(analysis.nodes);
  for (const a of stubAnalysis) nodes.set(a.id, a);
  return {
    project: { ...project, nodes: [...project.nodes, ...stubs], edges },
    analysis: { ...analysis, nodes },
    selection: [...project.nodes.filter((n) => selected.has(n.id)).map((n) => n.id), ...outside.keys()],
    outside,
  };
}

/**
 * Lays out the whole graph, or (with `options.selection`) the selected layers with their outside
 * inputs as Input cards labelled "outside", the kind of the layer they come from beside it. The
 * subtitle counts the selected layers only. Group ids in the selection stand for their members.
 * `options.engine` runs ELK, as for {@link layoutDiagram}.
 */
export async function layoutSelection(project: Project, analysis: Analysis, options: DiagramLayoutOptions): Promise<DiagramLayout> {
  const ids = options.selection ? resolveSelection(project, options.selection).nodeIds : [];
  if (ids.length === 0) return layoutDiagram(project, analysis, { ...options, selection: [] });
  const sub = selectionGraph(project, analysis, ids);
  const collapseDepth = options.collapseDepth ?? (options.groups === 'collapsed' ? selectionCollapseDepth(project, ids) : undefined);
  const layout = await layoutDiagram(sub.project, sub.analysis, { ...options, selection: sub.selection, ...(collapseDepth !== undefined ? { collapseDepth } : {}) });
  // A frame cut by the selection counts only the selected layers inside it.
  const chosen = new Set(ids);
  for (const f of layout.frames) {
    f.params = groupMembers(project, f.id)
      .filter((id) => chosen.has(id))
      .reduce((s, id) => s + paramsOf(analysis, id), 0);
  }
  for (const box of layout.boxes) {
    const source = sub.outside.get(box.id);
    if (source === undefined) continue;
    // "Input  from Activation": an input of the subgraph, and what it is in the full graph.
    const kind = project.nodes.find((n) => n.id === source)?.kind ?? '?';
    box.kind = 'Input';
    box.detail = fits(box.name, `Input  from ${kind}`, box.width) ? `from ${kind}` : fits(box.name, 'Input  outside', box.width) ? 'outside' : '';
  }
  if (layout.subtitle) {
    const params = layout.boxes.reduce((s, b) => s + b.params, 0);
    const macs = ids.reduce((s, id) => s + (analysis.nodes.get(id)?.macs ?? 0), 0);
    const layers = `${ids.length} layer${ids.length === 1 ? '' : 's'}`;
    const full = `Selection: ${layers} · ${compactCount(params)} params · MACs: ${compactCount(macs)}`;
    // The layout sized the page for its own subtitle; keep within it.
    layout.subtitle = textWidth(full, 11) <= layout.width - 2 * GEOMETRY.margin ? full : `Selection: ${layers} · ${compactCount(params)} params`;
  }
  return layout;
}

/**
 * The nesting depth to collapse at for a selection: the outermost groups lying wholly inside it,
 * except a group that is the whole selection (one card would say nothing). Undefined when none.
 */
export function selectionCollapseDepth(project: Project, nodeIds: readonly string[]): number | undefined {
  const chosen = new Set(nodeIds);
  let best: number | undefined;
  for (const g of project.groups) {
    const members = groupMembers(project, g.id);
    if (members.length === 0 || members.length === chosen.size || !members.every((id) => chosen.has(id))) continue;
    const depth = groupAncestry(project, g.id).length - 1;
    best = best === undefined ? depth : Math.min(best, depth);
  }
  return best;
}

function paramsOf(analysis: Analysis, id: string): number {
  const a = analysis.nodes.get(id);
  return a ? a.count.trainable + a.count.nonTrainable : 0;
}

/** True when a card of `width` holds `name` and `kindText` on its first row (as svg.ts draws it). */
function fits(name: string, kindText: string, width: number): boolean {
  const g = GEOMETRY;
  const room = width - g.band - 2 * g.padX;
  const kind = textWidth(kindText, g.kindSize);
  return kind <= room * 0.6 && textWidth(name, g.nameSize, true) + 12 + kind <= room;
}
