/**
 * Block helper calls back into the graph: a call's arguments re-expand the block template
 * (shared/templates/expand.ts) and the expansion replaces the instance's layers in place - same
 * node ids (`<group>/<template node>`), positions and fields kept - or, for a new call, becomes
 * a new group below the layer that feeds it.
 */
import type { GraphEdge, GraphGroup, GraphNode, Project } from '../graph/schema.ts';
import { freshId, LAYER_SPACING } from '../edits/graph.ts';
import { expandTemplate, type TemplateLibrary } from '../templates/expand.ts';
import type { TemplateFile } from '../templates/format.ts';
import { substitute } from '../templates/params.ts';
import { sameValue } from './layerSpecs.ts';

/** A project being rebuilt from code: nodes and edges by id, in the project's order, edges indexed by end. */
export interface Working {
  project: Project;
  nodes: Map<string, GraphNode>;
  edges: Map<string, GraphEdge>;
  groups: Map<string, GraphGroup>;
  /** Node id -> ids of the edges into it / out of it. */
  into: Map<string, Set<string>>;
  outOf: Map<string, Set<string>>;
}

/** The working copy of `project` (its objects are shared until changed). */
export function workingCopy(project: Project): Working {
  const w: Working = { project, nodes: new Map(project.nodes.map((n) => [n.id, n])), edges: new Map(), groups: new Map(project.groups.map((g) => [g.id, g])), into: new Map(), outOf: new Map() };
  for (const e of project.edges) putEdge(w, e);
  return w;
}

