/**
 * buildModel()'s statements onto the graph. Each statement is matched to what the current graph
 * generates - by variable name first, then by Keras layer name - so a matched node keeps its id,
 * position, group and other fields and takes the statement's kind, parameters, name and inputs;
 * unmatched statements become new nodes (or new block instances), unmatched nodes are removed.
 */
import * as ts from 'typescript';
import type { Analysis } from '../graph/analyze.ts';
import { getLayer } from '../layers/index.ts';
import { LAYER_SPACING } from '../edits/graph.ts';
import { LAYER_NAME, type GraphNode } from '../graph/schema.ts';
import type { TemplateLibrary } from '../templates/expand.ts';
import type { GroupCall, GroupHelper } from './groupsPlan.ts';
import type { NamedUnit } from './variables.ts';
import { readLayer } from './layerFromCode.ts';
import { sameValue } from './layerSpecs.ts';
import { blockGroupName, freshWorkingId, incoming, instantiateBlock, removeNode, setInputs, type Working } from './applyBlocks.ts';
import type { BuildStatement, TensorRef } from './tsRead.ts';
import { literalValue, tokenText, type MarkerSink } from './tsSource.ts';
import { callArgs } from './helpersEmit.ts';

/**
 * What the current graph generates: the written units with their variables, the block helpers,
 * each node's Keras name and the model name. For a graph with errors (no code can be generated
 * from it) every node is a unit of its own, matched by layer name.
 */
export interface Reference {
  units: NamedUnit[];
  helpers: Map<string, GroupHelper>;
  /** Node id -> Keras name (explicit or automatic). */
  names: Map<string, string>;
  modelName: string;
  /** The current graph's analysis (what changed is reported against it). */
  analysis: Analysis;
}

/** The outcome for the caller: which node each variable holds and the code's name of each inline layer. */
export interface Applied {
  nodeOf: Map<string, string>;
  /** Node id -> the Keras name the code gives it (inline statements only). */
  codeNames: Map<string, string>;
  /** Node id -> the statement that builds it (a helper call for every node of its instance). */
  statementOf: Map<string, ts.Statement>;
}

/** A helper call's values as written: `2, 'b', 3, [64, 64, 256]` (layout ignored). */
function valuesText(args: readonly ts.Expression[], source: ts.SourceFile): string {
  return args.map((a) => tokenText(a, source)).join(' , ');
}

/** The values the generator writes for a call, in the same token form. */
function callValuesText(call: GroupCall): string {
  const text = callArgs(call, 'ts').join(', ');
  const sf = ts.createSourceFile('args.ts', `f(${text});`, ts.ScriptTarget.ES2022, true);
  const expr = (sf.statements[0] as ts.ExpressionStatement).expression as ts.CallExpression;
  return valuesText(expr.arguments, sf);
}

/** Pairs statements with reference units: by variable, then by layer name (helper calls: by helper and values). */
function matchUnits(statements: BuildStatement[], ref: Reference): Map<BuildStatement, NamedUnit> {
  const matched = new Map<BuildStatement, NamedUnit>();
  const claimed = new Set<NamedUnit>();
  const byVariable = new Map(ref.units.map((u) => [u.variable, u]));
  for (const s of statements) {
    const u = byVariable.get(s.variable);
    if (!u || claimed.has(u)) continue;
    const fits = s.type === 'call' ? u.unit.type === 'call' && u.unit.call.helper.tsName === s.helper : u.unit.type === 'layer';
    if (fits) {
      matched.set(s, u);
      claimed.add(u);
    }
  }
  // A call whose variable was renamed: the unclaimed instance of the same helper with the same values.
  for (const s of statements) {
    if (matched.has(s) || s.type !== 'call') continue;
    const source = s.node.getSourceFile();
    const valueCount = ref.helpers.get(s.helper)?.params.length ?? 0;
    const written = valuesText(s.args.slice(Math.max(0, s.args.length - valueCount)), source);
    const u = ref.units.find((r) => !claimed.has(r) && r.unit.type === 'call' && r.unit.call.helper.tsName === s.helper && callValuesText(r.unit.call) === written);
    if (u) {
      matched.set(s, u);
      claimed.add(u);
    }
  }
  const byName = new Map(ref.units.filter((u) => u.unit.type === 'layer').map((u) => [ref.names.get(u.outputId)!, u]));
  for (const s of statements) {
    if (matched.has(s) || s.type === 'call') continue;
    const u = byName.get(s.name);
    if (u && !claimed.has(u)) {
      matched.set(s, u);
      claimed.add(u);
    }
  }
  return matched;
}

