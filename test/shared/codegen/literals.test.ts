import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdentifierScope } from '../../../shared/codegen/identifiers.ts';
import { pyLiteral, quote, tsLiteral } from '../../../shared/codegen/literals.ts';
import { evaluate, exprToPy, exprToTs, parseExpr, refsOf, type Expr } from '../../../shared/codegen/templateExpr.ts';

/** Evaluates Python expressions (one per line of the program's output) with python3 itself. */
function python(program: string): unknown[] {
  const r = spawnSync('python3', ['-c', program], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as unknown[];
}

const tricky = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', "'", '"', '\\', '`', '$', '{', '}', '\n', '\t', '\u2028', 'é', '😀', '\u0000', '#', '/', '*'), maxLength: 12 });

describe('literals and names in generated code mean the same in TypeScript and Python', () => {
  it('quote(s) is s in JavaScript and in Python', () => {
    const samples = fc.sample(tricky, 300);
    for (const s of samples) expect(new Function(`return ${quote(s)};`)()).toBe(s);
    const back = python(`import json\nprint(json.dumps([${samples.map(quote).join(', ')}]))`);
    expect(back).toEqual(samples);
  });

  it('tsLiteral and pyLiteral write the same values (lists as tuples in Python)', () => {
    const values = fc.sample(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 4 }), fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 2, maxLength: 2 }), { minLength: 2, maxLength: 2 })), 200);
    for (const v of values) expect(new Function(`return ${tsLiteral(v)};`)()).toEqual(v);
    const back = python(`import json\ndef plain(v):\n    return [plain(x) for x in v] if isinstance(v, (list, tuple)) else v\nprint(json.dumps([plain(x) for x in [${values.map(pyLiteral).join(', ')}]]))`);
    expect(back).toEqual(values.map((v) => (Object.is(v, -0) ? 0 : v)));
  });

  it('name templates (`res${stage}${block}_x`) evaluate to the same text in TypeScript, Python and the generator', () => {
    const template = fc.array(fc.oneof(tricky, fc.constantFrom('${stage}', '${block}', '${filters[1]}')), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
    const values = { stage: 12, block: "b'{x}`", filters: [64, 128] };
    // Tricky text next to a reference can spell another one ('$' + '{Z}'): keep the templates that
    // name only the parameters bound here (an unbound name is a ReferenceError, not a mismatch).
    const known = new Set(['stage', 'block', 'filters']);
    const cases = fc
      .sample(template, 200)
      .map((t) => parseExpr(t))
      .filter((e): e is Expr => e !== undefined && refsOf(e).every((r) => known.has(r)));
    const ids = new Map([['stage', 'stage'], ['block', 'block'], ['filters', 'filters']]);
    for (const e of cases) {
      const ts = new Function('stage', 'block', 'filters', `return ${exprToTs(e, ids)};`)(values.stage, values.block, values.filters);
      expect(ts).toBe(evaluate(e, values));
    }
    const back = python(`import json\nstage = 12\nblock = "b'{x}\`"\nfilters = (64, 128)\nprint(json.dumps([${cases.map((e) => exprToPy(e, ids)).join(', ')}]))`);
    expect(back).toEqual(cases.map((e) => evaluate(e, values)));
  });

  it('identifiers are valid, unique, and clear of reserved words in both languages', () => {
    const names = fc.sample(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('class', 'default', 'input', 'lambda', 'tf', 'layers', 'None', '1x1', '', '__', 'conv2d', 'conv2d')), 300);
    for (const language of ['ts', 'py'] as const) {
      const scope = new IdentifierScope(language);
      const ids = names.map((n) => scope.take(n));
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      if (language === 'ts') for (const id of ids) expect(() => new Function(`let ${id} = 1; return ${id};`)).not.toThrow();
      else {
        const ok = python(`import json, keyword, builtins\nids = ${JSON.stringify(ids)}\nprint(json.dumps([i for i in ids if keyword.iskeyword(i) or not i.isidentifier()]))`);
        expect(ok).toEqual([]);
      }
    }
  });
});
