/**
 * The text of block helper functions and of the automatic namer they share, in TypeScript and
 * Python. The functions take the block's input tensors and parameters and return its output.
 */
import { pythonCustomClass } from './customLayerSources.ts';
import { IdentifierScope } from './identifiers.ts';
import { isKerasOnlyDefault, kerasArgName, kerasClassName, kerasRequiredArgs, kerasValue } from './layerSpecs.ts';
import { pyDocText, pyLiteral, quote, tsCommentText, tsLiteral } from './literals.ts';
import { exprToPy, exprToTs } from './templateExpr.ts';
import type { GroupCall, GroupHelper, GroupPlan } from './groupsPlan.ts';

/** The TypeScript type of a parameter, from its default: `number`, `string`, `[number, number, number]`. */
function tsType(example: unknown): string {
  if (Array.isArray(example)) return `[${example.map(tsType).join(', ')}]`;
  if (typeof example === 'number' || typeof example === 'string' || typeof example === 'boolean') return typeof example;
  return 'unknown';
}

interface Names {
  tensors: string[];
  params: Map<string, string>;
  locals: Map<string, string>;
}

function helperNames(h: GroupHelper, language: 'ts' | 'py'): Names {
  const scope = new IdentifierScope(language, language === 'ts' ? ['autoName'] : ['auto_name']);
  const tensors = h.tensorParams.map((t) => scope.take(t));
  const params = new Map(h.params.map((p) => [p, scope.take(p)]));
  const locals = new Map(h.layers.map((l) => [l.id, scope.take(l.id)]));
  h.tensorParams.forEach((t, i) => locals.set(t, tensors[i]!));
  return { tensors, params, locals };
}

/** The TypeScript helper function of a block. */
export function tsHelper(h: GroupHelper): string[] {
  const n = helperNames(h, 'ts');
  const signature = [
    ...n.tensors.map((t) => `${t}: tf.SymbolicTensor`),
    ...h.params.map((p) => `${n.params.get(p)}: ${tsType(h.defaults[p])}`),
  ].join(', ');
  const out = ['/**', ` * ${tsCommentText(h.title)} (block template ${h.blockId}); returns the block's output tensor.`];
  for (const p of h.params) if (h.docs.get(p)) out.push(` * @param ${n.params.get(p)} ${tsCommentText(h.docs.get(p)!)}`);
  out.push(' */', `function ${h.tsName}(${signature}): tf.SymbolicTensor {`);
  for (const l of h.layers) {
    const name = l.name ? exprToTs(l.name, n.params) : `autoName(${quote(l.namePrefix)})`;
    const entries = [`name: ${name}`, ...l.config.map(([k, e]) => `${k}: ${exprToTs(e, n.params)}`)];
    const ctor = l.custom ? `new ${l.custom}` : `tf.layers.${l.factory}`;
    const ins = l.inputs.map((i) => n.locals.get(i)!);
    const arg = ins.length === 1 ? ins[0]! : `[${ins.join(', ')}]`;
    out.push(`  const ${n.locals.get(l.id)} = ${ctor}({ ${entries.join(', ')} }).apply(${arg}) as tf.SymbolicTensor;`);
  }
  out.push(`  return ${n.locals.get(h.output)};`, '}');
  return out;
}

/** The Python helper function of a block. */
export function pyHelper(h: GroupHelper): string[] {
  const n = helperNames(h, 'py');
  const out = [`def ${h.pyName}(${[...n.tensors, ...h.params.map((p) => n.params.get(p)!)].join(', ')}):`];
  out.push(`    """${pyDocText(h.title)} (block template ${h.blockId}); returns the block's output tensor.`);
  const documented = h.params.filter((p) => h.docs.get(p));
  if (documented.length > 0) {
    out.push('', '    Args:');
    for (const p of documented) out.push(`        ${n.params.get(p)}: ${pyDocText(h.docs.get(p)!)}`);
  }
  out.push('    """');
  for (const l of h.layers) {
    const args: string[] = [];
    for (const [k, e] of l.config) {
      if (e.type === 'lit' && isKerasOnlyDefault(k, e.value)) continue;
      args.push(`${kerasArgName(k)}=${exprToPy(e, n.params, (v) => kerasValue(k, v))}`);
    }
    for (const [k, v] of kerasRequiredArgs(l.factory)) if (!l.config.some(([c]) => c === k)) args.push(`${kerasArgName(k)}=${pyLiteral(kerasValue(k, v))}`);
    args.push(`name=${l.name ? exprToPy(l.name, n.params) : `auto_name(${quote(l.namePrefix)})`}`);
    const cls = pythonCustomClass(l.factory) ?? `layers.${kerasClassName({ factory: l.factory, config: {} })}`;
    const ins = l.inputs.map((i) => n.locals.get(i)!);
    const arg = ins.length === 1 ? ins[0]! : `[${ins.join(', ')}]`;
    out.push(`    ${n.locals.get(l.id)} = ${cls}(${args.join(', ')})(${arg})`);
  }
  out.push(`    return ${n.locals.get(h.output)}`);
  return out;
}

/** The values a call passes after the tensors, as TypeScript or Python literals. */
export function callArgs(call: GroupCall, language: 'ts' | 'py'): string[] {
  return call.helper.params.map((p) => (language === 'ts' ? tsLiteral(call.instance.values[p]) : pyLiteral(call.instance.values[p])));
}

/** Module-level automatic namer (TypeScript), reset by buildModel(). */
export function tsAutoNamer(plan: GroupPlan): string[] {
  if (!plan.autoNames) return [];
  return [
    "/** Layer names the model sets itself; Keras' automatic names skip them. */",
    `const EXPLICIT_NAMES = new Set<string>(${tsLiteral(plan.autoNames.taken)});`,
    'const autoNameCounts = new Map<string, number>();',
    '',
    "/** Keras' automatic layer name for `prefix`: activation, activation_1, ... in creation order. */",
    'function autoName(prefix: string): string {',
    '  let k = autoNameCounts.get(prefix) ?? 0;',
    '  let name = k === 0 ? prefix : `${prefix}_${k}`;',
    '  while (EXPLICIT_NAMES.has(name)) name = `${prefix}_${++k}`;',
    '  autoNameCounts.set(prefix, k + 1);',
    '  return name;',
    '}',
    '',
  ];
}

/** Module-level automatic namer (Python), reset by build_model(). */
export function pyAutoNamer(plan: GroupPlan): string[] {
  if (!plan.autoNames) return [];
  const taken = plan.autoNames.taken;
  return [
    "# Layer names the model sets itself; Keras' automatic names skip them.",
    `_EXPLICIT_NAMES = ${taken.length ? `{${taken.map(quote).join(', ')}}` : 'set()'}`,
    '_auto_name_counts = {}',
    '',
    '',
    'def auto_name(prefix):',
    '    """Keras\' automatic layer name for prefix: activation, activation_1, ... in creation order."""',
    '    k = _auto_name_counts.get(prefix, 0)',
    "    name = prefix if k == 0 else f'{prefix}_{k}'",
    '    while name in _EXPLICIT_NAMES:',
    '        k += 1',
    "        name = f'{prefix}_{k}'",
    '    _auto_name_counts[prefix] = k + 1',
    '    return name',
    '',
    '',
  ];
}
