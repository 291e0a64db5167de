/**
 * The code <-> node map for the code panel: which lines of buildModel() / build_model() build
 * which graph nodes. A layer statement maps to its node, a block helper call to every node of
 * its block instance. Statements are matched by the variable the generator gives each unit,
 * then by the Keras layer name they set, so the map survives edits to the code.
 */
import * as ts from 'typescript';
import { analyzeGraph } from '../graph/analyze.ts';
import { validateProject } from '../graph/load.ts';
import type { ProjectInput } from '../graph/schema.ts';
import type { TemplateLibrary } from '../templates/expand.ts';
import { inlinePlan, planGroups } from './groupsPlan.ts';
import { callArgs } from './helpersEmit.ts';
import { planModel, type Plan } from './plan.ts';
import { namedUnits, type NamedUnit } from './variables.ts';

/** One statement: its 1-based first and last line and the nodes it builds. */
export interface CodeMapEntry {
  line: number;
  endLine: number;
  nodeIds: string[];
}

export interface CodeMapOptions {
  /** The block library the code was generated with (helper calls map to their instances). */
  blocks?: TemplateLibrary;
}

type Finder = (variable: string, layerName: string | undefined, text: string) => NamedUnit | undefined;

/** `identityBlock(x, 2, 'b')` -> `identityBlock(2,'b')`: a helper call's name and values without tensors and spaces. */
function callKey(text: string, tensors: ReadonlyMap<string, number>): string | undefined {
  // Without comments (the Python shape comment has parentheses of its own).
  const code = text.replace(/\s(#|\/\/).*$/gm, '');
  const m = /=\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(([\s\S]*)\)/.exec(code);
  const count = m ? tensors.get(m[1]!) : undefined;
  if (!m || count === undefined) return undefined;
  let args = m[2]!;
  for (let i = 0; i < count; i++) args = args.replace(/^\s*[A-Za-z_][A-Za-z0-9_]*\s*,?/, '');
  return `${m[1]}(${args.replace(/\s+/g, '')})`;
}

/** Finds the unit of a statement: by variable, else by the layer name it sets, else (helper calls) by helper and values. */
function unitFinder(project: ProjectInput, language: 'ts' | 'py', blocks: TemplateLibrary | undefined): Finder | undefined {
  let plan: Plan;
  try {
    plan = planModel(project);
  } catch {
    // A graph with errors has no generated code: the panel's code (the last that built) maps by layer name.
    const parsed = validateProject(project);
    if (!parsed.ok) return undefined;
    const analysis = analyzeGraph(parsed.project);
    const byName = new Map(parsed.project.nodes.map((n) => [analysis.nodes.get(n.id)?.name ?? n.name ?? n.id, n.id]));
    return (_variable, layerName) => {
      const id = layerName === undefined ? undefined : byName.get(layerName);
      return id === undefined ? undefined : { unit: { type: 'layer', id }, variable: _variable, nodeIds: [id], outputId: id };
    };
  }
  const groups = blocks ? planGroups(plan.project, plan, blocks) : inlinePlan(plan);
  const units = namedUnits(plan, groups, language);
  const byVariable = new Map(units.map((u) => [u.variable, u]));
  const byName = new Map(units.filter((u) => u.unit.type === 'layer').map((u) => [plan.byId.get(u.outputId)!.name, u]));
  const helperName = (h: (typeof groups.helpers)[number]) => (language === 'ts' ? h.tsName : h.pyName);
  const tensors = new Map(groups.helpers.map((h) => [helperName(h), h.tensorParams.length]));
  const byCall = new Map<string, NamedUnit>();
  for (const u of units) if (u.unit.type === 'call') byCall.set(`${helperName(u.unit.call.helper)}(${callArgs(u.unit.call, language).join(',').replace(/\s+/g, '')})`, u);
  return (variable, layerName, text) => {
    const key = byVariable.has(variable) || layerName !== undefined ? undefined : callKey(text, tensors);
    return byVariable.get(variable) ?? (layerName === undefined ? undefined : byName.get(layerName)) ?? (key === undefined ? undefined : byCall.get(key));
  };
}

/** The map for TypeScript from emitTypeScript (possibly edited since). */
export function mapTypeScript(project: ProjectInput, code: string, options: CodeMapOptions = {}): CodeMapEntry[] {
  const find = unitFinder(project, 'ts', options.blocks);
  if (!find) return [];
  const source = ts.createSourceFile('model.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const fn = source.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === 'buildModel');
  const out: CodeMapEntry[] = [];
  for (const stmt of fn?.body?.statements ?? []) {
    if (!ts.isVariableStatement(stmt) || stmt.declarationList.declarations.length !== 1) continue;
    const decl = stmt.declarationList.declarations[0]!;
    if (!ts.isIdentifier(decl.name)) continue;
    const text = stmt.getText(source);
    const unit = find(decl.name.text, /\bname:\s*(['"])((?:\\.|(?!\1).)*)\1/.exec(text)?.[2], text);
    if (!unit) continue;
    const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
    out.push({ line: line(stmt.getStart(source)), endLine: line(stmt.getEnd()), nodeIds: [...unit.nodeIds] });
  }
  return out;
}

const PY_STATEMENT = /^ {4}([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/;

/**
 * The map for Python from emitKeras. A line-based reading of our own layout: build_model()'s
 * statements start at four spaces of indent; deeper lines continue the statement above.
 */
export function mapKeras(project: ProjectInput, code: string, options: CodeMapOptions = {}): CodeMapEntry[] {
  const find = unitFinder(project, 'py', options.blocks);
  if (!find) return [];
  const lines = code.split(/\r?\n/);
  const start = lines.findIndex((l) => /^def build_model\s*\(/.test(l));
  if (start < 0) return [];
  const out: CodeMapEntry[] = [];
  let current: { entry: CodeMapEntry; text: string; variable: string } | undefined;
  const flush = () => {
    if (!current) return;
    const unit = find(current.variable, /\bname\s*=\s*(['"])((?:\\.|(?!\1).)*)\1/.exec(current.text)?.[2], current.text);
    if (unit) out.push({ ...current.entry, nodeIds: [...unit.nodeIds] });
    current = undefined;
  };
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === '') continue;
    if (!l.startsWith(' ')) break; // the next top-level definition
    if (/^ {5,}/.test(l) && current) {
      current.entry.endLine = i + 1;
      current.text += `\n${l}`;
      continue;
    }
    flush();
    const m = PY_STATEMENT.exec(l);
    if (m) current = { entry: { line: i + 1, endLine: i + 1, nodeIds: [] }, text: l, variable: m[1]! };
  }
  flush();
  return out;
}
