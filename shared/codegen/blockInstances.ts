/**
 * Finding block instances in a project: groups inserted from a block template (`group.block`)
 * whose nodes are still exactly what the template gives for some parameter values. The values
 * are read back from the nodes (`res2b_branch2a` with `res${stage}${block}_branch2a` gives stage 2,
 * block 'b'), then the template is expanded with them and compared node by node and edge by edge;
 * an instance the person has edited since is not an instance any more and is written inline.
 */
import type { GraphNode, Project } from '../graph/schema.ts';
import type { TemplateFile } from '../templates/format.ts';
import { expandTemplate, type TemplateLibrary } from '../templates/expand.ts';
import { sameValue } from './layerSpecs.ts';
import { evaluate, parseExpr, refsOf, type Expr, type Ref } from './templateExpr.ts';

export interface BlockInstance {
  groupId: string;
  block: TemplateFile;
  /** The block expanded standalone with the instance's values (ids are template node ids). */
  expanded: Project;
  /** Parameter values, for every parameter the block's layers use. */
  values: Record<string, unknown>;
  /** For each Input node of the block (file order): the outside node feeding it. */
  inputs: string[];
  /** The template node id of the block's one output layer. */
  output: string;
  /** Template node id -> project node id, for every layer of the instance. */
  members: Map<string, string>;
}

/** Parameters used by the block's layers (not its Input nodes), in declaration order. */
export function usedParams(block: TemplateFile): string[] {
  const used = new Set<string>();
  for (const n of block.project.nodes) {
    if (n.kind === 'Input') continue;
    const raw = n as Record<string, unknown>;
    for (const v of [raw.nameTemplate, raw.params, raw.when]) {
      const e = v === undefined ? undefined : parseDeep(v);
      for (const r of e ?? []) used.add(r);
    }
  }
  return Object.keys(block.meta.params).filter((p) => used.has(p));
}

