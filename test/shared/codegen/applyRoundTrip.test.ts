/**
 * The round-trip law of applyTypeScript: for any valid graph, the code emitTypeScript writes
 * (inline, and with block helpers) applied back to the graph gives the same graph and no changes.
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

  for (const { id, project } of templateProjects(library)) {
    it(`gives back template ${id}, inline and with block helpers`, () => {
      expectRoundTrip(project, undefined);
      expectRoundTrip(project, library);
    });
  }
});