/** Applies every statement to `w`; markers go to `sink`. */
export function applyStatements(w: Working, statements: BuildStatement[], ref: Reference, library: TemplateLibrary | undefined, sink: MarkerSink, declaredClasses: ReadonlySet<string>): Applied {
  const matched = matchUnits(statements, ref);
  const nodeOf = new Map<string, string>();
  const definedAt = new Map<string, BuildStatement>();
  for (const s of statements) {
    if (definedAt.has(s.variable)) sink.at(s.node, `\`${s.variable}\` is declared twice in buildModel(); each layer statement needs its own variable`);
    else definedAt.set(s.variable, s);
  }
  const names = new Map<string, ts.Node>();
  const codeNames = new Map<string, string>();
  const statementOf = new Map<string, ts.Statement>();
  const claimName = (name: string, at: ts.Node) => {
    const first = names.get(name);
    if (first) {
      const line = sink.source.getLineAndCharacterOfPosition(first.getStart(sink.source)).line + 1;
      sink.at(at, `the layer name '${name}' is used twice (also on line ${line}); Keras layer names must be unique in a model`);
    } else names.set(name, at);
  };
  // Units of the graph no statement claims any more: their nodes go.
  const kept = new Set(matched.values());
  for (const u of ref.units) if (!kept.has(u)) for (const id of u.nodeIds) removeNode(w, id);

  // Statements that already have a marker: later uses of their variable say nothing more.
  const failed = new Set<string>();
  const resolve = (refs: TensorRef[]): string[] | undefined => {
    const ids: string[] = [];
    for (const r of refs) {
      const id = nodeOf.get(r.variable);
      if (id !== undefined) {
        ids.push(id);
        continue;
      }
      if (failed.has(r.variable)) return undefined;
      const later = definedAt.get(r.variable);
      if (later) {
        const line = sink.source.getLineAndCharacterOfPosition(later.node.getStart(sink.source)).line + 1;
        sink.at(r.node, `\`${r.variable}\` is used before it is defined (on line ${line}); a layer can only take the output of an earlier statement`);
      } else if (!definedAt.has(r.variable)) sink.at(r.node, `\`${r.variable}\` is not defined in buildModel()`);
      return undefined;
    }
    return ids;
  };
  const newPosition = (inputs: string[]) => {
    const p = inputs.length > 0 ? w.nodes.get(inputs[0]!)?.position : undefined;
    if (p) return { x: p.x, y: p.y + LAYER_SPACING };
    const xs = [...w.nodes.values()].map((n) => n.position.x);
    return { x: xs.length > 0 ? Math.min(...xs) - 2 * LAYER_SPACING : 0, y: 0 };
  };

  for (const s of statements) {
    if (definedAt.get(s.variable) !== s) continue;
    const before = sink.markers.length;
    applyOne(s);
    if (!nodeOf.has(s.variable) || sink.markers.length > before) failed.add(s.variable);
  }
  return { nodeOf, codeNames, statementOf };

  function applyOne(s: BuildStatement): void {
    const unit = matched.get(s);
    if (s.type === 'call') {
      const made = applyCall(w, s, unit?.unit.type === 'call' ? unit.unit.call : undefined, ref, library, sink, resolve, claimName);
      if (made === undefined) return;
      nodeOf.set(s.variable, made.output);
      for (const id of made.members) statementOf.set(id, s.node);
      return;
    }
    if (!LAYER_NAME.test(s.name)) {
      sink.at(s.nameNode, `'${s.name}' is not a Keras layer name: a letter or _, then letters, digits, _ . - /`);
      return;
    }
    claimName(s.name, s.nameNode);
    let kind: string;
    let params: Record<string, unknown>;
    let inputs: string[] = [];
    if (s.type === 'input') {
      const parsed = getLayer('Input')!.params.safeParse({ shape: s.shape });
      if (!parsed.success) {
        sink.at(s.shapeNode, `tf.input: the shape ${parsed.error.issues[0]!.message.toLowerCase()}; it is the sample shape without the batch, e.g. [64, 64, 3]`);
        return;
      }
      kind = 'Input';
      params = parsed.data as Record<string, unknown>;
    } else {
      if (s.custom && !declaredClasses.has(s.factory)) {
        sink.at(s.ctorNode, `class ${s.factory} is used but not defined in this module`);
        return;
      }
      const reading = readLayer({ factory: s.factory, custom: s.custom, name: s.name, config: Object.fromEntries([...s.config].map(([k, e]) => [k, e.value])) });
      if (!reading.ok) {
        sink.at(reading.key ? s.config.get(reading.key)!.node : s.ctorNode, reading.message);
        return;
      }
      kind = reading.kind;
      params = reading.params;
      const def = getLayer(kind)!;
      const ids = resolve(s.inputs);
      if (!ids) return;
      if (ids.length < def.inputs.min || ids.length > def.inputs.max) {
        const range = def.inputs.min === def.inputs.max ? `${def.inputs.min}` : `${def.inputs.min} to ${def.inputs.max}`;
        sink.at(s.inputs[0]?.node ?? s.node, `${kind} takes ${range} input(s); \`.apply(...)\` passes ${ids.length}`);
        return;
      }
      inputs = ids;
    }
    const refId = unit?.outputId;
    const old = refId !== undefined ? w.nodes.get(refId) : undefined;
    let node: GraphNode;
    if (old) {
      const def = getLayer(old.kind);
      const normalized = def && old.kind === kind ? def.params.safeParse(old.params) : undefined;
      let nextParams = old.params;
      if (old.kind !== kind) nextParams = params;
      else if (normalized?.success) {
        for (const [k, v] of Object.entries(params)) if (!sameValue((normalized.data as Record<string, unknown>)[k], v)) nextParams = { ...nextParams, [k]: v };
      } else nextParams = params;
      node = { ...old, kind, params: nextParams };
      if (s.name !== ref.names.get(refId!)) node.name = s.name;
    } else {
      node = { id: freshWorkingId(w, getLayer(kind)!.namePrefix), kind, name: s.name, params, position: newPosition(inputs) };
      // A new layer joins the plain group (a stage, the head) of the layer it follows; never a block instance.
      const group = inputs.length > 0 ? w.nodes.get(inputs[0]!)?.group : undefined;
      if (group !== undefined && w.groups.get(group) && w.groups.get(group)!.block === undefined) node.group = group;
    }
    if (s.type === 'layer' && !s.trainable) node.trainable = false;
    else if (node.trainable === false) delete node.trainable;
    w.nodes.set(node.id, node);
    codeNames.set(node.id, s.name);
    statementOf.set(node.id, s.node);
    nodeOf.set(s.variable, node.id);
    if (!sameValue(incoming(w, node.id).map((e) => e.source), inputs)) {
      const multi = getLayer(kind)!.inputs.max > 1;
      setInputs(w, node.id, inputs.map((source, i) => ({ source, port: multi ? `in${i}` : 'in' })));
    }
  }
}

