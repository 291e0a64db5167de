/**
 * Auto-layout with ELK's layered algorithm (Sugiyama-style), top to bottom, in a web worker so
 * a 1,000-node graph does not freeze the window. Groups are laid out as what the canvas shows:
 * an expanded group is a compound node (its frame holds its layers), a collapsed group is one
 * node whose layers move with it, keeping their own arrangement for when it is expanded again.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { Project } from '../../shared/graph/schema.ts';
import type { XY } from '../../shared/edits/index.ts';
import { appElk } from '../elk/appElk.ts';
import type { ElkEngine } from '../elk/workerElk.ts';
import { FRAME_HEAD, FRAME_PAD, GROUP_PREFIX } from './flowModel.ts';

const LAYERED = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.spacing.nodeNode': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.nodePlacement.favorStraightEdges': 'true',
};

/**
 * New top-left positions for every node of `project`; `sizeOf` gives each drawn node's size
 * (layer ids, and `group:<id>` for collapsed groups).
 */
export function layoutProject(project: Project, sizeOf: (id: string) => { width: number; height: number }): Promise<Map<string, XY>> {
  // The app's one ELK worker, shared with the diagram preview; nothing else stops these layouts.
  return layoutWith(appElk, project, sizeOf);
}

/** The same with a given ELK instance (the bundled one in Node scripts and benchmarks). */
export async function layoutWith(
  elkEngine: ElkEngine,
  project: Project,
  sizeOf: (id: string) => { width: number; height: number },
): Promise<Map<string, XY>> {
  const groups = new Map(project.groups.map((g) => [g.id, g]));
  const chain = (groupId: string | undefined): string[] => {
    const out: string[] = [];
    for (let g = groupId === undefined ? undefined : groups.get(groupId); g && out.length < 1000 && !out.includes(g.id); g = g.parent === undefined ? undefined : groups.get(g.parent)) out.push(g.id);
    return out;
  };
  // The outermost collapsed group hiding each node, if any.
  const hiddenIn = new Map<string, string>();
  for (const n of project.nodes) {
    const collapsed = chain(n.group).filter((g) => groups.get(g)!.collapsed);
    if (collapsed.length > 0) hiddenIn.set(n.id, collapsed[collapsed.length - 1]!);
  }
  const groupHidden = (gid: string) => chain(groups.get(gid)?.parent).some((g) => groups.get(g)!.collapsed);

  // ELK nodes: one per visible layer, one per collapsed group, a compound per expanded group.
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = { id: 'root', layoutOptions: { ...LAYERED, 'elk.hierarchyHandling': 'INCLUDE_CHILDREN' }, children: [], edges: [] };
  const containerOf = (groupId: string | undefined): ElkNode => {
    // The innermost expanded, visible group holding this one.
    for (const g of chain(groupId)) {
      if (!groups.get(g)!.collapsed && !groupHidden(g)) return compound(g);
    }
    return root;
  };
  const compound = (gid: string): ElkNode => {
    const key = GROUP_PREFIX + gid;
    let node = elkNodes.get(key);
    if (!node) {
      node = { id: key, children: [], layoutOptions: { ...LAYERED, 'elk.hierarchyHandling': 'INCLUDE_CHILDREN', 'elk.padding': `[top=${FRAME_PAD + FRAME_HEAD + 8},left=${FRAME_PAD},bottom=${FRAME_PAD},right=${FRAME_PAD}]` } };
      elkNodes.set(key, node);
      containerOf(groups.get(gid)!.parent).children!.push(node);
    }
    return node;
  };
  for (const n of project.nodes) {
    const hidden = hiddenIn.get(n.id);
    if (hidden !== undefined) {
      const key = GROUP_PREFIX + hidden;
      if (!elkNodes.has(key)) {
        const leaf: ElkNode = { id: key, ...sizeOf(key) };
        elkNodes.set(key, leaf);
        containerOf(groups.get(hidden)!.parent).children!.push(leaf);
      }
      continue;
    }
    const leaf: ElkNode = { id: n.id, ...sizeOf(n.id) };
    elkNodes.set(n.id, leaf);
    containerOf(n.group).children!.push(leaf);
  }
  const rep = (id: string) => (hiddenIn.has(id) ? GROUP_PREFIX + hiddenIn.get(id)! : id);
  const seen = new Set<string>();
  const edges: ElkExtendedEdge[] = [];
  for (const e of project.edges) {
    const s = rep(e.source);
    const t = rep(e.target);
    if (s === t || !elkNodes.has(s) || !elkNodes.has(t) || seen.has(`${s}>${t}`)) continue;
    seen.add(`${s}>${t}`);
    edges.push({ id: e.id, sources: [s], targets: [t] });
  }
  root.edges = edges;

  const result = await elkEngine.layout(root);
  const absolute = new Map<string, XY>();
  const walk = (node: ElkNode, ox: number, oy: number) => {
    for (const c of node.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      absolute.set(c.id, { x, y });
      walk(c, x, y);
    }
  };
  walk(result, 0, 0);

  const positions = new Map<string, XY>();
  const byId = new Map(project.nodes.map((n) => [n.id, n]));
  // Collapsed groups: move their layers rigidly so their top-left corner lands on the group node.
  const members = new Map<string, string[]>();
  for (const [id, g] of hiddenIn) members.set(g, [...(members.get(g) ?? []), id]);
  for (const [g, ids] of members) {
    const at = absolute.get(GROUP_PREFIX + g);
    if (!at) continue;
    const minX = Math.min(...ids.map((id) => byId.get(id)!.position.x));
    const minY = Math.min(...ids.map((id) => byId.get(id)!.position.y));
    for (const id of ids) {
      const p = byId.get(id)!.position;
      positions.set(id, { x: Math.round(at.x + p.x - minX), y: Math.round(at.y + p.y - minY) });
    }
  }
  for (const n of project.nodes) {
    const p = absolute.get(n.id);
    if (p && !hiddenIn.has(n.id)) positions.set(n.id, { x: Math.round(p.x), y: Math.round(p.y) });
  }
  return positions;
}
