/**
 * Placement by ELK's layered algorithm, top to bottom with orthogonal edges: frames become compound
 * nodes, boxes leaves, every edge is declared at the root. Positions are written back into the graph.
 * The caller hands in the engine: elkjs' bundled build in-process in Node (bundledElk.ts), ELK in a
 * Web Worker in the renderer (renderer/elk). Every line here is shared by both.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { DiagramGraph } from './graph.ts';
import { GEOMETRY } from './model.ts';

/**
 * What placement needs from ELK: one layout call. An `ELK` instance of elkjs fits, bundled
 * (in-process) or elk-api with a worker; so does any wrapper that adds scheduling around one.
 */
export interface ElkEngine {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/**
 * Lays `graph` out with ELK and writes absolute, rounded coordinates into its boxes, frames and
 * edges, shifted by (dx, dy), by `engine`. Resolves with the size of the laid-out content (before
 * the shift).
 */
export async function placeWithElk(graph: DiagramGraph, dx: number, dy: number, engine: ElkEngine): Promise<{ width: number; height: number }> {
  const { boxes, frames, edges, parentOfBox } = graph;
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: '__root__',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeNode': '16',
      'elk.spacing.edgeEdge': '10',
      'elk.layered.spacing.nodeNodeBetweenLayers': '34',
      'elk.layered.spacing.edgeNodeBetweenLayers': '14',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
    },
    children: [],
    edges: [],
  };
  const p = GEOMETRY.framePadding;
  for (const f of frames) {
    elkNodes.set(f.id, { id: f.id, children: [], layoutOptions: { 'elk.padding': `[top=${p.top},left=${p.left},bottom=${p.bottom},right=${p.right}]` } });
  }
  const container = (parent: string | undefined) => (parent === undefined ? root : elkNodes.get(parent)!);
  for (const f of frames) container(f.parent).children!.push(elkNodes.get(f.id)!);
  for (const b of boxes) {
    const leaf: ElkNode = { id: b.id, width: b.width, height: b.height };
    elkNodes.set(b.id, leaf);
    container(parentOfBox.get(b.id)).children!.push(leaf);
  }
  root.edges = edges.map((e): ElkExtendedEdge => ({ id: e.id, sources: [e.source], targets: [e.target] }));

  const laid = await engine.layout(root);

  // Read positions back (absolute, thanks to shapeCoords/edgeCoords ROOT) and shift by (dx, dy).
  const placed = new Map<string, ElkNode>();
  const walk = (n: ElkNode) => {
    placed.set(n.id, n);
    for (const c of n.children ?? []) walk(c);
  };
  walk(laid);
  for (const b of boxes) {
    const n = placed.get(b.id)!;
    b.x = round(n.x! + dx);
    b.y = round(n.y! + dy);
  }
  for (const f of frames) {
    const n = placed.get(f.id)!;
    Object.assign(f, { x: round(n.x! + dx), y: round(n.y! + dy), width: round(n.width!), height: round(n.height!) });
  }
  const laidEdges = new Map<string, ElkExtendedEdge>();
  const collectEdges = (n: ElkNode) => {
    for (const e of n.edges ?? []) laidEdges.set(e.id, e);
    for (const c of n.children ?? []) collectEdges(c);
  };
  collectEdges(laid);
  for (const e of edges) {
    const s = laidEdges.get(e.id)?.sections?.[0];
    if (!s) continue;
    e.points = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((pt) => ({ x: round(pt.x + dx), y: round(pt.y + dy) }));
  }
  return { width: laid.width ?? 0, height: laid.height ?? 0 };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
