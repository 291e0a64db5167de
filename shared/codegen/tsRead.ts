/**
 * Reading the TypeScript dialect emitTypeScript writes, back into data: buildModel()'s statements
 * (inputs, layers, block helper calls, the returned model) with literal values and the source
 * span of every part, so whatever cannot be read becomes a marker on the exact text.
 */
import * as ts from 'typescript';
import { describeKind, literalValue, propertyKey, tokenText, type MarkerSink } from './tsSource.ts';

/** A tensor argument: the variable named and where. */
export interface TensorRef {
  variable: string;
  node: ts.Node;
}

/** One config entry of a layer: its value and the property it came from. */
export interface ConfigEntry {
  value: unknown;
  node: ts.Node;
}

/** One statement of buildModel(): an Input, a layer applied to earlier tensors, or a block helper call. */
export type BuildStatement =
  | { type: 'input'; variable: string; node: ts.Statement; name: string; nameNode: ts.Node; shape: unknown; shapeNode: ts.Node }
  | {
      type: 'layer';
      variable: string;
      node: ts.Statement;
      /** The tf.layers factory, or the class of `new Class(...)`. */
      factory: string;
      custom: boolean;
      ctorNode: ts.Node;
      name: string;
      nameNode: ts.Node;
      trainable: boolean;
      config: Map<string, ConfigEntry>;
      inputs: TensorRef[];
    }
  | { type: 'call'; variable: string; node: ts.Statement; helper: string; calleeNode: ts.Node; args: ts.Expression[] };

/** `return tf.model({ inputs, outputs, name })`, read. */
export interface ReturnedModel {
  node: ts.Statement;
  inputs: TensorRef[];
  outputs: TensorRef[];
  name: string;
  nameNode: ts.Node;
}

/** buildModel() read: its statements in order and what it returns. */
export interface ReadBuild {
  statements: BuildStatement[];
  returned?: ReturnedModel;
  /** The buildModel declaration. */
  fn: ts.FunctionDeclaration;
}

/** `x` or `[a, b]`: the tensors a layer is applied to. */
function tensorList(node: ts.Expression, sink: MarkerSink, what: string): TensorRef[] | undefined {
  const one = (n: ts.Expression): TensorRef | undefined => {
    if (ts.isIdentifier(n)) return { variable: n.text, node: n };
    sink.at(n, `${what} must be variables of buildModel() (the tensors of earlier statements); ${describeKind(n)} cannot be a graph edge`);
    return undefined;
  };
  if (ts.isArrayLiteralExpression(node)) {
    const refs = node.elements.map((e) => one(e));
    return refs.every((r) => r !== undefined) ? (refs as TensorRef[]) : undefined;
  }
  const r = one(node);
  return r ? [r] : undefined;
}

/** `{ name: 'x', ... }` as entries, or a marker when it is not an object literal of literals. */
function objectArg(call: ts.CallExpression | ts.NewExpression, sink: MarkerSink, what: string): Map<string, ConfigEntry> | undefined {
  const args = call.arguments ?? ts.factory.createNodeArray();
  if (args.length !== 1 || !ts.isObjectLiteralExpression(args[0]!)) {
    sink.at(args.length > 0 ? args[0]! : call, `${what} takes one object literal of settings, e.g. { name: 'conv1', filters: 64 }`);
    return undefined;
  }
  const entries = new Map<string, ConfigEntry>();
  let ok = true;
  for (const p of args[0].properties) {
    const key = ts.isPropertyAssignment(p) ? propertyKey(p.name) : undefined;
    if (!ts.isPropertyAssignment(p) || key === undefined) {
      sink.at(p, `${what}: each setting is written \`key: value\` with a literal value; this one cannot be read into the graph`);
      ok = false;
      continue;
    }
    if (entries.has(key)) {
      sink.at(p, `${what}: \`${key}\` is given twice`);
      ok = false;
      continue;
    }
    const v = literalValue(p.initializer, sink, `${what}: \`${key}\``);
    if (!v.ok) ok = false;
    else entries.set(key, { value: v.value, node: p });
  }
  return ok ? entries : undefined;
}

function isTfMember(e: ts.Expression, path: string[]): boolean {
  let cur: ts.Expression = e;
  for (let i = path.length - 1; i > 0; i--) {
    if (!ts.isPropertyAccessExpression(cur) || cur.name.text !== path[i]) return false;
    cur = cur.expression;
  }
  return ts.isIdentifier(cur) && cur.text === path[0];
}