/** Every parameter name referenced anywhere inside `v`. */
function parseDeep(v: unknown): string[] {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return Object.values(v).flatMap(parseDeep);
  const e = parseExpr(v);
  return e ? refsOf(e) : [...JSON.stringify(v).matchAll(/\$\{\s*([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
}

/** Reads the values of a block's parameters back from one instance's nodes; undefined if it cannot. */
function solveValues(block: TemplateFile, nodesByTemplateId: Map<string, GraphNode>): Record<string, unknown> | undefined {
  const defaults = Object.fromEntries(Object.entries(block.meta.params).map(([k, s]) => [k, s.default]));
  const scalar = new Map<string, unknown>();
  const elements = new Map<string, Map<number, unknown>>();
  const known = (r: Ref) => (r.index === undefined ? scalar.has(r.name) : (elements.get(r.name)?.has(r.index) ?? false));
  const valueOf = (r: Ref) => (r.index === undefined ? scalar.get(r.name) : elements.get(r.name)?.get(r.index));
  const bind = (r: Ref, v: unknown): boolean => {
    if (known(r)) return sameValue(valueOf(r), v);
    if (r.index === undefined) scalar.set(r.name, v);
    else {
      if (!elements.has(r.name)) elements.set(r.name, new Map());
      elements.get(r.name)!.set(r.index, v);
    }
    return true;
  };
  const texts: Array<{ e: Expr & { type: 'text' }; value: string }> = [];
  const unify = (template: unknown, value: unknown): boolean => {
    if (template !== null && typeof template === 'object' && !Array.isArray(template)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
      return Object.entries(template).every(([k, t]) => unify(t, (value as Record<string, unknown>)[k]));
    }
    const e = parseExpr(template);
    if (!e) return false;
    if (e.type === 'ref') return bind(e.ref, value);
    if (e.type === 'text') {
      if (typeof value !== 'string') return false;
      texts.push({ e, value });
      return true;
    }
    if (e.type === 'array') return Array.isArray(value) && value.length === e.items.length && (template as unknown[]).every((t, i) => unify(t, value[i]));
    return true; // literals are checked when the expansion is compared
  };
  for (const t of block.project.nodes) {
    if (t.kind === 'Input') continue;
    const node = nodesByTemplateId.get(t.id);
    if (!node) return undefined;
    const raw = t as Record<string, unknown>;
    if (raw.params !== undefined && !unify(raw.params, node.params)) return undefined;
    if (typeof raw.nameTemplate === 'string' && !unify(raw.nameTemplate, node.name)) return undefined;
  }
  // Text: solve the templates with the fewest unknowns first, typing each unknown by its default.
  for (let progress = true; progress && texts.length > 0; ) {
    progress = false;
    texts.sort((a, b) => a.e.parts.filter((p) => typeof p !== 'string' && !known(p)).length - b.e.parts.filter((p) => typeof p !== 'string' && !known(p)).length);
    const { e, value } = texts.shift()!;
    const groups: Ref[] = [];
    let pattern = '';
    for (const p of e.parts) {
      if (typeof p === 'string') pattern += escapeRegExp(p);
      else if (known(p)) pattern += escapeRegExp(String(valueOf(p)));
      else {
        const def = p.index === undefined ? defaults[p.name] : (defaults[p.name] as unknown[] | undefined)?.[p.index];
        pattern += typeof def === 'number' ? '(-?\\d+(?:\\.\\d+)?)' : '(.*?)';
        groups.push(p);
      }
    }
    const m = new RegExp(`^${pattern}$`, 's').exec(value);
    if (!m) return undefined;
    for (let i = 0; i < groups.length; i++) {
      const def = groups[i]!.index === undefined ? defaults[groups[i]!.name] : (defaults[groups[i]!.name] as unknown[])[groups[i]!.index!];
      if (!bind(groups[i]!, typeof def === 'number' ? Number(m[i + 1]) : m[i + 1])) return undefined;
    }
    progress = true;
  }
  const values: Record<string, unknown> = {};
  for (const name of usedParams(block)) {
    if (scalar.has(name)) values[name] = scalar.get(name);
    else if (elements.has(name) && Array.isArray(defaults[name])) {
      values[name] = (defaults[name] as unknown[]).map((d, i) => (elements.get(name)!.has(i) ? elements.get(name)!.get(i) : d));
    } else return undefined;
  }
  return values;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The group `groupId` as an instance of its block template, or undefined when it is not one
 * (unknown or nested block, edited layers, frozen layers, rewired edges, several outputs).
 */
export function findInstance(project: Project, groupId: string, library: TemplateLibrary): BlockInstance | undefined {
  const group = project.groups.find((g) => g.id === groupId);
  if (!group?.block || group.repeat !== undefined) return undefined;
  const block = library.get(group.block);
  if (!block || block.meta.kind !== 'block' || block.project.nodes.some((n) => n.kind === 'Block')) return undefined;
  const prefix = `${groupId}/`;
  const inGroup = project.nodes.filter((n) => n.group === groupId);
  const byTemplateId = new Map<string, GraphNode>();
  for (const n of inGroup) {
    if (!n.id.startsWith(prefix) || n.trainable === false) return undefined;
    byTemplateId.set(n.id.slice(prefix.length), n);
  }
  const given = (group as Record<string, unknown>).params;
  const values = given !== null && typeof given === 'object' && !Array.isArray(given) ? (given as Record<string, unknown>) : solveValues(block, byTemplateId);
  if (!values) return undefined;
  const expanded = expandTemplate(block, Object.fromEntries(usedParams(block).map((k) => [k, values[k]])), library);
  if (!expanded.ok) return undefined;
  return matchExpansion(project, groupId, block, expanded.project, values, byTemplateId);
}

/** Compares the standalone expansion with the instance: nodes, names, params and wiring. */
function matchExpansion(
  project: Project,
  groupId: string,
  block: TemplateFile,
  expanded: Project,
  values: Record<string, unknown>,
  byTemplateId: Map<string, GraphNode>,
): BlockInstance | undefined {
  const layers = expanded.nodes.filter((n) => n.kind !== 'Input');
  const entries = expanded.nodes.filter((n) => n.kind === 'Input').map((n) => n.id);
  if (layers.length !== byTemplateId.size) return undefined;
  const members = new Map<string, string>();
  for (const t of layers) {
    const n = byTemplateId.get(t.id);
    if (!n || n.kind !== t.kind || n.name !== t.name || !sameValue(n.params, t.params)) return undefined;
    members.set(t.id, n.id);
  }
  const memberIds = new Set(members.values());
  const incoming = (target: string, edges: Project['edges']) => edges.filter((e) => e.target === target).map((e) => [e.targetPort, e.source] as const);
  const binding = new Map<string, string>();
  for (const t of layers) {
    const want = incoming(t.id, expanded.edges);
    const have = new Map(incoming(members.get(t.id)!, project.edges));
    if (have.size !== want.length) return undefined;
    for (const [port, source] of want) {
      const actual = have.get(port);
      if (actual === undefined) return undefined;
      if (entries.includes(source)) {
        if (memberIds.has(actual) || (binding.has(source) && binding.get(source) !== actual)) return undefined;
        binding.set(source, actual);
      } else if (actual !== members.get(source)) return undefined;
    }
  }
  if (entries.some((e) => !binding.has(e))) return undefined;
  const consumed = new Set(expanded.edges.map((e) => e.source));
  const outs = layers.filter((t) => !consumed.has(t.id)).map((t) => t.id);
  if (outs.length !== 1) return undefined;
  const output = outs[0]!;
  // Only the output may be read from outside the instance.
  if (project.edges.some((e) => memberIds.has(e.source) && !memberIds.has(e.target) && e.source !== members.get(output))) return undefined;
  return { groupId, block, expanded, values, inputs: entries.map((e) => binding.get(e)!), output, members };
}
