/**
 * The project file: what a person's work is saved as. Only what they chose is stored (nodes with
 * kind, Keras name, parameters, position and group; edges between named ports; groups);
 * shapes and counts are derived by analyzeGraph and never saved. Unknown fields are kept, so a
 * file edited by a newer tool or by hand loses nothing when we save it again.
 */
import { z } from 'zod';

/** The version this build writes. Older files are migrated (migrations.ts); newer ones refused. */
export const CURRENT_SCHEMA_VERSION = 1;

const id = z.string().min(1).max(200);
const finite = z.number().finite().min(-1e7).max(1e7);

/** Keras layer names: letters, digits, `_`, `.`, `-`, `/` (what tf.keras accepts in a name scope). */
export const LAYER_NAME = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;

export const GraphNodeSchema = z.looseObject({
  id,
  kind: z.string().min(1).max(100),
  name: z.string().max(200).regex(LAYER_NAME, 'a Keras layer name: a letter or _, then letters, digits, _ . - /').optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: finite, y: finite }).default({ x: 0, y: 0 }),
  group: id.optional(),
  /** false freezes the layer: all its weights count as non-trainable, as in Keras. */
  trainable: z.boolean().optional(),
});

export const GraphEdgeSchema = z.looseObject({
  id,
  source: id,
  sourcePort: z.string().max(50).default('out'),
  target: id,
  /** 'in' for single-input kinds, 'in0', 'in1', ... for merge kinds (the order of the inputs). */
  targetPort: z.string().max(50).default('in'),
});

export const GraphGroupSchema = z.looseObject({
  id,
  name: z.string().max(200),
  /** The enclosing group, for nested groups. */
  parent: id.optional(),
  collapsed: z.boolean().optional(),
  /** Names for the group's boundary inputs / outputs, in groupBoundary's order (shared/graph/groups.ts). */
  inputNames: z.array(z.string().max(100)).max(1000).optional(),
  outputNames: z.array(z.string().max(100)).max(1000).optional(),
  /** The block template this group was inserted from (templates/<block>.json), if any. */
  block: z.string().max(200).optional(),
  /** For a repeat group ("ID BLOCK x3"): how many copies of the block it holds. */
  repeat: z.number().int().min(1).max(10_000).optional(),
});

export const ProjectSchema = z
  .looseObject({
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    name: z.string().max(200).default('model'),
    nodes: z.array(GraphNodeSchema).max(100_000),
    edges: z.array(GraphEdgeSchema).max(400_000),
    groups: z.array(GraphGroupSchema).max(100_000).default([]),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.nodes.forEach((n, i) => {
      if (seen.has(n.id)) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'id'], message: `duplicate node id "${n.id}"` });
      seen.add(n.id);
    });
    const edgeIds = new Set<string>();
    p.edges.forEach((e, i) => {
      if (edgeIds.has(e.id)) ctx.addIssue({ code: 'custom', path: ['edges', i, 'id'], message: `duplicate edge id "${e.id}"` });
      edgeIds.add(e.id);
    });
  });

export type GraphNode = z.output<typeof GraphNodeSchema>;
export type GraphEdge = z.output<typeof GraphEdgeSchema>;
export type GraphGroup = z.output<typeof GraphGroupSchema>;
export type Project = z.output<typeof ProjectSchema>;
/** What a caller may pass in: defaults (ports, positions, params) may be left out. */
export type ProjectInput = z.input<typeof ProjectSchema>;

/** An empty project at the current version. */
export function emptyProject(name = 'model'): Project {
  return { schemaVersion: CURRENT_SCHEMA_VERSION, name, nodes: [], edges: [], groups: [] };
}
