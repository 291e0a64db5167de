/**
 * Block instances as helper functions: each block template used in the project is written once
 * as a named function (`identityBlock(x, stage, block, f, filters)`) whose layer names and
 * arguments are the template's own expressions, and each instance becomes one call. Every call
 * is checked to rebuild exactly the instance's layers (config, name, wiring); anything that does
 * not check out is written inline instead, so helpers never change the model.
 */
import { analyzeGraph } from '../graph/analyze.ts';
import type { Project } from '../graph/schema.ts';
import { getLayer } from '../layers/index.ts';
import type { TemplateLibrary } from '../templates/expand.ts';
import { CUSTOM_LAYER_SOURCES } from './customLayerSources.ts';
import { camelIdentifier, snakeIdentifier } from './identifiers.ts';
import { findInstance, usedParams, type BlockInstance } from './blockInstances.ts';
import { isDefault, sameValue } from './layerSpecs.ts';
import { evaluate, parseExpr, type Expr } from './templateExpr.ts';
import type { Plan } from './plan.ts';

/** One layer of a helper function, in the block's topological order. */
export interface HelperLayer {
  /** Template node id; also the local variable's base name. */
  id: string;
  kind: string;
  factory: string;
  custom?: string;
  /** Config entries: literals (defaults left out) or parameter expressions. */
  config: Array<[string, Expr]>;
  /** The layer name expression, or undefined for a Keras automatic name. */
  name?: Expr;
  namePrefix: string;
  /** Template ids of the inputs: Input nodes of the block or earlier layers. */
  inputs: string[];
}

export interface GroupHelper {
  blockId: string;
  tsName: string;
  pyName: string;
  /** The block's Input node ids: the tensors the function takes. */
  tensorParams: string[];
  /** Block parameters the function takes, in the template's order. */
  params: string[];
  /** Description of each parameter, from the template. */
  docs: Map<string, string>;
  /** Each parameter's default (gives its TypeScript type). */
  defaults: Record<string, unknown>;
  title: string;
  layers: HelperLayer[];
  output: string;
}

export interface GroupCall {
  helper: GroupHelper;
  instance: BlockInstance;
  /** Project node ids inside the instance. */
  members: string[];
  /** Outside nodes feeding the instance, in the helper's tensor parameter order. */
  inputs: string[];
  /** The instance's output node (the one tensor the call returns). */
  output: string;
  /** A variable name for the result, from the group's name. */
  label: string;
}

export type Unit = { type: 'layer'; id: string } | { type: 'call'; call: GroupCall };

export interface GroupPlan {
  helpers: GroupHelper[];
  /** Layers and calls in the order the build function writes them. */
  units: Unit[];
  /** Prefixes for which the module needs the automatic namer, with the names it must skip. */
  autoNames?: { taken: string[] };
}

/** Everything inline: what emitters use when there is no block library or helpers are off. */
export function inlinePlan(plan: Plan): GroupPlan {
  return { helpers: [], units: plan.layers.map((l) => ({ type: 'layer', id: l.id })) };
}

