/**
 * "Replace head" for transfer learning, as a pure graph edit: the final Dense layer (with any
 * Activation / Dropout / Softmax nodes after it) is replaced by one new Dense layer with a
 * softmax over N classes (one sigmoid unit when N is 1). The new layer gets a name no node of
 * the old graph had, so weights loaded by name never land in it: it starts fresh.
 */
import { analyzeGraph } from '../graph/analyze.ts';
import type { GraphEdge, GraphNode, Project } from '../graph/schema.ts';

export type ReplaceHeadResult =
  | {
      ok: true;
      project: Project;
      /** Ids of the nodes taken out (the old Dense and what followed it). */
      removed: string[];
      /** Id (and Keras name) of the new Dense node. */
      head: string;
      /** Ids of nodes frozen by `freezeBase`. */
      frozen: string[];
    }
  | { ok: false; message: string };

/** Kinds that may sit between the final Dense and the output without weights of their own. */
const TAIL_KINDS = new Set(['Activation', 'Dropout', 'Softmax', 'ReLU']);

/**
 * Replaces the head of `project` by a new Dense layer for `classes` classes. With `freezeBase`
 * every other layer becomes non-trainable (fine-tune only the head first). Returns a new
 * project; the input is not changed.
 */
export function replaceHead(project: Project, classes: number, options: { freezeBase?: boolean } = {}): ReplaceHeadResult {
  if (!Number.isInteger(classes) || classes < 1) return { ok: false, message: `replace head: the class count must be a whole number of at least 1; received ${classes}` };
  const analysis = analyzeGraph(project);
  if (analysis.outputs.length !== 1) {
    return { ok: false, message: `replace head needs a graph with one output; this one has ${analysis.outputs.length}` };
  }
  const byId = new Map(project.nodes.map((n) => [n.id, n]));
  const outgoing = new Map<string, GraphEdge[]>();
  for (const e of project.edges) outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e]);

  // Walk back from the output over weightless tail nodes to the final Dense.
  const removed: string[] = [];
  let id = analysis.outputs[0]!;
  for (;;) {
    const node = byId.get(id)!;
    const info = analysis.nodes.get(id)!;
    if (removed.length > 0 && (outgoing.get(id)?.length ?? 0) > 1) {
      return { ok: false, message: `replace head: "${info.name}" feeds more than one layer, so it is not a head that can be replaced` };
    }
    removed.push(id);
    if (node.kind === 'Dense') break;
    if (!TAIL_KINDS.has(node.kind) || info.inputIds.length !== 1) {
      return { ok: false, message: `replace head: the output "${info.name}" (${node.kind}) is not a Dense layer (optionally followed by Activation or Dropout)` };
    }
    id = info.inputIds[0]!;
  }
  const dense = byId.get(id)!;
  const feeding = project.edges.find((e) => e.target === dense.id);
  if (!feeding) return { ok: false, message: `replace head: the Dense layer "${analysis.nodes.get(id)!.name}" has no input` };

  const takenNames = new Set<string>();
  for (const a of analysis.nodes.values()) takenNames.add(a.name);
  for (const n of project.nodes) takenNames.add(n.id);
  const head = uniqueName('head', takenNames);

  const gone = new Set(removed);
  const newNode: GraphNode = {
    id: head,
    kind: 'Dense',
    name: head,
    params: { units: classes, activation: classes === 1 ? 'sigmoid' : 'softmax' },
    position: { ...dense.position },
    ...(dense.group !== undefined ? { group: dense.group } : {}),
  };
  const frozen: string[] = [];
  const nodes = project.nodes
    .filter((n) => !gone.has(n.id))
    .map((n) => {
      if (!options.freezeBase || n.kind === 'Input' || (analysis.nodes.get(n.id)?.count.trainable ?? 0) === 0) return n;
      frozen.push(n.id);
      return { ...n, trainable: false };
    });
  const edgeIds = new Set(project.edges.map((e) => e.id));
  const edges = project.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target));
  edges.push({ id: uniqueName(`e_${head}`, edgeIds), source: feeding.source, sourcePort: feeding.sourcePort, target: head, targetPort: 'in' });
  return { ok: true, project: { ...project, nodes: [...nodes, newNode], edges }, removed, head, frozen };
}

function uniqueName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  let k = 1;
  while (taken.has(`${base}_${k}`)) k++;
  return `${base}_${k}`;
}