/** Strips `as tf.SymbolicTensor` (and parentheses) from an initializer. */
function unwrap(e: ts.Expression): ts.Expression {
  let cur = e;
  while (ts.isAsExpression(cur) || ts.isParenthesizedExpression(cur) || ts.isNonNullExpression(cur)) cur = cur.expression;
  return cur;
}

function stringEntry(entries: Map<string, ConfigEntry>, key: string, at: ts.Node, sink: MarkerSink, what: string): { value: string; node: ts.Node } | undefined {
  const e = entries.get(key);
  if (!e) {
    sink.at(at, `${what} needs \`${key}: '...'\`: every layer of the graph has a Keras name`);
    return undefined;
  }
  if (typeof e.value !== 'string') {
    sink.at(e.node, `${what}: \`${key}\` must be a string`);
    return undefined;
  }
  return { value: e.value, node: e.node };
}

/** One `const v = ...;` of buildModel(). `helpers` are the block helper functions the module defines. */
function readDeclaration(stmt: ts.VariableStatement, sink: MarkerSink, helpers: ReadonlySet<string>): BuildStatement | undefined {
  const list = stmt.declarationList;
  if (!(list.flags & ts.NodeFlags.Const) || list.declarations.length !== 1) {
    sink.at(stmt, 'each statement of buildModel() declares one layer: `const v = tf.layers.<kind>({...}).apply(x) as tf.SymbolicTensor;`');
    return undefined;
  }
  const decl = list.declarations[0]!;
  if (!ts.isIdentifier(decl.name) || !decl.initializer) {
    sink.at(decl, 'a layer statement assigns one variable: `const v = ...`');
    return undefined;
  }
  const variable = decl.name.text;
  const init = unwrap(decl.initializer);
  if (ts.isCallExpression(init) && isTfMember(init.expression, ['tf', 'input'])) {
    const entries = objectArg(init, sink, 'tf.input');
    if (!entries) return undefined;
    for (const [k, e] of entries) if (k !== 'shape' && k !== 'name') sink.at(e.node, `tf.input: \`${k}\` is not part of a graph Input (it has a shape and a name)`);
    const name = stringEntry(entries, 'name', init, sink, 'tf.input');
    const shape = entries.get('shape');
    if (!shape) sink.at(init, 'tf.input needs `shape: [height, width, channels]`');
    if (!name || !shape || [...entries.keys()].some((k) => k !== 'shape' && k !== 'name')) return undefined;
    return { type: 'input', variable, node: stmt, name: name.value, nameNode: name.node, shape: shape.value, shapeNode: shape.node };
  }
  if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && init.expression.name.text === 'apply') {
    const ctor = unwrap(init.expression.expression);
    let factory: string | undefined;
    let custom = false;
    let ctorNode: ts.Node = ctor;
    if (ts.isCallExpression(ctor) && ts.isPropertyAccessExpression(ctor.expression) && isTfMember(ctor.expression.expression, ['tf', 'layers'])) {
      factory = ctor.expression.name.text;
      ctorNode = ctor.expression;
    } else if (ts.isNewExpression(ctor) && ts.isIdentifier(ctor.expression)) {
      factory = ctor.expression.text;
      custom = true;
      ctorNode = ctor.expression;
    }
    if (!factory || (!ts.isCallExpression(ctor) && !ts.isNewExpression(ctor))) {
      sink.at(ctor, 'a layer is made by `tf.layers.<kind>({...})` or `new <CustomLayer>({...})` before `.apply(...)`');
      return undefined;
    }
    const what = custom ? `new ${factory}` : `tf.layers.${factory}`;
    const entries = objectArg(ctor, sink, what);
    if (init.arguments.length !== 1) {
      sink.at(init, '`.apply(...)` takes one tensor or one array of tensors');
      return undefined;
    }
    const inputs = tensorList(init.arguments[0]!, sink, 'the inputs of `.apply(...)`');
    if (!entries || !inputs) return undefined;
    const name = stringEntry(entries, 'name', ctor, sink, what);
    if (!name) return undefined;
    const trainable = entries.get('trainable');
    if (trainable && typeof trainable.value !== 'boolean') {
      sink.at(trainable.node, `${what}: \`trainable\` must be true or false`);
      return undefined;
    }
    const config = new Map([...entries].filter(([k]) => k !== 'name' && k !== 'trainable'));
    return { type: 'layer', variable, node: stmt, factory, custom, ctorNode, name: name.value, nameNode: name.node, trainable: trainable?.value !== false, config, inputs };
  }
  if (ts.isCallExpression(init) && ts.isIdentifier(init.expression)) {
    const helper = init.expression.text;
    if (!helpers.has(helper)) {
      sink.at(init.expression, `\`${helper}\` is not a block helper function of this module, so the call cannot be mapped to a block of the graph`);
      return undefined;
    }
    return { type: 'call', variable, node: stmt, helper, calleeNode: init.expression, args: [...init.arguments] };
  }
  sink.at(decl.initializer, 'this value is not a layer: the graph can only hold `tf.input(...)`, `tf.layers.<kind>({...}).apply(...)`, `new <CustomLayer>({...}).apply(...)` or a block helper call');
  return undefined;
}

