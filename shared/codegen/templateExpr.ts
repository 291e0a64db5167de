/**
 * Template values as code: a block template writes parameter references as `${f}`,
 * `${filters[0]}` or inside text (`res${stage}${block}_branch2a`). Parsed into a small
 * expression tree, they evaluate against an instance's values and print as TypeScript
 * (`filters[0]`, `` `res${stage}${block}_branch2a` ``) or Python (`filters[0]`, f'res{stage}{block}_branch2a').
 */
import { pyLiteral, tsLiteral } from './literals.ts';

export interface Ref {
  name: string;
  index?: number;
}

export type Expr =
  | { type: 'lit'; value: unknown }
  | { type: 'ref'; ref: Ref }
  | { type: 'array'; items: Expr[] }
  | { type: 'text'; parts: Array<string | Ref> };

const WHOLE = /^\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[\s*(\d+)\s*\])?\s*\}$/;
const INSIDE = /\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[\s*(\d+)\s*\])?\s*\}/g;

function ref(name: string, index: string | undefined): Ref {
  return index === undefined ? { name } : { name, index: Number(index) };
}

/** Parses a template value; objects holding references are not supported (undefined). */
export function parseExpr(value: unknown): Expr | undefined {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return { type: 'ref', ref: ref(whole[1]!, whole[2]) };
    if (!value.includes('${')) return { type: 'lit', value };
    const parts: Array<string | Ref> = [];
    let last = 0;
    for (const m of value.matchAll(INSIDE)) {
      if (m.index > last) parts.push(value.slice(last, m.index));
      parts.push(ref(m[1]!, m[2]));
      last = m.index + m[0].length;
    }
    if (last < value.length) parts.push(value.slice(last));
    // A `${` left that is not a reference: not a template expression we understand.
    if (parts.some((p) => typeof p === 'string' && p.includes('${'))) return undefined;
    return { type: 'text', parts };
  }
  if (Array.isArray(value)) {
    const items = value.map(parseExpr);
    if (items.some((i) => i === undefined)) return undefined;
    return items.every((i) => i!.type === 'lit') ? { type: 'lit', value } : { type: 'array', items: items as Expr[] };
  }
  if (value !== null && typeof value === 'object') return JSON.stringify(value).includes('${') ? undefined : { type: 'lit', value };
  return { type: 'lit', value };
}

/** The parameter names an expression uses. */
export function refsOf(e: Expr): string[] {
  switch (e.type) {
    case 'lit':
      return [];
    case 'ref':
      return [e.ref.name];
    case 'array':
      return e.items.flatMap(refsOf);
    case 'text':
      return e.parts.flatMap((p) => (typeof p === 'string' ? [] : [p.name]));
  }
}

function lookup(r: Ref, values: Record<string, unknown>): unknown {
  const v = values[r.name];
  return r.index === undefined ? v : Array.isArray(v) ? v[r.index] : undefined;
}

/** The value of `e` for one instance's parameter values. */
export function evaluate(e: Expr, values: Record<string, unknown>): unknown {
  switch (e.type) {
    case 'lit':
      return e.value;
    case 'ref':
      return lookup(e.ref, values);
    case 'array':
      return e.items.map((i) => evaluate(i, values));
    case 'text':
      return e.parts.map((p) => (typeof p === 'string' ? p : String(lookup(p, values)))).join('');
  }
}

function refText(r: Ref, ids: ReadonlyMap<string, string>): string {
  const id = ids.get(r.name) ?? r.name;
  return r.index === undefined ? id : `${id}[${r.index}]`;
}

/** TypeScript source of `e`; `ids` maps parameter names to the function's identifiers. */
export function exprToTs(e: Expr, ids: ReadonlyMap<string, string>): string {
  switch (e.type) {
    case 'lit':
      return tsLiteral(e.value);
    case 'ref':
      return refText(e.ref, ids);
    case 'array':
      return `[${e.items.map((i) => exprToTs(i, ids)).join(', ')}]`;
    case 'text':
      return `\`${e.parts.map((p) => (typeof p === 'string' ? p.replace(/[\\`]|\$\{/g, (c) => `\\${c}`) : `\${${refText(p, ids)}}`)).join('')}\``;
  }
}

/** Python source of `e`: lists as tuples (Keras' sizes and strides), text as an f-string. */
export function exprToPy(e: Expr, ids: ReadonlyMap<string, string>, mapLiteral: (v: unknown) => unknown = (v) => v): string {
  switch (e.type) {
    case 'lit':
      return pyLiteral(mapLiteral(e.value));
    case 'ref':
      return refText(e.ref, ids);
    case 'array':
      return e.items.length === 1 ? `(${exprToPy(e.items[0]!, ids, mapLiteral)},)` : `(${e.items.map((i) => exprToPy(i, ids, mapLiteral)).join(', ')})`;
    case 'text': {
      const body = e.parts
        .map((p) => (typeof p === 'string' ? pyLiteral(p).slice(1, -1).replace(/[{}]/g, (c) => c + c) : `{${refText(p, ids)}}`))
        .join('');
      return `f'${body}'`;
    }
  }
}
