/**
 * Test graphs that are one chain of layers: the nodes in order, each wired to the next by an edge
 * e1, e2, ... (the ids tests that cut or extend a chain refer to).
 */
import type { ProjectInput } from '../../shared/graph/schema.ts';

/** A project named `name` whose `nodes` form one chain, in the order given. */
export function chainProject(name: string, nodes: ProjectInput['nodes']): ProjectInput {
  return {
    schemaVersion: 1,
    name,
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ id: `e${i + 1}`, source: nodes[i]!.id, target: n.id })),
  };
}
