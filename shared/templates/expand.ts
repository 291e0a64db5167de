/**
 * expandTemplate: a template file and parameter values to an ordinary project. Parameters are
 * substituted, optional nodes dropped, block instances replaced by copies of their block's
 * nodes inside named groups, wiring resolved to edges, and positions laid out top to bottom.
 * Pure and deterministic: the same template and values always give the same ids and layout.
 */
import { validateProject } from '../graph/load.ts';
import { getLayer } from '../layers/index.ts';
import { CURRENT_SCHEMA_VERSION, type GraphEdge, type GraphGroup, type GraphNode, type Project } from '../graph/schema.ts';
import { membersByGroup } from '../graph/groups.ts';
import { TEMPLATE_NODE_FIELDS, type TemplateFile } from './format.ts';
import { resolveParams, substitute, TemplateError, type ParamValues } from './params.ts';
import { layoutTopToBottom } from './layout.ts';

/** The templates a template may use as blocks, by id. */
export type TemplateLibrary = ReadonlyMap<string, TemplateFile>;

export type ExpandResult = { ok: true; project: Project } | { ok: false; message: string };

/** Blocks inside blocks deeper than this are a mistake (or a loop); refuse them. */
const MAX_NESTING = 16;

/** A built template: final nodes (no positions yet), their inputs by final id, and groups. */
interface Piece {
  nodes: GraphNode[];
  inputs: Map<string, string[]>;
  groups: GraphGroup[];
  /** The template's Input nodes (a block's entry points), final ids in file order. */
  entries: string[];
  /** Nodes nobody in the piece consumes (Input nodes excepted). */
  outputs: string[];
  values: ParamValues;
}

/**
 * Expands `template` with `params` (missing ones take their defaults). Block instances are looked
 * up in `library`. Returns the project, or a message saying which template, node and value failed.
 */
export function expandTemplate(template: TemplateFile, params: ParamValues = {}, library: TemplateLibrary = new Map()): ExpandResult {
  try {
    const piece = build(template, params, '', library, [template.id]);
    const edges = toEdges(piece);
    const positions = layoutTopToBottom(piece.nodes.map((n) => n.id), piece.inputs);
    const nodes = piece.nodes.map((n) => ({ ...n, position: positions.get(n.id)! }));
    const members = membersByGroup({ nodes, groups: piece.groups });
    const groups = piece.groups.filter((g) => members.get(g.id)!.length > 0);
    const { template: _meta, nodes: _n, edges: _e, groups: _g, ...rest } = template.project as Record<string, unknown>;
    const project = {
      ...rest,
      schemaVersion: CURRENT_SCHEMA_VERSION,
      name: substitute(template.project.name, piece.values, `template ${template.id}, name`),
      ...(template.meta.description ? { description: template.meta.description } : {}),
      nodes,
      edges,
      groups,
    };
    const checked = validateProject(project);
    if (!checked.ok) {
      const m = /^nodes\[(\d+)\]/.exec(checked.error.path);
      const at = m ? `node "${nodes[Number(m[1])]?.id}"` : checked.error.path;
      return { ok: false, message: `template ${template.id} expands to an invalid project at ${at} (${checked.error.path}): ${checked.error.message}` };
    }
    return { ok: true, project: checked.project };
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, message: e.message };
    throw e;
  }
}

