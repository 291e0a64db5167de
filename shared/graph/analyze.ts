/**
 * analyzeGraph: everything derived from a project - Keras' layer order, every tensor's shape,
 * Keras layer names, parameter counts split trainable / non-trainable, multiply-adds, and
 * diagnostics. Pure and fast: the editor calls it on every edit.
 */
import type { z } from 'zod';
import type { Diagnostic, DiagnosticCode } from '../diagnostics.ts';
import { LayerError } from '../diagnostics.ts';
import { getLayer, type LayerDef } from '../layers/index.ts';
import type { ParamCount } from '../layers/types.ts';
import type { Shape } from '../shape.ts';
import type { GraphEdge, GraphNode, ProjectInput } from './schema.ts';
import { formatPath, readPath } from './load.ts';
import { kerasLayerOrder } from './kerasOrder.ts';

export interface NodeAnalysis {
  id: string;
  kind: string;
  /** The Keras layer name: the node's own, or Keras' automatic one (conv2d, conv2d_1, ...). */
  name: string;
  /** Parameters after defaults, when they validate. */
  params?: Record<string, unknown>;
  /** Incoming nodes in port order. */
  inputIds: string[];
  inputShapes: Shape[];
  /** Output shape, or undefined when it cannot be known (an error here or upstream). */
  shape?: Shape;
  count: ParamCount;
  macs: number;
  /** Shape and parameter math with the user's numbers (for the inspector). */
  explain: string[];
}

export interface Analysis {
  /**
   * Node ids in Keras' model.layers order (see kerasOrder.ts), which is topological; nodes on or
   * behind a cycle are left out.
   */
  order: string[];
  nodes: Map<string, NodeAnalysis>;
  /** Shape carried by each edge, when known. */
  edgeShapes: Map<string, Shape>;
  /** Input nodes, in file order (the compiled model's inputs). */
  inputs: string[];
  /** Nodes nobody consumes, in file order (the compiled model's outputs). */
  outputs: string[];
  totals: { total: number; trainable: number; nonTrainable: number; macs: number };
  diagnostics: Diagnostic[];
  /** True when no diagnostic is an error: the graph can be compiled. */
  ok: boolean;
}

/** The index of a target port: 'in' and 'in0' are 0, 'in3' is 3. */
export function portIndex(port: string): number {
  const m = /^in(\d*)$/.exec(port);
  return m ? (m[1] ? Number(m[1]) : 0) : Number.NaN;
}

