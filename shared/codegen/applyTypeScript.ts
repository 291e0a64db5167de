/**
 * applyTypeScript: edits made to the TypeScript that emitTypeScript wrote flow back into the
 * graph. The code is parsed with the TypeScript compiler API, buildModel()'s statements are read
 * into layers, block helper calls and the returned model, and matched against what the current
 * graph generates; whatever cannot be mapped to a graph gives markers on its span, and no project.
 */
import * as ts from 'typescript';
import { analyzeGraph, type Analysis } from '../graph/analyze.ts';
import { validateProject } from '../graph/load.ts';
import type { Project } from '../graph/schema.ts';
import type { TemplateLibrary } from '../templates/expand.ts';
import { CUSTOM_LAYER_SOURCES, customClassesTs } from './customLayerSources.ts';
import { inlinePlan, planGroups } from './groupsPlan.ts';
import { sameValue } from './layerSpecs.ts';
import { planModel, sanitizeModelName } from './plan.ts';
import { writeTypeScript } from './typescript.ts';
import { IdentifierScope } from './identifiers.ts';
import { namedUnits } from './variables.ts';
import { pruneGroups, workingCopy, type Working } from './applyBlocks.ts';
import { applyStatements, type Reference } from './applyStatements.ts';
import { readBuildModel } from './tsRead.ts';
import { parseModule, tokenText, type MarkerSink, type Marker } from './tsSource.ts';

export type { Marker } from './tsSource.ts';

export interface ApplyOptions {
  /** The block template library the code was generated with (helper calls need it). */
  blocks?: TemplateLibrary;
}

/** What applying the code changed, by Keras layer name. */
export interface ApplyChanges {
  added: string[];
  removed: string[];
  changed: string[];
  renamed: Array<[string, string]>;
}

export type ApplyResult = { ok: true; project: Project; changes: ApplyChanges } | { ok: false; markers: Marker[] };

/** Functions of the module that do not build the graph (training, loading saved weights). */
const NOT_GRAPH = new Set(['train', 'loadTrainedModel']);

/** The generated module for the current graph, and how its statements map to nodes. */
function referenceOf(project: Project, blocks: TemplateLibrary | undefined): { ref: Reference; code?: string } {
  let plan;
  try {
    plan = planModel(project);
  } catch {
    return { ref: errorGraphReference(project) };
  }
  const groups = blocks ? planGroups(plan.project, plan, blocks) : inlinePlan(plan);
  const ref: Reference = {
    units: namedUnits(plan, groups, 'ts'),
    helpers: new Map(groups.helpers.map((h) => [h.tsName, h])),
    names: new Map(plan.layers.map((l) => [l.id, l.name])),
    modelName: plan.modelName,
    analysis: plan.analysis,
  };
  return { ref, code: writeTypeScript(plan, groups) };
}

/**
 * A graph with errors has no generated code; code applied to it (the last code that built)
 * is matched to its nodes by layer name, each node a unit of its own.
 */
function errorGraphReference(project: Project): Reference {
  const analysis = analyzeGraph(project);
  const names = new Map(project.nodes.map((n) => [n.id, analysis.nodes.get(n.id)?.name ?? n.name ?? n.id]));
  const scope = new IdentifierScope('ts');
  const units = project.nodes.map((n) => ({ unit: { type: 'layer' as const, id: n.id }, variable: scope.take(names.get(n.id)!), nodeIds: [n.id], outputId: n.id }));
  return { units, helpers: new Map(), names, modelName: sanitizeModelName(project.name), analysis };
}

function declaredName(s: ts.Statement): string | undefined {
  if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) return s.name.text;
  if (ts.isVariableStatement(s) && s.declarationList.declarations.length === 1) {
    const n = s.declarationList.declarations[0]!.name;
    return ts.isIdentifier(n) ? n.text : undefined;
  }
  return undefined;
}