/** One helper call: the matched instance re-expanded when its arguments changed, or a new instance. */
function applyCall(
  w: Working,
  s: Extract<BuildStatement, { type: 'call' }>,
  call: GroupCall | undefined,
  ref: Reference,
  library: TemplateLibrary | undefined,
  sink: MarkerSink,
  resolve: (refs: TensorRef[]) => string[] | undefined,
  claimName: (name: string, at: ts.Node) => void,
): { output: string; members: string[] } | undefined {
  const helper = ref.helpers.get(s.helper);
  const block = helper && library?.get(helper.blockId);
  if (!helper || !block) {
    sink.at(s.calleeNode, `\`${s.helper}\` is not a block helper of this graph`);
    return undefined;
  }
  const want = helper.tensorParams.length + helper.params.length;
  if (s.args.length !== want) {
    sink.at(s.node, `${s.helper} takes ${helper.tensorParams.length} tensor(s) and ${helper.params.length} value(s) (${helper.params.join(', ')}); the call passes ${s.args.length} argument(s)`);
    return undefined;
  }
  const tensorRefs: TensorRef[] = [];
  for (const a of s.args.slice(0, helper.tensorParams.length)) {
    if (!ts.isIdentifier(a)) {
      sink.at(a, `the first ${helper.tensorParams.length} argument(s) of ${s.helper} are tensors: variables of earlier statements`);
      return undefined;
    }
    tensorRefs.push({ variable: a.text, node: a });
  }
  const inputs = resolve(tensorRefs);
  const values: Record<string, unknown> = {};
  let ok = inputs !== undefined;
  helper.params.forEach((p, i) => {
    const v = literalValue(s.args[helper.tensorParams.length + i]!, sink, `${s.helper}: \`${p}\``);
    if (v.ok) values[p] = v.value;
    else ok = false;
  });
  if (!ok || !inputs) return undefined;
  if (call && sameValue(values, call.instance.values) && sameValue(inputs, call.inputs)) {
    for (const id of call.members) {
      const n = w.nodes.get(id);
      if (n?.name !== undefined) claimName(n.name, s.node);
    }
    return { output: call.output, members: call.members };
  }
  const groupId = call?.instance.groupId ?? freshWorkingId(w, 'block');
  const made = instantiateBlock(w, groupId, block, values, inputs, library!);
  if ('error' in made) {
    sink.at(s.node, `${s.helper}(...) cannot be expanded: ${made.error}`);
    return undefined;
  }
  const group = w.groups.get(groupId);
  const name = blockGroupName(block, values);
  if (!group) w.groups.set(groupId, { id: groupId, name, block: block.id });
  else {
    const next = { ...group };
    if (call && group.name === blockGroupName(block, call.instance.values)) next.name = name;
    if (next.params !== undefined) next.params = values;
    w.groups.set(groupId, next);
  }
  for (const id of made.members) {
    const n = w.nodes.get(id)!;
    if (n.name !== undefined) claimName(n.name, s.node);
  }
  return made;
}