function index(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

/** Adds (or replaces) an edge. */
export function putEdge(w: Working, e: GraphEdge): void {
  w.edges.set(e.id, e);
  index(w.into, e.target).add(e.id);
  index(w.outOf, e.source).add(e.id);
}

function dropEdge(w: Working, id: string): void {
  const e = w.edges.get(id);
  if (!e) return;
  w.edges.delete(id);
  w.into.get(e.target)?.delete(id);
  w.outOf.get(e.source)?.delete(id);
}

/** The edges into `target`, in port order (in0, in1, ... ; 'in' first). */
export function incoming(w: Working, target: string): GraphEdge[] {
  return [...(w.into.get(target) ?? [])].map((id) => w.edges.get(id)!).sort((a, b) => a.targetPort.localeCompare(b.targetPort, 'en', { numeric: true }));
}

/** An id no node, edge or group of the working project uses yet. */
export function freshWorkingId(w: Working, prefix: string): string {
  const taken = new Set<string>([...w.nodes.keys(), ...w.edges.keys(), ...w.groups.keys()]);
  return freshId({ nodes: [], edges: [], groups: [] }, prefix, taken);
}

/** Replaces the incoming edges of `target` by edges from `sources`, keeping the edges that stay the same. */
export function setInputs(w: Working, target: string, sources: Array<{ source: string; port: string }>): void {
  const old = incoming(w, target);
  for (const e of old) dropEdge(w, e.id);
  for (const { source, port } of sources) {
    const same = old.find((e) => e.source === source && e.targetPort === port);
    const edge = same ?? { id: freshWorkingId(w, 'e'), source, sourcePort: 'out', target, targetPort: port };
    putEdge(w, edge);
  }
}

/** The group name the block gives for `values` (its groupName template, else its title). */
export function blockGroupName(block: TemplateFile, values: Record<string, unknown>): string {
  const title = block.meta.title ?? block.id;
  if (block.meta.groupName === undefined) return title;
  try {
    return String(substitute(block.meta.groupName, values, `template ${block.id}, groupName`));
  } catch {
    return title;
  }
}

export interface Instantiation {
  /** Project node ids of the instance's layers. */
  members: string[];
  /** The node the call's variable holds. */
  output: string;
}

/**
 * Writes the block instance `groupId` into `w` for `values`, fed by `inputs` (one node per block
 * Input, in file order). Existing member nodes keep their ids, positions and other fields;
 * members the new expansion no longer has are removed. Returns a message when the block cannot
 * be expanded with these values.
 */
export function instantiateBlock(
  w: Working,
  groupId: string,
  block: TemplateFile,
  values: Record<string, unknown>,
  inputs: string[],
  library: TemplateLibrary,
): Instantiation | { error: string } {
  const expanded = expandTemplate(block, values, library);
  if (!expanded.ok) return { error: expanded.message };
  const entries = expanded.project.nodes.filter((n) => n.kind === 'Input').map((n) => n.id);
  if (entries.length !== inputs.length) return { error: `block template ${block.id} takes ${entries.length} input tensor(s); the call passes ${inputs.length}` };
  const layers = expanded.project.nodes.filter((n) => n.kind !== 'Input');
  if (layers.some((n) => n.group !== undefined)) return { error: `block template ${block.id} has groups of its own, which a helper call cannot rebuild` };
  const idOf = (t: string) => `${groupId}/${t}`;
  const entryOf = new Map(entries.map((e, i) => [e, inputs[i]!]));

  // Place new layers below the first input, keeping the expansion's own layout.
  const anchor = w.nodes.get(inputs[0]!)?.position ?? { x: 0, y: 0 };
  const minX = Math.min(...layers.map((n) => n.position.x));
  const minY = Math.min(...layers.map((n) => n.position.y));
  const wanted = new Set(layers.map((n) => idOf(n.id)));
  for (const [id, n] of w.nodes) if (n.group === groupId && !wanted.has(id)) removeNode(w, id);
  for (const t of layers) {
    const id = idOf(t.id);
    const old = w.nodes.get(id);
    const position = old?.position ?? { x: Math.round(anchor.x + t.position.x - minX), y: Math.round(anchor.y + LAYER_SPACING + t.position.y - minY) };
    const node: GraphNode = { ...(old ?? {}), id, kind: t.kind, params: old && sameValue(old.params, t.params) ? old.params : t.params, position, group: groupId };
    if (t.name !== undefined) node.name = t.name;
    else delete node.name;
    w.nodes.set(id, node);
  }
  for (const t of layers) {
    const sources = expanded.project.edges
      .filter((e) => e.target === t.id)
      .map((e) => ({ source: entryOf.get(e.source) ?? idOf(e.source), port: e.targetPort }));
    setInputs(w, idOf(t.id), sources);
  }
  const consumed = new Set(expanded.project.edges.map((e) => e.source));
  const outs = layers.filter((t) => !consumed.has(t.id));
  if (outs.length !== 1) return { error: `block template ${block.id} must end in exactly one layer` };
  return { members: layers.map((t) => idOf(t.id)), output: idOf(outs[0]!.id) };
}

/** Removes a node and every edge touching it. */
export function removeNode(w: Working, id: string): void {
  w.nodes.delete(id);
  for (const eid of [...(w.into.get(id) ?? []), ...(w.outOf.get(id) ?? [])]) dropEdge(w, eid);
}

/**
 * Drops groups left without layers (a deleted block call) and recounts repeat groups
 * ("ID BLOCK x3" that lost a copy says x2).
 */
export function pruneGroups(w: Working): void {
  for (let changed = true; changed; ) {
    changed = false;
    const used = new Set<string>();
    for (const n of w.nodes.values()) if (n.group !== undefined) used.add(n.group);
    for (const g of w.groups.values()) if (g.parent !== undefined) used.add(g.parent);
    for (const id of [...w.groups.keys()]) {
      if (!used.has(id)) {
        w.groups.delete(id);
        changed = true;
      }
    }
  }
  for (const [id, g] of w.groups) {
    if (g.repeat === undefined) continue;
    const copies = [...w.groups.values()].filter((c) => c.parent === id).length;
    if (copies > 0 && copies !== g.repeat) {
      const name = g.name.endsWith(` x${g.repeat}`) ? `${g.name.slice(0, -` x${g.repeat}`.length)} x${copies}` : g.name;
      w.groups.set(id, { ...g, repeat: copies, name });
    }
  }
}
