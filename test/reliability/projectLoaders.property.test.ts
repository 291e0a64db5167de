// Property tests of the loaders that read project-shaped files: parseProject (project files) and
// the template reader and expander (shared/templates). Whatever the text, the answer is a value:
// a project, or an error with a path and a message. Never a throw, never a polluted prototype.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProject, serializeProject } from '../../shared/graph/load.ts';
import { expandTemplate } from '../../shared/templates/expand.ts';
import { readTemplate, type TemplateFile } from '../../shared/templates/format.ts';
import { hostileJson, jsonWithProtoKeys, mutateAt, noPollution } from './helpers/arbitraries.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TEMPLATE_FILES = readdirSync(join(ROOT, 'templates')).filter((f) => f.endsWith('.json')).sort();
const library = new Map<string, TemplateFile>();
for (const f of TEMPLATE_FILES) {
  const read = readTemplate(f.slice(0, -5), readFileSync(join(ROOT, 'templates', f), 'utf8'));
  if (read.ok) library.set(read.template.id, read.template);
}
const happyExpanded = (() => {
  const r = expandTemplate(library.get('happy_model')!, {}, library);
  if (!r.ok) throw new Error(r.message);
  return r.project;
})();

afterEach(noPollution);

/** A load answer is either a project or an error with a string path and a non-empty message. */
function expectLoadAnswer(result: ReturnType<typeof parseProject>): void {
  if (result.ok) {
    expect(result.project.schemaVersion).toBe(1);
    // What loads also saves and loads again to the same thing.
    const again = parseProject(serializeProject(result.project));
    expect(again.ok && again.project).toEqual(result.project);
  } else {
    expect(typeof result.error.path).toBe('string');
    expect(result.error.message.length).toBeGreaterThan(0);
  }
}

describe('parseProject', () => {
  it('property: any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => expectLoadAnswer(parseProject(text))), { numRuns: 400 });
  });

  it('property: any JSON value, including hostile shapes', () => {
    fc.assert(fc.property(hostileJson, (value) => expectLoadAnswer(parseProject(JSON.stringify(value)))), { numRuns: 400 });
  });

  it('property: a real project with one value replaced or removed anywhere', () => {
    fc.assert(fc.property(mutateAt(happyExpanded), ({ value }) => expectLoadAnswer(parseProject(JSON.stringify(value)))), { numRuns: 400 });
  });

  it('property: __proto__ / constructor / prototype keys anywhere are refused with their path', () => {
    fc.assert(
      fc.property(jsonWithProtoKeys(happyExpanded), ({ text, key }) => {
        const result = parseProject(text);
        expect(result.ok).toBe(false);
        expect(!result.ok && result.error.message).toContain(`refusing key "${key}"`);
      }),
      { numRuns: 300 },
    );
  });

  it('truncated at every length, a real project file is refused, never half-loaded', () => {
    const text = serializeProject(happyExpanded);
    for (let cut = 0; cut < text.length - 2; cut += 7) {
      const result = parseProject(text.slice(0, cut));
      expect(result.ok, `cut at ${cut}`).toBe(false);
    }
  });
});

describe('templates', () => {
  it('property: readTemplate on any text or JSON answers a template or a message', () => {
    const text = fc.oneof(fc.string({ maxLength: 300 }), hostileJson.map((v) => JSON.stringify(v)), mutateAt(JSON.parse(readFileSync(join(ROOT, 'templates', 'happy_model.json'), 'utf8'))).map(({ value }) => JSON.stringify(value)));
    fc.assert(
      fc.property(fc.oneof(fc.constant('happy_model'), fc.string({ maxLength: 20 })), text, (id, t) => {
        const r = readTemplate(id, t);
        if (!r.ok) expect(r.message.length).toBeGreaterThan(0);
        else expect(r.template.id).toBe(id);
      }),
      { numRuns: 400 },
    );
  });

  it('property: every template expanded with random parameter values answers a valid project or a message', () => {
    const templates = [...library.values()];
    expect(templates.length).toBe(TEMPLATE_FILES.length);
    const arb = fc.constantFrom(...templates).chain((t) => {
      const names = Object.keys((t.meta as { params?: Record<string, unknown> }).params ?? {});
      const key = names.length ? fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })) : fc.string({ maxLength: 8 });
      const value = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.array(fc.integer({ min: -2, max: 300 }), { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }));
      return fc.tuple(fc.constant(t), fc.dictionary(key, value, { maxKeys: 3 }));
    });
    fc.assert(
      fc.property(arb, ([template, params]) => {
        const r = expandTemplate(template, params, library);
        if (r.ok) expectLoadAnswer(parseProject(serializeProject(r.project)));
        else expect(r.message).toMatch(new RegExp(template.id));
      }),
      { numRuns: 150 },
    );
  });
});
