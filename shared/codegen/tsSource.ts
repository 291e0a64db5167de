/**
 * The TypeScript source as the code panel sees it: parsing with the compiler API (syntax errors
 * as markers), markers on 1-based spans, token text that ignores layout and comments, and
 * literal values (the only expressions a graph can store).
 */
import * as ts from 'typescript';

/** A problem in the code, on a 1-based span, saying what cannot be mapped to a graph and why. */
export interface Marker {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** Collects markers against one source file. */
export class MarkerSink {
  readonly markers: Marker[] = [];
  constructor(readonly source: ts.SourceFile) {}

  /** A marker on `node`'s text (without leading trivia). */
  at(node: ts.Node, message: string): void {
    this.span(node.getStart(this.source), node.getEnd(), message);
  }

  span(start: number, end: number, message: string): void {
    const a = this.source.getLineAndCharacterOfPosition(start);
    const b = this.source.getLineAndCharacterOfPosition(end);
    this.markers.push({ line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1, message });
  }
}

/** Parses `code`; syntax errors become markers. */
export function parseModule(code: string): { source: ts.SourceFile; sink: MarkerSink } {
  const source = ts.createSourceFile('model.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const sink = new MarkerSink(source);
  // The parser's diagnostics are on the source file at run time, though not in its public type.
  const diagnostics = (source as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  for (const d of diagnostics) {
    sink.span(d.start, d.start + Math.max(d.length, 1), `syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  }
  return { source, sink };
}

/** The code as its tokens without whitespace and comments: two texts that differ only in layout compare equal. */
export function tokenText(node: ts.Node, source: ts.SourceFile): string {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, source.text.slice(node.getStart(source), node.getEnd()));
  const tokens: string[] = [];
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) tokens.push(scanner.getTokenText());
  return tokens.join(' ');
}

/** What an expression is, for messages: `a function call`, `the variable \`x\``. */
export function describeKind(node: ts.Node): string {
  if (ts.isCallExpression(node)) return 'a function call';
  if (ts.isIdentifier(node)) return `the variable \`${node.text}\``;
  if (ts.isBinaryExpression(node)) return 'an expression';
  if (ts.isPropertyAccessExpression(node)) return 'a property access';
  return 'an expression';
}

/**
 * The value of a literal (numbers, strings, booleans, null, NaN, Infinity, arrays, plain
 * objects); anything computed gets a marker, since the graph stores values, not code.
 */
export function literalValue(node: ts.Expression, sink: MarkerSink, what: string): { ok: true; value: unknown } | { ok: false } {
  const fail = (n: ts.Node) => {
    sink.at(n, `${what} must be a literal value (a number, string, boolean, array or object); ${describeKind(n)} cannot be stored in the graph`);
    return { ok: false as const };
  };
  const read = (n: ts.Expression): { ok: true; value: unknown } | { ok: false } => {
    if (ts.isParenthesizedExpression(n)) return read(n.expression);
    if (ts.isNumericLiteral(n)) return { ok: true, value: Number(n.text) };
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return { ok: true, value: n.text };
    if (n.kind === ts.SyntaxKind.TrueKeyword) return { ok: true, value: true };
    if (n.kind === ts.SyntaxKind.FalseKeyword) return { ok: true, value: false };
    if (n.kind === ts.SyntaxKind.NullKeyword) return { ok: true, value: null };
    if (ts.isIdentifier(n) && n.text === 'NaN') return { ok: true, value: Number.NaN };
    if (ts.isIdentifier(n) && n.text === 'Infinity') return { ok: true, value: Number.POSITIVE_INFINITY };
    if (ts.isPrefixUnaryExpression(n) && (n.operator === ts.SyntaxKind.MinusToken || n.operator === ts.SyntaxKind.PlusToken)) {
      const inner = read(n.operand);
      if (!inner.ok) return inner;
      if (typeof inner.value !== 'number') return fail(n);
      return { ok: true, value: n.operator === ts.SyntaxKind.MinusToken ? -inner.value : inner.value };
    }
    if (ts.isArrayLiteralExpression(n)) {
      const out: unknown[] = [];
      for (const e of n.elements) {
        if (ts.isSpreadElement(e) || ts.isOmittedExpression(e)) return fail(e);
        const v = read(e);
        if (!v.ok) return v;
        out.push(v.value);
      }
      return { ok: true, value: out };
    }
    if (ts.isObjectLiteralExpression(n)) {
      const out: Record<string, unknown> = {};
      for (const p of n.properties) {
        const key = ts.isPropertyAssignment(p) ? propertyKey(p.name) : undefined;
        if (!ts.isPropertyAssignment(p) || key === undefined) return fail(p);
        const v = read(p.initializer);
        if (!v.ok) return v;
        out[key] = v.value;
      }
      return { ok: true, value: out };
    }
    return fail(n);
  };
  return read(node);
}

/** The text of a property name written as an identifier or a string; undefined when computed. */
export function propertyKey(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}
