/**
 * Values written as source code: TypeScript literals (`[7, 7]`, `'same'`, `{ a: 1 }`) and Python
 * literals (`(7, 7)`, `'same'`, `None`, `True`). Only data that came through a layer's zod schema
 * reaches here: numbers, strings, booleans, null, arrays and plain objects.
 */

/** A string in single quotes, escaped so it is the same string in TypeScript and Python. */
export function quote(s: string): string {
  let out = "'";
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\' || ch === "'") out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

function numberText(n: number, language: 'ts' | 'py'): string {
  if (Number.isNaN(n)) return language === 'ts' ? 'NaN' : "float('nan')";
  if (!Number.isFinite(n)) return language === 'ts' ? (n > 0 ? 'Infinity' : '-Infinity') : n > 0 ? "float('inf')" : "float('-inf')";
  // String(-0) is '0'; TypeScript keeps the sign as written (Python's int -0 is 0 anyway).
  if (Object.is(n, -0)) return language === 'ts' ? '-0' : '0';
  return String(n);
}

const TS_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A TypeScript literal: `[[3, 3], [3, 3]]`, `'relu'`, `{ alpha: 0.3 }`. */
export function tsLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return numberText(value, 'ts');
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tsLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${TS_KEY.test(k) ? k : quote(k)}: ${tsLiteral(v)}`).join(', ')} }`;
  }
  throw new Error(`cannot write ${typeof value} as a TypeScript literal`);
}

/** A Python literal: arrays become tuples (`(7, 7)`, `(10,)`), as Keras writes shapes and sizes. */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'number') return numberText(value, 'py');
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return value.length === 1 ? `(${pyLiteral(value[0])},)` : `(${value.map(pyLiteral).join(', ')})`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${quote(k)}: ${pyLiteral(v)}`).join(', ')}}`;
  }
  throw new Error(`cannot write ${typeof value} as a Python literal`);
}

/** A Python list literal (for metrics and other lists that Keras wants as lists). */
export function pyList(values: readonly unknown[]): string {
  return `[${values.map(pyLiteral).join(', ')}]`;
}

/** Free text (a title, a parameter description) made safe inside a `/** ... *\/` comment. */
export function tsCommentText(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/[\r\n]+/g, ' ');
}

/** Free text made safe inside a Python docstring: no closing quotes, no backslash escapes. */
export function pyDocText(text: string): string {
  return text.replace(/\\/g, '/').replace(/"/g, "'").replace(/[\r\n]+/g, ' ');
}