/** Name -> token text of the module-level declarations the generator may write ('' holds unnamed statements). */
function generatedDeclarations(referenceCode: string | undefined): { named: Map<string, string>; unnamed: Set<string> } {
  const named = new Map<string, string>();
  const unnamed = new Set<string>();
  for (const text of [customClassesTs(Object.keys(CUSTOM_LAYER_SOURCES)).join('\n'), referenceCode ?? '']) {
    const sf = ts.createSourceFile('generated.ts', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    for (const s of sf.statements) {
      const name = declaredName(s);
      if (name !== undefined) named.set(name, tokenText(s, sf));
      else unnamed.add(tokenText(s, sf));
    }
  }
  return { named, unnamed };
}

/** Every module-level statement but buildModel() must be one the generator writes, unedited. */
function checkModule(source: ts.SourceFile, sink: MarkerSink, ref: Reference, referenceCode: string | undefined): Set<string> {
  const { named: pool, unnamed } = generatedDeclarations(referenceCode);
  const classes = new Set<string>();
  for (const s of source.statements) {
    const name = declaredName(s);
    if (ts.isImportDeclaration(s)) {
      if (tokenText(s, source) !== "import * as tf from '@tensorflow/tfjs' ;") sink.at(s, "the module imports only `import * as tf from '@tensorflow/tfjs'`; other imports cannot be part of the graph");
    } else if (ts.isExportAssignment(s)) {
      if (tokenText(s, source) !== 'export default buildModel ;') sink.at(s, 'the default export is `buildModel`');
    } else if (name === 'buildModel' && ts.isFunctionDeclaration(s)) {
      // Read statement by statement.
    } else if (name !== undefined && NOT_GRAPH.has(name) && ts.isFunctionDeclaration(s)) {
      // Training code: it does not change the graph.
    } else if (name === 'EXPLICIT_NAMES' && ts.isVariableStatement(s)) {
      // The names Keras' automatic names skip: derived from the graph, rewritten on export.
    } else if (name !== undefined && pool.has(name)) {
      if (ts.isClassDeclaration(s)) classes.add(name);
      if (tokenText(s, source) === pool.get(name)) continue;
      const helper = ref.helpers.get(name);
      sink.at(
        ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) ? (s.name ?? s) : s,
        helper
          ? `${name}() is written from block template ${helper.blockId}, so its body cannot be edited here: the graph's block instances follow the template. Change the arguments of its calls, or edit the template`
          : `${name} is generated by Netwright and must stay as written: the graph has no place for changes to it`,
      );
    } else if (name === undefined && unnamed.has(tokenText(s, source))) {
      // e.g. tf.serialization.registerClass(LocalResponseNormalization) after its class.
    } else {
      sink.at(s, 'this statement cannot be mapped to the graph: the module holds only buildModel(), the block helpers, custom layer classes and training code that Netwright writes');
    }
  }
  return classes;
}

/** Analysis names, parameters and inputs by node id, to report what changed. */
function describeNodes(project: Project, a: Analysis) {
  return new Map(
    project.nodes.map((n) => {
      const x = a.nodes.get(n.id);
      return [n.id, { name: x?.name ?? n.name ?? n.id, kind: n.kind, params: x?.params ?? n.params, inputs: x?.inputIds ?? [], trainable: n.trainable !== false }];
    }),
  );
}

function diff(before: Project, beforeAnalysis: Analysis, after: Project, afterAnalysis: Analysis): ApplyChanges {
  const a = describeNodes(before, beforeAnalysis);
  const b = describeNodes(after, afterAnalysis);
  const changes: ApplyChanges = { added: [], removed: [], changed: [], renamed: [] };
  for (const [id, x] of a) if (!b.has(id)) changes.removed.push(x.name);
  for (const [id, y] of b) {
    const x = a.get(id);
    if (!x) {
      changes.added.push(y.name);
      continue;
    }
    if (x.name !== y.name) changes.renamed.push([x.name, y.name]);
    if (x.kind !== y.kind || !sameValue(x.params, y.params) || !sameValue(x.inputs, y.inputs) || x.trainable !== y.trainable) changes.changed.push(y.name);
  }
  return changes;
}

/**
 * Sets an explicit name on every inline layer whose automatic name no longer matches the code's
 * (deleting conv2d_1 would rename conv2d_2 otherwise). Returns the project and its analysis.
 */
