/**
 * Auto-layout with ELK's layered algorithm (Sugiyama-style), top to bottom, run in a web worker
 * so a 1,000-node graph does not freeze the window. Returns new top-left positions.
 */
import ELK from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { Project } from '../../shared/graph/schema.ts';
import type { XY } from '../../shared/edits/index.ts';

let elk: InstanceType<typeof ELK> | null = null;

function engine(): InstanceType<typeof ELK> {
  elk ??= new ELK({ workerUrl });
  return elk;
}

/** Layered positions for every node of `project`; `sizeOf` gives each node's drawn size. */
export async function layoutProject(project: Project, sizeOf: (id: string) => { width: number; height: number }): Promise<Map<string, XY>> {
  const ids = new Set(project.nodes.map((n) => n.id));
  const graph = {
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
    children: project.nodes.map((n) => ({ id: n.id, ...sizeOf(n.id) })),
    edges: project.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const result = await engine().layout(graph);
  const positions = new Map<string, XY>();
  for (const c of result.children ?? []) positions.set(c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) });
  return positions;
}