/** Analyses a project (or anything shaped like one); never throws. */
export function analyzeGraph(project: Pick<ProjectInput, 'nodes' | 'edges'> & { groups?: ProjectInput['groups'] }): Analysis {
  const nodes = project.nodes as GraphNode[];
  const edges = project.edges as GraphEdge[];
  const diagnostics: Diagnostic[] = [];
  const diag = (code: DiagnosticCode, message: string, at: { nodeId?: string; edgeId?: string; param?: string } = {}) =>
    diagnostics.push({ code, severity: 'error', message, ...at });

  const byId = new Map<string, GraphNode>();
  for (const n of nodes) byId.set(n.id, n);

  const groupIds = new Set((project.groups ?? []).map((g) => g.id));
  for (const n of nodes) {
    if (n.group !== undefined && !groupIds.has(n.group)) {
      diag('UNKNOWN_GROUP', `node "${n.id}" names group "${n.group}", which does not exist`, { nodeId: n.id });
    }
  }

  // Kinds and parameters. Parameter problems are reported once Keras names are known.
  const defs = new Map<string, LayerDef>();
  const params = new Map<string, Record<string, unknown>>();
  const paramIssues: { node: GraphNode; issues: readonly z.core.$ZodIssue[] }[] = [];
  for (const n of nodes) {
    const def = getLayer(n.kind);
    if (!def) {
      diag('UNKNOWN_KIND', `unknown layer kind "${n.kind}" on node "${n.id}"`, { nodeId: n.id });
      continue;
    }
    defs.set(n.id, def);
    const parsed = def.params.safeParse(n.params ?? {});
    if (parsed.success) params.set(n.id, parsed.data as Record<string, unknown>);
    else paramIssues.push({ node: n, issues: parsed.error.issues });
  }

  // Edges: incoming lists per node in port order.
  const incoming = new Map<string, GraphEdge[]>();
  const outgoing = new Map<string, GraphEdge[]>();
  for (const n of nodes) {
    incoming.set(n.id, []);
    outgoing.set(n.id, []);
  }
  for (const e of edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) {
      diag('DANGLING_EDGE', `edge "${e.id}" connects "${e.source}" to "${e.target}", but ${byId.has(e.source) ? `"${e.target}"` : `"${e.source}"`} does not exist`, { edgeId: e.id });
      continue;
    }
    if (Number.isNaN(portIndex(e.targetPort ?? 'in'))) {
      diag('DANGLING_EDGE', `edge "${e.id}" enters "${e.target}" at port "${e.targetPort}", which does not exist (ports are in, in0, in1, ...)`, { edgeId: e.id, nodeId: e.target });
      continue;
    }
    incoming.get(e.target)!.push(e);
    outgoing.get(e.source)!.push(e);
  }
  for (const [id, list] of incoming) {
    list.sort((a, b) => portIndex(a.targetPort ?? 'in') - portIndex(b.targetPort ?? 'in'));
    for (let i = 1; i < list.length; i++) {
      if (portIndex(list[i]!.targetPort ?? 'in') === portIndex(list[i - 1]!.targetPort ?? 'in') && (defs.get(id)?.inputs.max ?? 1) > 1) {
        diag('DUPLICATE_EDGE', `two edges enter port "${list[i]!.targetPort}" of "${id}"`, { nodeId: id, edgeId: list[i]!.id });
      }
    }
  }

  // Topological order (Kahn), stable in file order; whatever remains lies on or behind a cycle.
  const indegree = new Map<string, number>();
  for (const n of nodes) indegree.set(n.id, incoming.get(n.id)!.length);
  const topological: string[] = [];
  const ready = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const fileIndex = new Map(nodes.map((n, i) => [n.id, i]));
  while (ready.length > 0) {
    const id = ready.shift()!;
    topological.push(id);
    const released: string[] = [];
    for (const e of outgoing.get(id)!) {
      const d = indegree.get(e.target)! - 1;
      indegree.set(e.target, d);
      if (d === 0) released.push(e.target);
    }
    released.sort((a, b) => fileIndex.get(a)! - fileIndex.get(b)!);
    ready.push(...released);
  }
  const inOrder = new Set(topological);
  for (const n of nodes) {
    if (!inOrder.has(n.id) && onCycle(n.id, outgoing)) {
      diag('CYCLE', `"${n.name ?? n.id}" is part of a cycle; a network must flow one way`, { nodeId: n.id });
    }
  }

  // The model's inputs and outputs in file order (Kahn releases sources in file order). Outputs
  // in file order, not topological order: inserting a layer into one branch must not swap the
  // model's outputs (and so the training targets they pair with).
  const inputs = topological.filter((id) => byId.get(id)!.kind === 'Input');
  const outputs = topological
    .filter((id) => outgoing.get(id)!.length === 0 && (byId.get(id)!.kind !== 'Input' || topological.length === 1))
    .sort((a, b) => fileIndex.get(a)! - fileIndex.get(b)!);
  // Everything is listed (and named, and written by the code generators) in Keras' own
  // model.layers order. In a graph with errors, layers feeding only a cycle count as outputs.
  const stuck = topological.filter((id) => byId.get(id)!.kind !== 'Input' && outgoing.get(id)!.length > 0 && outgoing.get(id)!.every((e) => !inOrder.has(e.target)));
  const order = kerasLayerOrder(topological, (id) => incoming.get(id)!.map((e) => e.source), [...outputs, ...stuck], inputs);

  // Keras names: explicit names win; automatic ones count up per prefix, skipping taken names.
  const names = assignNames(nodes, order, defs, diag);
  for (const { node: n, issues } of paramIssues) {
    for (const issue of issues) {
      const path = formatPath(issue.path);
      const received = readPath(n.params ?? {}, issue.path);
      const what = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
      diag(
        'BAD_PARAM',
        `${n.kind} "${names.get(n.id) ?? n.id}": ${path || 'params'} ${what}; received ${JSON.stringify(received) ?? 'nothing'}`,
        { nodeId: n.id, param: path },
      );
    }
  }

  // Shapes and counts in order.
  const result = new Map<string, NodeAnalysis>();
  const edgeShapes = new Map<string, Shape>();
  let trainable = 0;
  let nonTrainable = 0;
  let macs = 0;
  for (const n of nodes) {
    result.set(n.id, {
      id: n.id,
      kind: n.kind,
      name: names.get(n.id) ?? n.name ?? n.id,
      params: params.get(n.id),
      inputIds: incoming.get(n.id)!.map((e) => e.source),
      inputShapes: [],
      count: { trainable: 0, nonTrainable: 0 },
      macs: 0,
      explain: [],
    });
  }
  for (const id of order) {
    const node = result.get(id)!;
    const def = defs.get(id);
    const p = params.get(id);
    if (!def) continue;
    const ins = incoming.get(id)!;
    if (ins.length < def.inputs.min) {
      diag('MISSING_INPUT', `${def.kind} "${node.name}" needs ${def.inputs.min === def.inputs.max ? def.inputs.min : `at least ${def.inputs.min}`} input${def.inputs.min === 1 ? '' : 's'}; received ${ins.length}`, { nodeId: id });
      continue;
    }
    if (ins.length > def.inputs.max) {
      diag('EXTRA_INPUT', `${def.kind} "${node.name}" takes ${def.inputs.max === 0 ? 'no inputs' : `at most ${def.inputs.max} input${def.inputs.max === 1 ? '' : 's'}`}; received ${ins.length}`, { nodeId: id });
      continue;
    }
    if (!p) continue;
    const shapes = ins.map((e) => result.get(e.source)?.shape);
    if (shapes.some((s) => s === undefined)) continue; // unknown upstream: the upstream node carries the error
    node.inputShapes = shapes as Shape[];
    try {
      const shape = def.inferShape(p, node.inputShapes);
      const count = def.paramCount(p, node.inputShapes, shape);
      node.shape = shape;
      node.count = byId.get(id)!.trainable === false ? { trainable: 0, nonTrainable: count.trainable + count.nonTrainable } : count;
      node.macs = def.macs(p, node.inputShapes, shape);
      node.explain = def.explain?.(p, node.inputShapes, shape) ?? [];
      trainable += node.count.trainable;
      nonTrainable += node.count.nonTrainable;
      macs += node.macs;
    } catch (e) {
      if (!(e instanceof LayerError)) throw e;
      // Layer messages usually name their kind first ("Conv2D window 5x5 ..."): then the Keras
      // name alone says which layer, without repeating the kind.
      const where = e.message.startsWith(`${def.kind} `) ? `"${node.name}"` : `${def.kind} "${node.name}"`;
      diag(e.code, `${where}: ${e.message}`, e.param === undefined ? { nodeId: id } : { nodeId: id, param: e.param });
    }
  }
  for (const e of edges) {
    const s = result.get(e.source)?.shape;
    if (s && byId.has(e.target)) edgeShapes.set(e.id, s);
  }

  if (nodes.length > 0 && inputs.length === 0 && !nodes.some((n) => n.kind === 'Input')) {
    diag('NO_INPUT_LAYER', 'the graph has no Input node; add one to say what shape a sample has');
  }

  return {
    order,
    nodes: result,
    edgeShapes,
    inputs,
    outputs,
    totals: { total: trainable + nonTrainable, trainable, nonTrainable, macs },
    diagnostics,
    ok: diagnostics.every((d) => d.severity !== 'error'),
  };
}

