/**
 * The editor's primitive edits as pure functions Project -> Project: add, connect, remove, move,
 * set a parameter, rename, and insert layers on an edge. They never mutate their input, and keep
 * every untouched node and edge object as it was (cheap undo snapshots, cheap re-render checks).
 */
import { getLayer } from '../layers/index.ts';
import { portIndex } from '../graph/analyze.ts';
import type { GraphEdge, GraphNode, Project } from '../graph/schema.ts';

/** Vertical distance between consecutive layers in a chain, in canvas pixels. */
export const LAYER_SPACING = 120;

export interface XY {
  x: number;
  y: number;
}

/** What to create: a kind, optional parameters (defaults fill the rest) and an optional Keras name. */
export interface NodeSpec {
  kind: string;
  params?: Record<string, unknown>;
  name?: string;
}

/** A new id `prefix_N` not used by any node, edge or group of `project` (nor in `extra`). */
export function freshId(project: Pick<Project, 'nodes' | 'edges' | 'groups'>, prefix: string, extra: ReadonlySet<string> = new Set()): string {
  const taken = new Set<string>(extra);
  for (const n of project.nodes) taken.add(n.id);
  for (const e of project.edges) taken.add(e.id);
  for (const g of project.groups ?? []) taken.add(g.id);
  const base = prefix.replace(/[^A-Za-z0-9_]/g, '_') || 'node';
  let k = 1;
  while (taken.has(`${base}_${k}`)) k++;
  return `${base}_${k}`;
}

/** Makes a node of `spec` at `position` with a fresh id; unknown kinds are allowed (they get a diagnostic). */
export function makeNode(project: Project, spec: NodeSpec, position: XY, extraIds?: ReadonlySet<string>): GraphNode {
  const def = getLayer(spec.kind);
  const node: GraphNode = {
    id: freshId(project, def?.namePrefix ?? spec.kind.toLowerCase(), extraIds),
    kind: spec.kind,
    params: { ...(spec.params ?? {}) },
    position: { x: Math.round(position.x), y: Math.round(position.y) },
  };
  if (spec.name !== undefined) node.name = spec.name;
  return node;
}

/** Adds one node; returns the new project and the node's id. */
export function addNode(project: Project, spec: NodeSpec, position: XY): { project: Project; id: string } {
  const node = makeNode(project, spec, position);
  return { project: { ...project, nodes: [...project.nodes, node] }, id: node.id };
}

/** The target port a new edge into `targetId` should use: 'in' for one-input kinds, else the first free inK. */
export function nextTargetPort(project: Project, targetId: string): string {
  const target = project.nodes.find((n) => n.id === targetId);
  const max = target ? (getLayer(target.kind)?.inputs.max ?? 1) : 1;
  if (max <= 1) return 'in';
  const used = new Set(project.edges.filter((e) => e.target === targetId).map((e) => portIndex(e.targetPort)));
  let k = 0;
  while (used.has(k)) k++;
  return `in${k}`;
}

/**
 * Connects source -> target. Into a one-input kind the new edge replaces the old one (as in most
 * node editors); into a merge kind it takes the next free port. A duplicate edge is a no-op.
 */
export function connect(project: Project, source: string, target: string, targetPort?: string): { project: Project; edgeId: string | null } {
  if (project.edges.some((e) => e.source === source && e.target === target)) return { project, edgeId: null };
  const port = targetPort ?? nextTargetPort(project, target);
  const edge: GraphEdge = { id: freshId(project, 'e'), source, sourcePort: 'out', target, targetPort: port };
  const kept = port === 'in' ? project.edges.filter((e) => !(e.target === target && e.targetPort === 'in')) : project.edges;
  return { project: { ...project, edges: [...kept, edge] }, edgeId: edge.id };
}