/** Builds the helper for a block from one verified instance. */
function makeHelper(instance: BlockInstance): GroupHelper | undefined {
  const { block, expanded } = instance;
  const analysis = analyzeGraph(expanded);
  const raw = new Map(block.project.nodes.map((n) => [n.id, n as Record<string, unknown>]));
  const layers: HelperLayer[] = [];
  for (const id of readingOrder(expanded, analysis.order)) {
    const node = expanded.nodes.find((n) => n.id === id)!;
    if (node.kind === 'Input') continue;
    const a = analysis.nodes.get(id)!;
    const def = getLayer(node.kind);
    const t = raw.get(id);
    if (!def || !a.params || !t) return undefined;
    const spec = def.tfjs(a.params as never);
    const tParams = (t.params ?? {}) as Record<string, unknown>;
    const config: Array<[string, Expr]> = [];
    for (const [key, value] of Object.entries(spec.config)) {
      if (value === undefined) continue;
      const e = Object.hasOwn(tParams, key) ? parseExpr(tParams[key]) : undefined;
      if (e && e.type !== 'lit') config.push([key, e]);
      else if (!isDefault(spec, key)) config.push([key, { type: 'lit', value }]);
    }
    const nameExpr = typeof t.nameTemplate === 'string' ? parseExpr(t.nameTemplate) : undefined;
    if (typeof t.nameTemplate === 'string' && !nameExpr) return undefined;
    const inputs = expanded.edges.filter((e) => e.target === id).sort((x, y) => x.targetPort.localeCompare(y.targetPort, 'en', { numeric: true })).map((e) => e.source);
    const custom = Object.hasOwn(CUSTOM_LAYER_SOURCES, spec.factory) ? spec.factory : undefined;
    layers.push({ id, kind: node.kind, factory: spec.factory, ...(custom ? { custom } : {}), config, name: nameExpr, namePrefix: def.namePrefix, inputs });
  }
  const title = block.meta.title ?? block.id;
  return {
    blockId: block.id,
    tsName: camelIdentifier(block.project.name),
    pyName: snakeIdentifier(block.project.name),
    tensorParams: expanded.nodes.filter((n) => n.kind === 'Input').map((n) => n.id),
    params: usedParams(block),
    docs: new Map(Object.entries(block.meta.params).map(([k, s]) => [k, s.description ?? ''])),
    defaults: Object.fromEntries(Object.entries(block.meta.params).map(([k, s]) => [k, s.default])),
    title,
    layers,
    output: instance.output,
  };
}

/** The template's own node order when it is a valid build order (it reads best), else the analysis order. */
function readingOrder(expanded: Project, analysisOrder: string[]): string[] {
  const seen = new Set<string>();
  for (const n of expanded.nodes) {
    if (expanded.edges.some((e) => e.target === n.id && !seen.has(e.source))) return analysisOrder;
    seen.add(n.id);
  }
  return expanded.nodes.map((n) => n.id);
}

/** True when calling `helper` with the instance's values rebuilds the instance's layers exactly. */
function reproduces(helper: GroupHelper, instance: BlockInstance, plan: Plan): boolean {
  if (helper.layers.length !== instance.members.size) return false;
  for (const h of helper.layers) {
    const layer = plan.byId.get(instance.members.get(h.id)!);
    if (!layer || layer.spec.factory !== h.factory || layer.kind !== h.kind) return false;
    // Booleans print differently in TypeScript and Python text, so keep them out of names.
    if (h.name?.type === 'text' && h.name.parts.some((p) => typeof p !== 'string' && typeof instance.values[p.name] === 'boolean')) return false;
    if (h.name && evaluate(h.name, instance.values) !== layer.name) return false;
    const config = new Map(h.config.map(([k, e]) => [k, evaluate(e, instance.values)]));
    for (const [key, value] of Object.entries(layer.spec.config)) {
      if (value === undefined) continue;
      if (config.has(key) ? !sameValue(config.get(key), value) : !isDefault(layer.spec, key)) return false;
    }
    if ([...config.keys()].some((k) => !Object.hasOwn(layer.spec.config, k))) return false;
  }
  return true;
}

/** Plans helpers and calls for every block instance in `project` (library: block templates by id). */
export function planGroups(project: Project, plan: Plan, library: TemplateLibrary | undefined): GroupPlan {
  if (!library || project.groups.length === 0) return inlinePlan(plan);
  const helpers = new Map<string, GroupHelper>();
  const calls: GroupCall[] = [];
  for (const g of project.groups) {
    const instance = findInstance(project, g.id, library);
    if (!instance) continue;
    let helper = helpers.get(instance.block.id);
    if (!helper) {
      helper = makeHelper(instance);
      if (!helper) continue;
      helpers.set(instance.block.id, helper);
    }
    if (!reproduces(helper, instance, plan)) continue;
    calls.push({ helper, instance, members: [...instance.members.values()], inputs: instance.inputs, output: instance.members.get(instance.output)!, label: g.name });
  }
  if (calls.length === 0) return inlinePlan(plan);
  const units = orderUnits(plan, calls);
  if (!units) return inlinePlan(plan);
  const autoNames = checkAutoNames(plan, units);
  if (autoNames === false) return inlinePlan(plan);
  const used = new Set(calls.map((c) => c.helper));
  return { helpers: [...helpers.values()].filter((h) => used.has(h)), units, ...(autoNames ? { autoNames } : {}) };
}

