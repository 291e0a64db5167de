/**
 * Groups: named, nestable, collapsible sets of nodes (a ResNet block, "ID BLOCK x3"). They are
 * only a view over the flat node list: analysis and compilation ignore them. A group's boundary
 * (the edges crossing it) gives its named inputs and outputs; with an analysis it also gives the
 * collapsed node's output shapes and parameter total. Every function here is pure.
 */
import type { Analysis } from './analyze.ts';
import type { GraphGroup, GraphNode, Project } from './schema.ts';
import type { Shape } from '../shape.ts';

export type GroupEdit = { ok: true; project: Project; groupId: string } | { ok: false; message: string };

/** One named input or output of a group. */
export interface BoundaryPort {
  name: string;
  /** Inputs: the outside node feeding the group. Outputs: the inside node the group exposes. */
  nodeId: string;
  /** The crossing edges (several when one tensor feeds several layers inside). */
  edgeIds: string[];
  /** The nodes at the other end: inside targets for an input, outside targets for an output. */
  peers: string[];
  /** The tensor's shape, when an analysis was given and knows it. */
  shape?: Shape;
}

export interface GroupBoundary {
  groupId: string;
  /** Every node inside, nested groups included, in file order. */
  nodeIds: string[];
  inputs: BoundaryPort[];
  outputs: BoundaryPort[];
  /** What the collapsed group node shows; present when an analysis was given. */
  collapsed?: {
    outputShapes: (Shape | undefined)[];
    params: { total: number; trainable: number; nonTrainable: number };
    macs: number;
    layers: number;
  };
}

/** Parent chains longer than this are broken files (a parent cycle); stop walking there. */
const MAX_DEPTH = 1000;

/** The group ids from `groupId` up to its outermost ancestor (itself first). */
export function groupAncestry(project: Pick<Project, 'groups'>, groupId: string): string[] {
  return ancestryOf(project)(groupId);
}

/** A memoised ancestry lookup over the project's groups. */
function ancestryOf(project: Pick<Project, 'groups'>): (groupId: string) => string[] {
  const byId = new Map(project.groups.map((g) => [g.id, g]));
  const memo = new Map<string, string[]>();
  return (groupId) => {
    const hit = memo.get(groupId);
    if (hit) return hit;
    const chain: string[] = [];
    let g = byId.get(groupId);
    while (g && chain.length < MAX_DEPTH && !chain.includes(g.id)) {
      chain.push(g.id);
      g = g.parent === undefined ? undefined : byId.get(g.parent);
    }
    memo.set(groupId, chain);
    return chain;
  };
}

/** Ids of the nodes inside `groupId`, nested groups included, in file order. */
export function groupMembers(project: Pick<Project, 'groups' | 'nodes'>, groupId: string): string[] {
  return membersByGroup(project).get(groupId) ?? [];
}

/** Every group's members (nested groups included), in one pass over the nodes. */
export function membersByGroup(project: Pick<Project, 'groups' | 'nodes'>): Map<string, string[]> {
  const ancestry = ancestryOf(project);
  const members = new Map<string, string[]>(project.groups.map((g) => [g.id, []]));
  for (const n of project.nodes) {
    if (n.group === undefined) continue;
    for (const g of ancestry(n.group)) members.get(g)?.push(n.id);
  }
  return members;
}

/**
 * Puts the selected nodes in a new group named `name`. The selection must respect existing
 * groups (all of a group or only nodes inside one) and must be convex: no path may leave the
 * selection and come back, or the collapsed group would feed itself.
 */
