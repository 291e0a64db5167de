/**
 * Positions for an imported graph: ELK's layered algorithm, top to bottom, with the same
 * options the editor's auto-layout uses, so an imported model looks like one laid out by hand.
 * Runs ELK in-process (shared/diagram/bundledElk.ts, no worker); only positions change.
 */
import { bundledElk } from '../diagram/bundledElk.ts';
import type { Project } from '../graph/schema.ts';

/** The size ELK reserves for a node (the editor's node card). */
export const NODE_SIZE = { width: 200, height: 56 } as const;

/** Top-left positions for every node, layered top to bottom along the edges. */
export async function layoutTopDown(project: Pick<Project, 'nodes' | 'edges'>): Promise<Map<string, { x: number; y: number }>> {
  const ids = new Set(project.nodes.map((n) => n.id));
  const result = await bundledElk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.nodePlacement.favorStraightEdges': 'true',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: project.nodes.map((n) => ({ id: n.id, ...NODE_SIZE })),
    edges: project.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const positions = new Map<string, { x: number; y: number }>();
  for (const c of result.children ?? []) positions.set(c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) });
  return positions;
}