/** `return tf.model({ inputs, outputs, name })`. */
function readReturn(stmt: ts.ReturnStatement, sink: MarkerSink): ReturnedModel | undefined {
  const e = stmt.expression ? unwrap(stmt.expression) : undefined;
  if (!e || !ts.isCallExpression(e) || !isTfMember(e.expression, ['tf', 'model']) || e.arguments.length !== 1 || !ts.isObjectLiteralExpression(e.arguments[0]!)) {
    sink.at(stmt, "buildModel() ends with `return tf.model({ inputs: ..., outputs: ..., name: '...' })`");
    return undefined;
  }
  const props = new Map<string, ts.PropertyAssignment>();
  for (const p of e.arguments[0].properties) {
    const key = ts.isPropertyAssignment(p) ? propertyKey(p.name) : undefined;
    if (!ts.isPropertyAssignment(p) || key === undefined || !['inputs', 'outputs', 'name'].includes(key)) {
      sink.at(p, 'tf.model takes `inputs`, `outputs` and `name` here; other settings are not part of the graph');
      return undefined;
    }
    props.set(key, p);
  }
  const missing = ['inputs', 'outputs', 'name'].find((k) => !props.has(k));
  if (missing) {
    sink.at(e, `tf.model needs \`${missing}\``);
    return undefined;
  }
  const inputs = tensorList(props.get('inputs')!.initializer, sink, 'the model inputs');
  const outputs = tensorList(props.get('outputs')!.initializer, sink, 'the model outputs');
  const name = literalValue(props.get('name')!.initializer, sink, 'the model name');
  if (!inputs || !outputs || !name.ok) return undefined;
  if (typeof name.value !== 'string') {
    sink.at(props.get('name')!.initializer, 'the model name must be a string');
    return undefined;
  }
  return { node: stmt, inputs, outputs, name: name.value, nameNode: props.get('name')!.initializer };
}

/** Reads buildModel()'s body; markers for every statement that is not one the graph can hold. */
export function readBuildModel(source: ts.SourceFile, sink: MarkerSink, helpers: ReadonlySet<string>): ReadBuild | undefined {
  const fn = source.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === 'buildModel');
  if (!fn?.body) {
    const firstLineEnd = source.text.indexOf('\n');
    sink.span(0, firstLineEnd < 0 ? source.text.length : firstLineEnd, 'the module has no `function buildModel()`: the graph is read from its statements');
    return undefined;
  }
  const statements: BuildStatement[] = [];
  let returned: ReturnedModel | undefined;
  for (const stmt of fn.body.statements) {
    if (returned) {
      sink.at(stmt, 'a statement after `return` never runs, so it is not part of the model');
      continue;
    }
    if (ts.isVariableStatement(stmt)) {
      const s = readDeclaration(stmt, sink, helpers);
      if (s) statements.push(s);
    } else if (ts.isReturnStatement(stmt)) {
      returned = readReturn(stmt, sink);
      if (!returned) return undefined;
    } else if (ts.isExpressionStatement(stmt) && tokenText(stmt, source) === 'autoNameCounts . clear ( ) ;') {
      // Resets the automatic namer of the block helpers: not a layer.
    } else {
      sink.at(stmt, 'this statement cannot be mapped to the graph: buildModel() holds only layer statements (`const v = ...`) and the final `return tf.model(...)`');
    }
  }
  if (!returned && sink.markers.length === 0) sink.at(fn.name ?? fn, 'buildModel() must end with `return tf.model({ inputs, outputs, name })`');
  return { statements, returned, fn };
}