function build(t: TemplateFile, given: ParamValues, prefix: string, library: TemplateLibrary, stack: string[]): Piece {
  const where = `template ${t.id}`;
  const values = resolveParams(t.meta.params, given, where);
  const raw = t.project.nodes;
  const rawIds = new Set(raw.map((n) => n.id));

  const fromEdges = new Map<string, { port: string; source: string }[]>();
  for (const e of t.project.edges) {
    if (!rawIds.has(e.source) || !rawIds.has(e.target)) throw new TemplateError(`${where}: edge "${e.id}" connects "${e.source}" to "${e.target}", but ${rawIds.has(e.source) ? e.target : e.source} is not a node of the template`);
    const list = fromEdges.get(e.target) ?? [];
    list.push({ port: e.targetPort, source: e.source });
    fromEdges.set(e.target, list);
  }

  // Substitute parameters and work out each node's inputs (template ids).
  const subs = raw.map((n, i) => {
    const at = `${where}, node "${n.id}"`;
    const { id, inputs, position: _p, ...rest } = n as Record<string, unknown> & { id: string };
    const node = substitute(rest, values, at) as Record<string, unknown>;
    if (node.when !== undefined && typeof node.when !== 'boolean') throw new TemplateError(`${at}: "when" must be true or false (or a \${parameter} that is); received ${JSON.stringify(node.when)}`);
    let ins: string[];
    if (inputs !== undefined) {
      if (!Array.isArray(inputs) || inputs.some((x) => typeof x !== 'string' || !rawIds.has(x) || x === id)) {
        throw new TemplateError(`${at}: "inputs" must list ids of other nodes of the template; received ${JSON.stringify(inputs)}`);
      }
      ins = inputs as string[];
    } else if (fromEdges.has(id)) {
      ins = fromEdges.get(id)!.sort((a, b) => a.port.localeCompare(b.port, 'en', { numeric: true })).map((x) => x.source);
    } else {
      ins = node.kind !== 'Input' && i > 0 ? [raw[i - 1]!.id] : [];
    }
    return { id, at, node, kept: node.when !== false, inputs: ins };
  });
  const byId = new Map(subs.map((s) => [s.id, s]));

  // A dropped node passes its first input through to whoever consumed it.
  const resolveRef = (id: string): string | undefined => {
    let cur: string | undefined = id;
    for (let hops = 0; cur !== undefined && !byId.get(cur)!.kept; hops++) {
      if (hops > subs.length) throw new TemplateError(`${where}: optional nodes around "${id}" form a loop`);
      cur = byId.get(cur)!.inputs[0];
    }
    return cur;
  };

  const nodes: GraphNode[] = [];
  const inputs = new Map<string, string[]>();
  const groups: GraphGroup[] = t.project.groups.map((g) => ({
    ...g,
    id: prefix + g.id,
    name: String(substitute(g.name, values, `${where}, group "${g.id}"`)),
    ...(g.parent !== undefined ? { parent: prefix + g.parent } : {}),
  }));
  const outputOf = new Map<string, string>();
  const pendingPlain: { finalId: string; refs: string[] }[] = [];
  const pendingBlocks: { at: string; refs: string[]; copies: Piece[] }[] = [];

  for (const s of subs) {
    if (!s.kept) continue;
    const group = typeof s.node.group === 'string' ? prefix + s.node.group : undefined;
    if (s.node.kind === 'Block') {
      const copies = instantiate(s.id, s.at, s.node, prefix, group, library, stack, groups);
      for (const c of copies) {
        nodes.push(...c.nodes);
        for (const [k, v] of c.inputs) inputs.set(k, v);
      }
      outputOf.set(s.id, copies[copies.length - 1]!.outputs[0]!);
      pendingBlocks.push({ at: s.at, refs: s.inputs, copies });
      continue;
    }
    const finalId = prefix + s.id;
    const node: Record<string, unknown> = { id: finalId, ...s.node };
    for (const f of TEMPLATE_NODE_FIELDS) delete node[f];
    delete node.group;
    if (typeof s.node.nameTemplate === 'string') node.name = s.node.nameTemplate;
    if (group !== undefined) node.group = group;
    nodes.push(node as GraphNode);
    outputOf.set(s.id, finalId);
    pendingPlain.push({ finalId, refs: s.inputs });
  }

  const finalRefs = (refs: string[]) =>
    refs.map(resolveRef).filter((r): r is string => r !== undefined).map((r) => outputOf.get(r)!);
  for (const p of pendingPlain) inputs.set(p.finalId, finalRefs(p.refs));

  // Wire block copies: the first copy's entries take the instance's inputs, each later copy the previous output.
  const bind = new Map<string, string>();
  for (const b of pendingBlocks) {
    const upstream = finalRefs(b.refs);
    b.copies.forEach((c, k) => {
      const feeds = k === 0 ? upstream : [b.copies[k - 1]!.outputs[0]!];
      if (c.entries.length !== feeds.length) {
        throw new TemplateError(`${b.at}: the block takes ${c.entries.length} input${c.entries.length === 1 ? '' : 's'} (its Input nodes) but receives ${feeds.length}`);
      }
      c.entries.forEach((entry, j) => bind.set(entry, feeds[j]!));
    });
  }
  const entryIds = new Set(bind.keys());
  const kept = nodes.filter((n) => !entryIds.has(n.id));
  for (const [id, list] of inputs) {
    if (entryIds.has(id)) inputs.delete(id);
    else inputs.set(id, list.map((x) => bind.get(x) ?? x));
  }

  const consumed = new Set([...inputs.values()].flat());
  return {
    nodes: kept,
    inputs,
    groups,
    entries: kept.filter((n) => n.kind === 'Input').map((n) => n.id),
    outputs: kept.filter((n) => n.kind !== 'Input' && !consumed.has(n.id)).map((n) => n.id),
    values,
  };
}

