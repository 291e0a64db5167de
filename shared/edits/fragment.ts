/**
 * Copy, paste and duplicate: a selection becomes a self-contained fragment (its nodes and the
 * edges between them) serialised as JSON with a `netwright` marker, so the clipboard carries it
 * between windows and tabs; pasting gives every node a fresh id and drops names that would clash.
 * Groups wholly inside the selection travel with it (a copied ResNet block stays a block).
 */
import type { GraphEdge, GraphGroup, GraphNode, Project } from '../graph/schema.ts';
import { parseJsonSafely } from '../graph/safeJson.ts';
import { GraphEdgeSchema, GraphGroupSchema, GraphNodeSchema } from '../graph/schema.ts';
import { membersByGroup } from '../graph/groups.ts';
import { freshId, type XY } from './graph.ts';

/** The marker that tells our clipboard text from anything else. */
export const FRAGMENT_MARKER = 'netwright/fragment';

export interface Fragment {
  netwright: typeof FRAGMENT_MARKER;
  version: 1;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Groups whose every member is in the fragment. */
  groups?: GraphGroup[];
}

/** The selected nodes and the edges running between them. */
export function extractFragment(project: Project, nodeIds: Iterable<string>): Fragment {
  const ids = new Set(nodeIds);
  const members = membersByGroup(project);
  const kept = new Set(project.groups.filter((g) => (members.get(g.id) ?? []).length > 0 && members.get(g.id)!.every((id) => ids.has(id))).map((g) => g.id));
  const groups = project.groups.filter((g) => kept.has(g.id)).map((g) => (g.parent !== undefined && !kept.has(g.parent) ? withoutKey(g, 'parent') : g));
  const nodes = project.nodes.filter((n) => ids.has(n.id)).map((n) => (n.group !== undefined && !kept.has(n.group) ? withoutKey(n, 'group') : n));
  const edges = project.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { netwright: FRAGMENT_MARKER, version: 1, nodes, edges, groups };
}

export function serializeFragment(fragment: Fragment): string {
  return JSON.stringify(fragment);
}

/** Reads clipboard text; null when it is not a Netwright fragment (or is malformed). */
export function parseFragment(text: string): Fragment | null {
  const json = parseJsonSafely(text);
  if (!json.ok || json.value === null || typeof json.value !== 'object') return null;
  const raw = json.value as Record<string, unknown>;
  if (raw.netwright !== FRAGMENT_MARKER || !Array.isArray(raw.nodes) || !Array.isArray(raw.edges)) return null;
  const nodes = GraphNodeSchema.array().max(100_000).safeParse(raw.nodes);
  const edges = GraphEdgeSchema.array().max(400_000).safeParse(raw.edges);
  const groups = GraphGroupSchema.array().max(100_000).safeParse(raw.groups ?? []);
  if (!nodes.success || !edges.success || !groups.success) return null;
  return { netwright: FRAGMENT_MARKER, version: 1, nodes: nodes.data, edges: edges.data, groups: groups.data };
}

/**
 * Adds a copy of `fragment` to `project` with fresh ids, its top-left corner at `at` (or offset by
 * `offset` from where it was). Names already used in the project are dropped (Keras' automatic
 * name applies). Returns the new node ids.
 */
/**
 * A block instance's layers are `<group>/<template node>` (templates/expand.ts), which is how the
 * code generators recognise the instance (codegen/blockInstances.ts): a pasted layer keeps that
 * form under its group's new id.
 */
function groupedId(n: GraphNode, groupMap: Map<string, string>, taken: Set<string>, project: Project): string | undefined {
  if (n.group === undefined || !n.id.startsWith(`${n.group}/`)) return undefined;
  const group = groupMap.get(n.group);
  if (group === undefined) return undefined;
  const id = `${group}/${n.id.slice(n.group.length + 1)}`;
  if (taken.has(id) || project.nodes.some((m) => m.id === id)) return undefined;
  return id;
}

export function pasteFragment(project: Project, fragment: Fragment, placement: { at?: XY; offset?: XY } = {}): { project: Project; ids: string[] } {
  if (fragment.nodes.length === 0) return { project, ids: [] };
  const minX = Math.min(...fragment.nodes.map((n) => n.position.x));
  const minY = Math.min(...fragment.nodes.map((n) => n.position.y));
  const dx = placement.at ? placement.at.x - minX : (placement.offset?.x ?? 40);
  const dy = placement.at ? placement.at.y - minY : (placement.offset?.y ?? 40);
  const names = new Set(project.nodes.map((n) => n.name).filter((n): n is string => n !== undefined));
  const taken = new Set<string>();
  const groupMap = new Map<string, string>();
  for (const g of fragment.groups ?? []) {
    const id = freshId(project, 'group', taken);
    taken.add(id);
    groupMap.set(g.id, id);
  }
  const groups: GraphGroup[] = (fragment.groups ?? []).map((g) => {
    const parent = g.parent === undefined ? undefined : groupMap.get(g.parent);
    const copy: GraphGroup = { ...withoutKey(g, 'parent'), id: groupMap.get(g.id)! };
    if (parent !== undefined) copy.parent = parent;
    return copy;
  });
  const idMap = new Map<string, string>();
  const nodes: GraphNode[] = fragment.nodes.map((n) => {
    const id = groupedId(n, groupMap, taken, project) ?? freshId(project, n.id.replace(/_\d+$/, ''), taken);
    taken.add(id);
    idMap.set(n.id, id);
    const { group, name, ...rest } = n;
    const copy: GraphNode = { ...rest, id, params: JSON.parse(JSON.stringify(n.params)) as Record<string, unknown>, position: { x: Math.round(n.position.x + dx), y: Math.round(n.position.y + dy) } };
    const newGroup = group === undefined ? undefined : groupMap.get(group);
    if (newGroup !== undefined) copy.group = newGroup;
    if (name !== undefined && !names.has(name)) {
      copy.name = name;
      names.add(name);
    }
    return copy;
  });
  const edges: GraphEdge[] = [];
  for (const e of fragment.edges) {
    const source = idMap.get(e.source);
    const target = idMap.get(e.target);
    if (source === undefined || target === undefined) continue;
    const id = freshId(project, 'e', taken);
    taken.add(id);
    edges.push({ ...e, id, source, target });
  }
  return {
    project: { ...project, nodes: [...project.nodes, ...nodes], edges: [...project.edges, ...edges], groups: [...project.groups, ...groups] },
    ids: nodes.map((n) => n.id),
  };
}

/** Copies the selection next to itself. */
export function duplicate(project: Project, nodeIds: Iterable<string>): { project: Project; ids: string[] } {
  return pasteFragment(project, extractFragment(project, nodeIds), { offset: { x: 40, y: 40 } });
}

function withoutKey<T extends object>(obj: T, key: string): T {
  const copy = { ...obj } as Record<string, unknown>;
  delete copy[key];
  return copy as T;
}
