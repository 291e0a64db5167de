/**
 * Block templates (a ResNet identity block, an Inception module) come as small networks with
 * their own Input, so they validate alone. Inserted into a graph, the Input goes away, the rest
 * becomes one group named after the block, and the layers the Input fed are its entry points,
 * to be wired from a layer of the graph.
 */
import type { GraphEdge, GraphGroup, Project } from '../graph/schema.ts';
import { freshId } from './graph.ts';

export interface PreparedBlock {
  /** The block's layers (Inputs removed) in one new group. */
  project: Project;
  /** Ids of the layers the removed Input fed, in file order. */
  entries: string[];
}

/** Strips the block's Input layers and groups the rest under `name` (marked as `blockId`). */
export function prepareBlock(block: Project, name: string, blockId: string): PreparedBlock {
  const inputs = new Set(block.nodes.filter((n) => n.kind === 'Input').map((n) => n.id));
  const fed = new Set(block.edges.filter((e) => inputs.has(e.source)).map((e) => e.target));
  const nodes = block.nodes.filter((n) => !inputs.has(n.id));
  const edges: GraphEdge[] = block.edges.filter((e) => !inputs.has(e.source) && !inputs.has(e.target));
  const groupId = freshId(block, 'block');
  const group: GraphGroup = { id: groupId, name, block: blockId };
  const ungrouped = (g: string | undefined) => g === undefined || !block.groups.some((x) => x.id === g);
  return {
    project: {
      ...block,
      nodes: nodes.map((n) => (ungrouped(n.group) ? { ...n, group: groupId } : n)),
      edges,
      // The block's own groups hang under the new one.
      groups: [...block.groups.map((g) => (g.parent === undefined ? { ...g, parent: groupId } : g)), group],
    },
    entries: nodes.filter((n) => fed.has(n.id)).map((n) => n.id),
  };
}