export function groupSelection(project: Project, nodeIds: readonly string[], name: string): GroupEdit {
  const title = name.trim();
  if (!title) return { ok: false, message: 'a group needs a name' };
  if (title.length > 200) return { ok: false, message: `group names have at most 200 characters; received ${title.length}` };
  const selected = new Set(nodeIds);
  if (selected.size === 0) return { ok: false, message: 'select at least one layer to group' };
  const known = new Set(project.nodes.map((n) => n.id));
  const missing = [...selected].filter((id) => !known.has(id));
  if (missing.length > 0) return { ok: false, message: `cannot group: no node ${missing.map((id) => `"${id}"`).join(', ')} in the project` };

  // Existing groups: each must lie inside the selection, contain it, or not touch it.
  const ancestry = ancestryOf(project);
  const members = new Map([...membersByGroup(project)].map(([g, ids]) => [g, new Set(ids)]));
  let parent: GraphGroup | undefined;
  let parentDepth = -1;
  for (const g of project.groups) {
    const m = members.get(g.id)!;
    const shared = [...m].filter((id) => selected.has(id)).length;
    if (shared === 0) continue;
    const containsSelection = shared === selected.size;
    const insideSelection = shared === m.size;
    if (!containsSelection && !insideSelection) {
      return {
        ok: false,
        message: `cannot group: the selection takes ${shared} of the ${m.size} layers of group "${g.name}" and ${selected.size - shared} outside it; select the whole group or only layers inside it`,
      };
    }
    const depth = ancestry(g.id).length;
    if (containsSelection && depth > parentDepth) {
      parent = g;
      parentDepth = depth;
    }
  }

  const outsider = leavesAndReturns(project, selected);
  if (outsider) {
    const n = project.nodes.find((x) => x.id === outsider)!;
    return {
      ok: false,
      message: `cannot group: layer "${n.name ?? n.id}" is outside the selection but takes an output of it and feeds back into it; add it to the selection or leave out the layers after it`,
    };
  }

  const taken = new Set(project.groups.map((g) => g.id));
  let k = project.groups.length + 1;
  while (taken.has(`group${k}`)) k++;
  const groupId = `group${k}`;
  const group: GraphGroup = parent ? { id: groupId, name: title, parent: parent.id } : { id: groupId, name: title };
  const groups = project.groups.map((g) => {
    // Groups entirely inside the selection that hung directly under the new group's parent move into it.
    const m = members.get(g.id)!;
    const inside = m.size > 0 && [...m].every((id) => selected.has(id)) && g.id !== parent?.id && !ancestry(parent?.id ?? '').includes(g.id);
    return inside && g.parent === parent?.id ? { ...g, parent: groupId } : g;
  });
  const nodes = project.nodes.map((n) => (selected.has(n.id) && n.group === parent?.id ? { ...n, group: groupId } : n));
  return { ok: true, project: { ...project, nodes, groups: [...groups, group] }, groupId };
}

/** Dissolves a group: its nodes and child groups move up to its parent (or to the top level). */
export function ungroup(project: Project, groupId: string): GroupEdit {
  const group = project.groups.find((g) => g.id === groupId);
  if (!group) return { ok: false, message: `no group "${groupId}" in the project` };
  const up = group.parent;
  const nodes = project.nodes.map((n) => (n.group === groupId ? withOptional(n, 'group', up) : n));
  const groups = project.groups.filter((g) => g.id !== groupId).map((g) => (g.parent === groupId ? withOptional(g, 'parent', up) : g));
  return { ok: true, project: { ...project, nodes, groups }, groupId };
}

/** Renames a group (names are free text: "res2a (conv block)"). */
export function renameGroup(project: Project, groupId: string, name: string): GroupEdit {
  const title = name.trim();
  if (!title) return { ok: false, message: 'a group needs a name' };
  if (title.length > 200) return { ok: false, message: `group names have at most 200 characters; received ${title.length}` };
  if (!project.groups.some((g) => g.id === groupId)) return { ok: false, message: `no group "${groupId}" in the project` };
  return { ok: true, project: { ...project, groups: project.groups.map((g) => (g.id === groupId ? { ...g, name: title } : g)) }, groupId };
}

/** Collapses (shows as one node) or expands a group. */
export function setGroupCollapsed(project: Project, groupId: string, collapsed: boolean): GroupEdit {
  if (!project.groups.some((g) => g.id === groupId)) return { ok: false, message: `no group "${groupId}" in the project` };
  return { ok: true, project: { ...project, groups: project.groups.map((g) => (g.id === groupId ? { ...g, collapsed } : g)) }, groupId };
}

/**
 * The group's named inputs (one per outside tensor entering it) and outputs (one per inside
 * tensor leaving it, or ending the network), in file order of the nodes. Names come from the
 * group's `inputNames` / `outputNames` when set, otherwise from the Keras layer names.
 */