/**
 * Layers and calls in dependency order, each call where its inputs are ready, ties broken by the
 * analysis order; undefined when calls would depend on each other in a cycle.
 */
function orderUnits(plan: Plan, calls: GroupCall[]): Unit[] | undefined {
  const rank = new Map(plan.layers.map((l, i) => [l.id, i]));
  const unitOf = new Map<string, number>();
  const units: Unit[] = [];
  for (const c of calls) {
    for (const m of c.members) unitOf.set(m, units.length);
    units.push({ type: 'call', call: c });
  }
  for (const l of plan.layers) {
    if (!unitOf.has(l.id)) {
      unitOf.set(l.id, units.length);
      units.push({ type: 'layer', id: l.id });
    }
  }
  const firstRank = units.map(() => Number.POSITIVE_INFINITY);
  for (const [id, u] of unitOf) firstRank[u] = Math.min(firstRank[u]!, rank.get(id)!);
  const deps = units.map(() => new Set<number>());
  const users = units.map(() => new Set<number>());
  for (const l of plan.layers) {
    const u = unitOf.get(l.id)!;
    for (const src of l.inputIds) {
      const v = unitOf.get(src)!;
      if (v !== u && !deps[u]!.has(v)) {
        deps[u]!.add(v);
        users[v]!.add(u);
      }
    }
  }
  const waiting = deps.map((d) => d.size);
  const ready = units.map((_, i) => i).filter((i) => waiting[i] === 0);
  const order: Unit[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => firstRank[a]! - firstRank[b]!);
    const u = ready.shift()!;
    order.push(units[u]!);
    for (const v of users[u]!) if (--waiting[v]! === 0) ready.push(v);
  }
  return order.length === units.length ? order : undefined;
}

/**
 * Helper layers without a name template get Keras' automatic names at run time (activation,
 * activation_1, ...), skipping every name the module sets itself. Replays that counter in the
 * written order: the names must come out as the analysis gave them, or helpers are not used.
 * Returns the names to skip (undefined when no helper layer needs a name, false on a mismatch).
 */
function checkAutoNames(plan: Plan, units: Unit[]): { taken: string[] } | undefined | false {
  const auto = new Set<string>();
  for (const u of units) {
    if (u.type !== 'call') continue;
    for (const h of u.call.helper.layers) if (!h.name) auto.add(u.call.instance.members.get(h.id)!);
  }
  if (auto.size === 0) return undefined;
  const taken = new Set(plan.layers.filter((l) => !auto.has(l.id)).map((l) => l.name));
  const counters = new Map<string, number>();
  const next = (prefix: string) => {
    let k = counters.get(prefix) ?? 0;
    let name = k === 0 ? prefix : `${prefix}_${k}`;
    while (taken.has(name)) name = `${prefix}_${++k}`;
    counters.set(prefix, k + 1);
    return name;
  };
  const prefixes = new Set<string>();
  for (const u of units) {
    if (u.type !== 'call') continue;
    for (const h of u.call.helper.layers) {
      if (h.name) continue;
      prefixes.add(h.namePrefix);
      if (next(h.namePrefix) !== plan.byId.get(u.call.instance.members.get(h.id)!)!.name) return false;
    }
  }
  const pattern = (name: string) => [...prefixes].some((p) => name === p || new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_\\d+$`).test(name));
  return { taken: [...taken].filter(pattern).sort() };
}