function pinNames(w: Working, codeNames: Map<string, string>): { project: Project; analysis: Analysis } {
  let project = toProject(w);
  let analysis = analyzeGraph(project);
  for (let round = 0; round < 8; round++) {
    const wrong = [...codeNames].filter(([id, name]) => analysis.nodes.get(id)?.name !== name);
    if (wrong.length === 0) break;
    for (const [id, name] of wrong) w.nodes.set(id, { ...w.nodes.get(id)!, name });
    project = toProject(w);
    analysis = analyzeGraph(project);
  }
  return { project, analysis };
}

function toProject(w: Working): Project {
  return { ...w.project, nodes: [...w.nodes.values()], edges: [...w.edges.values()], groups: [...w.groups.values()] };
}

/**
 * Applies edited TypeScript to `project`: the result is the graph the code describes, with
 * node ids, positions, groups and other fields of the nodes that remain kept; or markers
 * (1-based spans) saying what in the code cannot be mapped to a graph. `options.blocks` must be
 * the library the code was generated with.
 */
export function applyTypeScript(project: Project, code: string, options: ApplyOptions = {}): ApplyResult {
  const checked = validateProject(project);
  if (!checked.ok) {
    return { ok: false, markers: [{ line: 1, column: 1, endLine: 1, endColumn: 1, message: `the current graph is not a valid project (${checked.error.path}: ${checked.error.message}), so code cannot be applied to it` }] };
  }
  const base = checked.project;
  const { source, sink } = parseModule(code);
  if (sink.markers.length > 0) return { ok: false, markers: sink.markers };
  const { ref, code: referenceCode } = referenceOf(base, options.blocks);
  const classes = checkModule(source, sink, ref, referenceCode);
  const read = readBuildModel(source, sink, new Set(ref.helpers.keys()));
  if (!read || sink.markers.length > 0) return { ok: false, markers: sink.markers };

  const w = workingCopy(base);
  const applied = applyStatements(w, read.statements, ref, options.blocks, sink, classes);
  if (sink.markers.length > 0) return { ok: false, markers: sink.markers };
  pruneGroups(w);
  const returned = read.returned!;
  if (returned.name !== ref.modelName) {
    if (sanitizeModelName(returned.name) !== returned.name) {
      sink.at(returned.nameNode, `the model name '${returned.name}' is not one Keras accepts: letters, digits, _ . - / and a letter or _ first`);
      return { ok: false, markers: sink.markers };
    }
    w.project = { ...w.project, name: returned.name };
  }
  const pinned = pinNames(w, applied.codeNames);
  const result = validateProject(pinned.project);
  if (!result.ok) {
    sink.at(read.fn.name ?? read.fn, `the code gives an invalid project (${result.error.path}: ${result.error.message})`);
    return { ok: false, markers: sink.markers };
  }
  // The project was already in normal form, so the analysis of it stands for the validated copy.
  const analysis = pinned.analysis;
  // The graph must still build: an error (a kernel larger than its input, unequal Add inputs)
  // is marked on the statement that causes it instead of reaching the graph.
  for (const d of analysis.diagnostics) {
    if (d.severity !== 'error' || d.code === 'UPSTREAM_ERROR') continue;
    const at = d.nodeId === undefined ? undefined : applied.statementOf.get(d.nodeId);
    sink.at(at ?? read.fn.name ?? read.fn, `the graph would have an error: ${d.message}`);
  }
  if (sink.markers.length > 0) return { ok: false, markers: sink.markers };
  for (const [key, refs, want] of [['inputs', returned.inputs, analysis.inputs], ['outputs', returned.outputs, analysis.outputs]] as const) {
    const got = refs.map((r) => applied.nodeOf.get(r.variable));
    if (sameValue(got, want)) continue;
    const varOf = new Map([...applied.nodeOf].map(([v, id]) => [id, v]));
    const expected = want.map((id) => varOf.get(id) ?? id).join(', ');
    const why = key === 'inputs' ? "the graph's inputs are its Input layers" : "the graph's outputs are the layers no other layer reads";
    const message = `tf.model ${key} must be [${expected}]: ${why}, in graph order`;
    if (refs.length === 0) sink.at(returned.node, message);
    else sink.span(refs[0]!.node.getStart(source), refs[refs.length - 1]!.node.getEnd(), message);
  }
  if (sink.markers.length > 0) return { ok: false, markers: sink.markers };
  return { ok: true, project: result.project, changes: diff(base, ref.analysis, result.project, analysis) };
}