export function groupBoundary(project: Project, groupId: string, analysis?: Analysis): GroupBoundary {
  const group = project.groups.find((g) => g.id === groupId);
  const nodeIds = groupMembers(project, groupId);
  const inside = new Set(nodeIds);
  const fileIndex = new Map(project.nodes.map((n, i) => [n.id, i]));
  const byId = new Map(project.nodes.map((n) => [n.id, n]));
  const layerName = (id: string) => analysis?.nodes.get(id)?.name ?? byId.get(id)?.name ?? id;
  const shapeOf = (id: string) => analysis?.nodes.get(id)?.shape;

  const ins = new Map<string, BoundaryPort>();
  const outs = new Map<string, BoundaryPort>();
  const hasOutgoing = new Set<string>();
  for (const e of project.edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    hasOutgoing.add(e.source);
    const fromInside = inside.has(e.source);
    if (fromInside === inside.has(e.target)) continue;
    const ports = fromInside ? outs : ins;
    const port = ports.get(e.source) ?? { name: '', nodeId: e.source, edgeIds: [], peers: [] };
    port.edgeIds.push(e.id);
    if (!port.peers.includes(e.target)) port.peers.push(e.target);
    ports.set(e.source, port);
  }
  // A layer ending the whole network is an output of its group too.
  for (const id of nodeIds) {
    if (!hasOutgoing.has(id) && byId.get(id)!.kind !== 'Input' && !outs.has(id)) outs.set(id, { name: '', nodeId: id, edgeIds: [], peers: [] });
  }
  const finish = (ports: Map<string, BoundaryPort>, names: string[] | undefined) =>
    [...ports.values()]
      .sort((a, b) => fileIndex.get(a.nodeId)! - fileIndex.get(b.nodeId)!)
      .map((p, i) => {
        const shape = shapeOf(p.nodeId);
        return { ...p, name: names?.[i] ?? layerName(p.nodeId), ...(shape ? { shape } : {}) };
      });
  const inputs = finish(ins, group?.inputNames);
  const outputs = finish(outs, group?.outputNames);

  const boundary: GroupBoundary = { groupId, nodeIds, inputs, outputs };
  if (analysis) {
    let trainable = 0;
    let nonTrainable = 0;
    let macs = 0;
    for (const id of nodeIds) {
      const a = analysis.nodes.get(id);
      if (!a) continue;
      trainable += a.count.trainable;
      nonTrainable += a.count.nonTrainable;
      macs += a.macs;
    }
    boundary.collapsed = {
      outputShapes: outputs.map((o) => o.shape),
      params: { total: trainable + nonTrainable, trainable, nonTrainable },
      macs,
      layers: nodeIds.length,
    };
  }
  return boundary;
}

/** An outside node on a path that leaves the selection and re-enters it, if there is one. */
function leavesAndReturns(project: Project, selected: Set<string>): string | undefined {
  const outgoing = new Map<string, string[]>();
  for (const e of project.edges) {
    const list = outgoing.get(e.source) ?? [];
    list.push(e.target);
    outgoing.set(e.source, list);
  }
  // Outside nodes reachable from the selection through outside nodes only, with where they came from.
  const firstOutside = new Map<string, string>();
  const stack: string[] = [];
  for (const id of selected) {
    for (const t of outgoing.get(id) ?? []) {
      if (!selected.has(t) && !firstOutside.has(t)) {
        firstOutside.set(t, t);
        stack.push(t);
      }
    }
  }
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const t of outgoing.get(id) ?? []) {
      if (selected.has(t)) return firstOutside.get(id);
      if (!firstOutside.has(t)) {
        firstOutside.set(t, firstOutside.get(id)!);
        stack.push(t);
      }
    }
  }
  return undefined;
}

/** A copy of `obj` with `key` set to `value`, or without `key` when `value` is undefined. */
function withOptional<T extends GraphNode | GraphGroup, K extends 'group' | 'parent'>(obj: T, key: K, value: string | undefined): T {
  const copy = { ...obj } as Record<string, unknown>;
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy as T;
}