function onCycle(start: string, outgoing: Map<string, GraphEdge[]>): boolean {
  const seen = new Set<string>();
  const stack = (outgoing.get(start) ?? []).map((e) => e.target);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === start) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of outgoing.get(id) ?? []) stack.push(e.target);
  }
  return false;
}

const TFJS_NAME = /^[A-Za-z0-9][-A-Za-z0-9._/]*$/;

function assignNames(
  nodes: GraphNode[],
  order: string[],
  defs: Map<string, LayerDef>,
  diag: (code: DiagnosticCode, message: string, at?: { nodeId?: string }) => void,
): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Map<string, string>();
  for (const n of nodes) {
    if (n.name === undefined) continue;
    // tfjs' tensor-name rule (tfjs-layers common.ts isValidTensorName), stricter than Keras'.
    if (!TFJS_NAME.test(n.name)) {
      diag('BAD_NAME', `layer name "${n.name}" of "${n.id}" cannot be used by TensorFlow.js; start it with a letter or digit and use only letters, digits, _ . - /`, { nodeId: n.id });
    }
    const other = taken.get(n.name);
    if (other !== undefined) diag('DUPLICATE_NAME', `layer name "${n.name}" is used by "${other}" and "${n.id}"; Keras needs unique names`, { nodeId: n.id });
    else taken.set(n.name, n.id);
    names.set(n.id, n.name);
  }
  const counters = new Map<string, number>();
  const inOrder = new Set(order);
  const unnamed = [...order, ...nodes.map((n) => n.id).filter((id) => !inOrder.has(id))];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const id of unnamed) {
    const n = byId.get(id)!;
    if (n.name !== undefined) continue;
    const prefix = defs.get(id)?.namePrefix ?? n.kind.toLowerCase();
    // Keras numbers InputLayers from 1 (input_1) and every other layer from 0 (conv2d, conv2d_1).
    let k = counters.get(prefix) ?? (n.kind === 'Input' ? 1 : 0);
    let candidate = k === 0 ? prefix : `${prefix}_${k}`;
    while (taken.has(candidate)) candidate = `${prefix}_${++k}`;
    counters.set(prefix, k + 1);
    taken.set(candidate, id);
    names.set(id, candidate);
  }
  return names;
}
