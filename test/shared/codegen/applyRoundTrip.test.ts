/**
 * The laws of applyTypeScript: for any valid graph, the code emitTypeScript writes (inline, and
 * with block helpers) applied back gives the same graph and no changes; an edited helper call
 * gives a graph that writes that call again; and no edit, however broken, throws or returns an
 * invalid project.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTypeScript } from '../../../shared/codegen/applyTypeScript.ts';
import { emitTypeScript } from '../../../shared/codegen/typescript.ts';
import { validateProject } from '../../../shared/graph/load.ts';
import type { Project } from '../../../shared/graph/schema.ts';
import { validGraph } from './graphArbitrary.ts';
import { templateLibrary, templateProjects } from './templateProjects.ts';

const library = templateLibrary();
const NO_CHANGES = { added: [], removed: [], changed: [], renamed: [] };

function normalized(project: Project): Project {
  const v = validateProject(project);
  if (!v.ok) throw new Error(`${v.error.path}: ${v.error.message}`);
  return v.project;
}

function expectRoundTrip(project: Project, blocks: typeof library | undefined): void {
  const code = emitTypeScript(project, { blocks });
  const result = applyTypeScript(project, code, { blocks });
  if (!result.ok) throw new Error(`markers: ${JSON.stringify(result.markers)}\n${code}`);
  expect(result.project).toEqual(normalized(project));
  expect(result.changes).toEqual(NO_CHANGES);
}

describe('applyTypeScript round trip', () => {
  it('gives back every generated graph, inline and with block helpers', () => {
    fc.assert(
      fc.property(validGraph, (project) => {
        expectRoundTrip(project, undefined);
        expectRoundTrip(project, library);
      }),
      { numRuns: 150 },
    );
  });

  it('gives back a generated graph after a changed parameter, through a second export', () => {
    fc.assert(
      fc.property(validGraph, fc.integer({ min: 1, max: 9 }), (project, units) => {
        const dense = project.nodes.find((n) => n.kind === 'Dense');
        fc.pre(dense !== undefined);
        const code = emitTypeScript(project).replace(/(tf\.layers\.dense\(\{ name: '[^']*', units: )\d+/, `$1${units}`);
        const result = applyTypeScript(project, code);
        if (!result.ok) throw new Error(JSON.stringify(result.markers));
        expect(result.project.nodes.find((n) => n.id === dense!.id)!.params.units).toBe(units);
        // The graph the code gave writes the code it came from (the shape and count comments aside).
        const statements = (text: string) => text.split('\n').filter((l) => l.startsWith('  const ')).map((l) => l.replace(/ \/\/ .*$/, ''));
        expect(statements(emitTypeScript(result.project))).toEqual(statements(code));
      }),
      { numRuns: 60 },
    );
  });

  const templates = new Map(templateProjects(library).map((t) => [t.id, t.project]));
  it("re-expands a helper call with changed numbers: the new graph writes that call again", () => {
    fc.assert(
      fc.property(fc.constantFrom('resnet50', 'googlenet'), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 40 }), (id, callPick, numberPick, value) => {
        const project = templates.get(id)!;
        const code = emitTypeScript(project, { blocks: library });
        const calls = [...code.matchAll(/^ {2}const \w+ = (\w+)\((\w+), (.*)\); \/\/.*$/gm)];
        const call = calls[callPick % calls.length]!;
        // Replace one number among the call's values (stage numbers, kernel sizes, filters).
        const numbers = [...call[3]!.matchAll(/\b\d+\b/g)];
        const n = numbers[numberPick % numbers.length]!;
        const args = call[3]!.slice(0, n.index) + String(value) + call[3]!.slice(n.index + n[0].length);
        const edited = `  const ${call[0].split(' ')[3]} = ${call[1]}(${call[2]}, ${args});`;
        const result = applyTypeScript(project, code.replace(call[0], edited), { blocks: library });
        if (!result.ok) {
          // Values the graph cannot take (channels that no longer add up): marked on the call or
          // on the later statement whose layer the change breaks, never above the edit.
          const line = code.slice(0, call.index).split('\n').length;
          expect(result.markers.length).toBeGreaterThan(0);
          for (const m of result.markers) expect(m.line).toBeGreaterThanOrEqual(line);
          return;
        }
        const again = emitTypeScript(result.project, { blocks: library });
        expect(again).toContain(`${call[1]}(${call[2]}, ${args});`);
        const second = applyTypeScript(result.project, again, { blocks: library });
        expect(second.ok && second.changes).toEqual(NO_CHANGES);
      }),
      { numRuns: 40 },
    );
  });

  it('never throws on broken code, and any project it returns is valid', () => {

    const pieces = ['', ' ', 'x', '[', ']', '(', ')', '{', '}', ',', "'", '0', '-1', 'null', 'true', 'conv1', 'filters: 3', '.apply(x)', 'tf.layers.dense', 'const', ';', '\n', '`', '${', 'undefined', '1e400', 'NaN', "'same'", '[1, 1]'];
    const mutation = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(6), fc.constantFrom(...pieces));
    fc.assert(
      fc.property(fc.constantFrom('resnet50', 'googlenet', 'alexnet', 'inception_module', 'residual_deep'), fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (id, helpers, mutations) => {
        const project = templates.get(id)!;
        const blocks = helpers ? library : undefined;
        let code = emitTypeScript(project, { blocks });
        const start = code.indexOf('export function buildModel');
        for (const [at, cut, insert] of mutations) {
          const i = start + Math.floor(at * (code.length - start));
          code = code.slice(0, i) + insert + code.slice(i + cut);
        }
        const result = applyTypeScript(project, code, { blocks });
        if (result.ok) expect(validateProject(result.project).ok).toBe(true);
        else for (const m of result.markers) expect(m.line >= 1 && m.column >= 1 && m.endLine >= m.line && m.message.length > 10).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('settles after one apply: statement-level edits that give a graph give one that writes itself back', () => {
    const edit = fc.oneof(
      fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('rewire' as const), at: fc.nat(), to: fc.nat() }),
      fc.record({ op: fc.constant('number' as const), at: fc.nat(), value: fc.integer({ min: 1, max: 9 }) }),
    );
    fc.assert(
      fc.property(fc.constantFrom('resnet50', 'googlenet', 'lenet5', 'happy_model', 'residual_deep', 'inception_module'), fc.boolean(), fc.array(edit, { minLength: 1, maxLength: 3 }), (id, helpers, edits) => {
        const project = templates.get(id)!;
        const blocks = helpers ? library : undefined;
        const lines = emitTypeScript(project, { blocks }).split('\n');
        const first = lines.findIndex((l) => l.startsWith('export function buildModel'));
        const body = lines.flatMap((l, i) => (i > first && l.startsWith('  const ') ? [i] : []));
        const ret = lines.findIndex((l) => l.startsWith('  return tf.model('));
        const variable = (i: number) => /const (\w+)/.exec(lines[i]!)?.[1];
        // Later statements (and the return) read `to` where they read `from`.
        const redirect = (after: number, from: string, to: string) => {
          for (let k = after + 1; k <= ret; k++) lines[k] = lines[k]!.replace(new RegExp(`(?<![\\w'.])${from}(?![\\w'])`, 'g'), to);
        };
        for (const e of edits) {
          const i = body[e.at % body.length]!;
          const v = variable(i);
          const input = /\.apply\((\w+)\)/.exec(lines[i]!)?.[1] ?? /^ {2}const \w+ = \w+\((\w+),/.exec(lines[i]!)?.[1];
          if (!v) continue;
          if (e.op === 'delete' && input) {
            lines[i] = '';
            redirect(i, v, input);
          } else if (e.op === 'duplicate' && input) {
            const copy = lines[i]!.replace(/const (\w+)/, 'const $1Copy').replace(/name: '([^']*)'/, "name: '$1_copy'").replace(/\.apply\(\w+\)/, `.apply(${v})`);
            if (copy.includes('autoName')) continue;
            redirect(i, v, `${v}Copy`);
            lines[i] = `${lines[i]}\n${copy}`;
          } else if (e.op === 'rewire') {
            const to = variable(body[e.to % body.length]!);
            if (to) lines[i] = lines[i]!.replace(/\.apply\((\w+)\)/, `.apply(${to})`);
          } else if (e.op === 'number') lines[i] = lines[i]!.replace(/\b(filters|units|rate): [0-9.]+/, (_m, k: string) => `${k}: ${k === 'rate' ? e.value / 10 : e.value}`);
        }
        const result = applyTypeScript(project, lines.join('\n'), { blocks });
        if (!result.ok) return;
        expect(validateProject(result.project).ok).toBe(true);
        const again = applyTypeScript(result.project, emitTypeScript(result.project, { blocks }), { blocks });
        if (!again.ok) throw new Error(JSON.stringify(again.markers));
        expect(again.project).toEqual(result.project);
        expect(again.changes).toEqual(NO_CHANGES);
      }),
      { numRuns: 120 },
    );
  });

  for (const { id, project } of templateProjects(library)) {
    it(`gives back template ${id}, inline and with block helpers`, () => {
      expectRoundTrip(project, undefined);
      expectRoundTrip(project, library);
    });
  }
});
