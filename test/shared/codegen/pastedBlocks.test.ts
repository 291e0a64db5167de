/**
 * A network inserted from the palette arrives through pasteFragment (new group and node ids):
 * its block instances must still be recognised, so the code panel and `netwright export` of the
 * saved project write helper-function calls, not every layer inline.
 */
import { describe, expect, it } from 'vitest';
import { emitTypeScript } from '../../../shared/codegen/typescript.ts';
import { pasteFragment } from '../../../shared/edits/fragment.ts';
import { emptyProject } from '../../../shared/graph/schema.ts';
import { expandTemplate } from '../../../shared/templates/expand.ts';
import { templateLibrary } from './templateProjects.ts';

describe('block instances survive a paste', () => {
  const library = templateLibrary();
  const expanded = expandTemplate(library.get('resnet50')!, {}, library);
  if (!expanded.ok) throw new Error(expanded.message);
  const template = expanded.project;

  it('keeps <group>/<node> ids under the new group ids', () => {
    const { project } = pasteFragment(emptyProject(), { netwright: 'netwright/fragment', version: 1, nodes: template.nodes, edges: template.edges, groups: template.groups }, { at: { x: 0, y: 0 } });
    const blockGroups = project.groups.filter((g) => g.block !== undefined);
    expect(blockGroups.length).toBe(template.groups.filter((g) => g.block !== undefined).length);
    expect(blockGroups.length).toBeGreaterThanOrEqual(16);
    let members = 0;
    for (const g of blockGroups) {
      for (const n of project.nodes.filter((m) => m.group === g.id)) {
        expect(n.id.startsWith(`${g.id}/`)).toBe(true);
        members++;
      }
    }
    expect(members).toBeGreaterThan(150);
  });

  it('writes the same helper calls as the template itself', () => {
    const { project } = pasteFragment(emptyProject(), { netwright: 'netwright/fragment', version: 1, nodes: template.nodes, edges: template.edges, groups: template.groups }, { at: { x: 0, y: 0 } });
    const pasted = emitTypeScript({ ...project, name: template.name }, { blocks: library });
    expect(pasted).toContain("identityBlock(res2aConvBlock, 2, 'b', 3, [64, 64, 256])");
    expect(pasted).toBe(emitTypeScript(template, { blocks: library }));
  });

  it('pasting twice keeps both copies recognisable', () => {
    const fragment = { netwright: 'netwright/fragment' as const, version: 1 as const, nodes: template.nodes, edges: template.edges, groups: template.groups };
    const once = pasteFragment(emptyProject(), fragment, { at: { x: 0, y: 0 } }).project;
    const twice = pasteFragment(once, fragment, { at: { x: 0, y: 4000 } }).project;
    const ids = new Set(twice.nodes.map((n) => n.id));
    expect(ids.size).toBe(twice.nodes.length);
    for (const g of twice.groups.filter((x) => x.block !== undefined)) for (const n of twice.nodes.filter((m) => m.group === g.id)) expect(n.id.startsWith(`${g.id}/`)).toBe(true);
  });
});