/** Removes nodes (with every edge touching them) and edges. */
export function removeElements(project: Project, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): Project {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return project;
  return {
    ...project,
    nodes: project.nodes.filter((n) => !nodes.has(n.id)),
    edges: project.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
}

/** Moves nodes to new positions (rounded to whole pixels). */
export function moveNodes(project: Project, positions: ReadonlyMap<string, XY>): Project {
  if (positions.size === 0) return project;
  return {
    ...project,
    nodes: project.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
  };
}

/** Replaces one node through `update`, leaving the others untouched. */
export function updateNode(project: Project, id: string, update: (n: GraphNode) => GraphNode): Project {
  return { ...project, nodes: project.nodes.map((n) => (n.id === id ? update(n) : n)) };
}

/** Sets one parameter; `undefined` removes it so the kind's default applies. */
export function setParam(project: Project, id: string, key: string, value: unknown): Project {
  return updateNode(project, id, (n) => {
    const params = { ...n.params };
    if (value === undefined) delete params[key];
    else params[key] = value;
    return { ...n, params };
  });
}

/** Sets the Keras name; an empty name goes back to Keras' automatic one. */
export function renameNode(project: Project, id: string, name: string): Project {
  return updateNode(project, id, (n) => {
    const next = { ...n };
    if (name.trim() === '') delete next.name;
    else next.name = name.trim();
    return next;
  });
}

/** Ids of every node reachable from `start` along edges, `start` included. */
export function downstream(project: Project, start: string): Set<string> {
  const out = new Map<string, string[]>();
  for (const e of project.edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const next of out.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/**
 * Inserts a chain of new layers on an edge: source -> spec[0] -> ... -> target (same port).
 * 'shift' pushes the target and everything below it down to make room (a straight chain);
 * 'beside' lays the chain out to the right of the edge (a shortcut branch).
 */
export function insertOnEdge(
  project: Project,
  edgeId: string,
  specs: readonly NodeSpec[],
  layout: 'shift' | 'beside' = 'shift',
): { project: Project; ids: string[] } {
  const edge = project.edges.find((e) => e.id === edgeId);
  if (!edge || specs.length === 0) return { project, ids: [] };
  const src = project.nodes.find((n) => n.id === edge.source)?.position ?? { x: 0, y: 0 };
  const dst = project.nodes.find((n) => n.id === edge.target)?.position ?? { x: 0, y: src.y + LAYER_SPACING };
  let next = project;
  const created: GraphNode[] = [];
  const taken = new Set<string>();
  specs.forEach((spec, i) => {
    const t = (i + 1) / (specs.length + 1);
    const position =
      layout === 'beside'
        ? { x: Math.max(src.x, dst.x) + 260, y: src.y + (dst.y - src.y) * t }
        : { x: src.x, y: src.y + LAYER_SPACING * (i + 1) };
    const node = makeNode(next, spec, position, taken);
    taken.add(node.id);
    created.push(node);
  });
  if (layout === 'shift') {
    const below = downstream(project, edge.target);
    const room = LAYER_SPACING * specs.length;
    const needed = src.y + room + LAYER_SPACING - dst.y;
    if (needed > 0) next = moveNodes(next, new Map([...below].map((id) => {
      const p = project.nodes.find((n) => n.id === id)!.position;
      return [id, { x: p.x, y: p.y + needed }] as const;
    })));
  }
  const chain = [edge.source, ...created.map((n) => n.id), edge.target];
  const newEdges: GraphEdge[] = [];
  const edgeTaken = new Set<string>(taken);
  for (let i = 0; i + 1 < chain.length; i++) {
    const id = freshId({ ...next, nodes: [...next.nodes, ...created] }, 'e', edgeTaken);
    edgeTaken.add(id);
    const last = i + 2 === chain.length;
    newEdges.push({ id, source: chain[i]!, sourcePort: 'out', target: chain[i + 1]!, targetPort: last ? edge.targetPort : 'in' });
  }
  return {
    project: { ...next, nodes: [...next.nodes, ...created], edges: [...next.edges.filter((e) => e.id !== edgeId), ...newEdges] },
    ids: created.map((n) => n.id),
  };
}