/** Builds the copies of one block instance node and adds their groups to `groups`. */
function instantiate(
  id: string,
  at: string,
  node: Record<string, unknown>,
  prefix: string,
  group: string | undefined,
  library: TemplateLibrary,
  stack: string[],
  groups: GraphGroup[],
): Piece[] {
  const blockId = node.block;
  if (typeof blockId !== 'string') throw new TemplateError(`${at}: a Block node names its block template in "block"; received ${JSON.stringify(blockId)}`);
  const block = library.get(blockId);
  if (!block) throw new TemplateError(`${at}: no block template "${blockId}"; the templates are ${[...library.keys()].join(', ') || '(none)'}`);
  if (block.meta.kind !== 'block') throw new TemplateError(`${at}: "${blockId}" is a ${block.meta.kind} template, not a block`);
  if (stack.includes(blockId)) throw new TemplateError(`${at}: block "${blockId}" contains itself (${[...stack, blockId].join(' -> ')})`);
  if (stack.length > MAX_NESTING) throw new TemplateError(`${at}: blocks nested more than ${MAX_NESTING} deep`);

  const base = (node.params ?? {}) as ParamValues;
  const variants = repeatVariants(node.repeat, at);
  const repeated = node.repeat !== undefined;
  const title = block.meta.title ?? block.id;
  if (repeated) {
    groups.push({ id: prefix + id, name: `${block.meta.repeatName ?? title} x${variants.length}`, ...(group ? { parent: group } : {}), block: blockId, repeat: variants.length });
  }
  return variants.map((variant, k) => {
    const copyId = repeated ? `${prefix}${id}/${k + 1}` : prefix + id;
    const piece = build(block, { ...base, ...variant }, `${copyId}/`, library, [...stack, blockId]);
    if (piece.outputs.length !== 1) {
      throw new TemplateError(`${at}: block "${blockId}" must end in exactly one layer to connect onward; it ends in ${piece.outputs.length} (${piece.outputs.join(', ') || 'none'})`);
    }
    const name = block.meta.groupName === undefined ? title : String(substitute(block.meta.groupName, piece.values, `template ${blockId}, groupName`));
    const parent = repeated ? prefix + id : group;
    groups.push({ id: copyId, name, ...(parent ? { parent } : {}), block: blockId });
    for (const g of piece.groups) if (g.parent === undefined) g.parent = copyId;
    groups.push(...piece.groups);
    piece.nodes = piece.nodes.map((n) => (n.group === undefined ? { ...n, group: copyId } : n));
    return piece;
  });
}

/** The per-copy parameter overrides of `repeat`: a count, or lists of values per parameter. */
function repeatVariants(repeat: unknown, at: string): ParamValues[] {
  if (repeat === undefined) return [{}];
  if (typeof repeat === 'number') {
    if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1000) throw new TemplateError(`${at}: "repeat" must be a count from 1 to 1000; received ${repeat}`);
    return Array.from({ length: repeat }, () => ({}));
  }
  if (repeat === null || typeof repeat !== 'object' || Array.isArray(repeat)) {
    throw new TemplateError(`${at}: "repeat" is a count or an object of lists, e.g. { "block": ["b", "c"] }; received ${JSON.stringify(repeat)}`);
  }
  const lists = Object.entries(repeat as Record<string, unknown>);
  const n = lists.length > 0 && Array.isArray(lists[0]![1]) ? (lists[0]![1] as unknown[]).length : 0;
  if (n < 1 || n > 1000 || lists.some(([, v]) => !Array.isArray(v) || v.length !== n)) {
    throw new TemplateError(`${at}: "repeat" lists must all have the same length, 1 or more; received ${JSON.stringify(repeat)}`);
  }
  return Array.from({ length: n }, (_, k) => Object.fromEntries(lists.map(([key, v]) => [key, (v as unknown[])[k]])));
}

/** Edges from the resolved inputs: port 'in' for single-input kinds, in0, in1, ... for merges. */
function toEdges(piece: Piece): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const n of piece.nodes) {
    const sources = piece.inputs.get(n.id) ?? [];
    const multi = (getLayer(n.kind)?.inputs.max ?? sources.length) > 1;
    sources.forEach((source, i) => {
      edges.push({ id: `e${edges.length + 1}`, source, sourcePort: 'out', target: n.id, targetPort: multi ? `in${i}` : 'in' });
    });
  }
  return edges;
}
