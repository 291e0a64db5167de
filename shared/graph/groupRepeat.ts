/**
 * Repeating a group: "ID BLOCK x3" made by hand. The group is copied count-1 times, the copies are
 * chained output to input after it, and all of them are wrapped in one collapsible repeat group.
 * Only a group with one input and one output can be chained; the copies' shapes are checked by
 * the analysis like any other edit.
 */
import type { GraphEdge, GraphGroup, GraphNode, Project } from './schema.ts';
import { groupAncestry, groupBoundary, type GroupEdit } from './groups.ts';

/** Gap between the copies, in canvas pixels. */
const GAP = 90;

/**
 * Repeats `groupId` so that `count` copies run one after another. Copies take fresh ids and drop
 * explicit Keras names (they would clash; Keras' automatic names apply). Nodes below the group
 * move down to make room. Returns the new repeat group's id.
 */
export function repeatGroup(project: Project, groupId: string, count: number): GroupEdit {
  const group = project.groups.find((g) => g.id === groupId);
  if (!group) return { ok: false, message: `no group "${groupId}" in the project` };
  if (!Number.isInteger(count) || count < 2 || count > 100) return { ok: false, message: `a repeat count is a whole number from 2 to 100; received ${count}` };
  const boundary = groupBoundary(project, groupId);
  if (boundary.nodeIds.length === 0) return { ok: false, message: `cannot repeat "${group.name}": the group is empty` };
  if (boundary.inputs.length !== 1 || boundary.outputs.length !== 1) {
    return {
      ok: false,
      message: `cannot repeat "${group.name}": chaining copies needs exactly one input and one output; it has ${boundary.inputs.length} input${boundary.inputs.length === 1 ? '' : 's'} and ${boundary.outputs.length} output${boundary.outputs.length === 1 ? '' : 's'}`,
    };
  }
  const members = new Set(boundary.nodeIds);
  const source = boundary.inputs[0]!.nodeId;
  const exit = boundary.outputs[0]!.nodeId;
  const subgroups = project.groups.filter((g) => groupAncestry(project, g.id).includes(groupId));

  const taken = new Set<string>([...project.nodes.map((n) => n.id), ...project.edges.map((e) => e.id), ...project.groups.map((g) => g.id)]);
  const fresh = (base: string) => {
    let k = 2;
    while (taken.has(`${base}#${k}`)) k++;
    taken.add(`${base}#${k}`);
    return `${base}#${k}`;
  };
  const ys = project.nodes.filter((n) => members.has(n.id)).map((n) => n.position.y);
  const top = Math.min(...ys);
  const bottom = Math.max(...ys);
  const step = bottom - top + GAP;

  const wrapperId = fresh(`${groupId}_repeat`);
  const wrapper: GraphGroup = {
    id: wrapperId,
    name: `${group.name} x${count}`,
    ...(group.parent !== undefined ? { parent: group.parent } : {}),
    ...(group.block !== undefined ? { block: group.block } : {}),
    repeat: count,
  };
  const newNodes: GraphNode[] = [];
  const newEdges: GraphEdge[] = [];
  const newGroups: GraphGroup[] = [];
  let previousExit = exit;
  for (let copy = 2; copy <= count; copy++) {
    const nodeId = new Map(boundary.nodeIds.map((id) => [id, fresh(id)]));
    const subId = new Map(subgroups.map((g) => [g.id, fresh(g.id)]));
    for (const g of subgroups) {
      newGroups.push({ ...g, id: subId.get(g.id)!, ...(g.id === groupId ? { parent: wrapperId } : { parent: subId.get(g.parent!) ?? g.parent! }) });
    }
    for (const n of project.nodes) {
      if (!members.has(n.id)) continue;
      const { name: _dropped, ...rest } = n;
      newNodes.push({ ...rest, id: nodeId.get(n.id)!, group: subId.get(n.group!) ?? n.group!, position: { x: n.position.x, y: n.position.y + (copy - 1) * step } });
    }
    for (const e of project.edges) {
      const inside = members.has(e.source) && members.has(e.target);
      const entering = e.source === source && members.has(e.target);
      if (!inside && !entering) continue;
      newEdges.push({ ...e, id: fresh(e.id), source: inside ? nodeId.get(e.source)! : previousExit, target: nodeId.get(e.target)! });
    }
    previousExit = nodeId.get(exit)!;
  }

  const shift = (count - 1) * step;
  const nodes = project.nodes.map((n) => (!members.has(n.id) && n.position.y > bottom ? { ...n, position: { x: n.position.x, y: n.position.y + shift } } : n));
  // What the original fed outside now comes from the last copy.
  const edges = project.edges.map((e) => (e.source === exit && !members.has(e.target) ? { ...e, source: previousExit } : e));
  const groups = project.groups.map((g) => (g.id === groupId ? { ...g, parent: wrapperId } : g));
  return {
    ok: true,
    project: { ...project, nodes: [...nodes, ...newNodes], edges: [...edges, ...newEdges], groups: [...groups, wrapper, ...newGroups] },
    groupId: wrapperId,
  };
}
