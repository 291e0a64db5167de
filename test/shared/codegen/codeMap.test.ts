/**
 * The code <-> node map on ResNet-50: a layer statement's lines map to its node, a helper call's
 * line to every node of its block instance, in TypeScript and in Keras Python, also after edits.
 */
import { describe, expect, it } from 'vitest';
import { mapKeras, mapTypeScript, type CodeMapEntry } from '../../../shared/codegen/codeMap.ts';
import { emitKeras } from '../../../shared/codegen/keras.ts';
import { emitTypeScript } from '../../../shared/codegen/typescript.ts';
import { templateLibrary, templateProjects } from './templateProjects.ts';

const library = templateLibrary();
const cases = templateProjects(library);
const resnet = cases.find((t) => t.id === 'resnet50')!.project;
const groupNodes = (groupId: string) => resnet.nodes.filter((n) => n.group === groupId).map((n) => n.id).sort();

function lineOf(code: string, text: string): number {
  const i = code.split('\n').findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`no line contains ${text}`);
  return i + 1;
}

function at(map: CodeMapEntry[], line: number): string[] {
  const hits = map.filter((e) => e.line <= line && line <= e.endLine);
  expect(hits).toHaveLength(1);
  return [...hits[0]!.nodeIds].sort();
}

const dialects = [
  { language: 'TypeScript', emit: emitTypeScript, map: mapTypeScript, conv1: 'const conv1 = ', call: "const res2bIdentityBlock = identityBlock(res2aConvBlock, 2, 'b'", top: '  autoNameCounts.clear();\n', extra: "  const unused = 1;\n" },
  { language: 'Keras', emit: emitKeras, map: mapKeras, conv1: '    conv1 = layers.Conv2D(', call: "    res2b_identity_block = identity_block(res2a_conv_block, 2, 'b'", top: '    _auto_name_counts.clear()\n', extra: '    unused = 1\n' },
] as const;

for (const d of dialects) {
  describe(`${d.language} code map`, () => {
    const code = d.emit(resnet, { blocks: library });
    const map = d.map(resnet, code, { blocks: library });

    it("maps conv1's line to the conv1 node", () => {
      expect(at(map, lineOf(code, d.conv1))).toEqual(['conv1']);
    });

    it("maps a helper call's line to every node of its block instance", () => {
      const nodes = at(map, lineOf(code, d.call));
      expect(nodes).toEqual(groupNodes('res2_id/1'));
      expect(nodes).toHaveLength(10);
    });

    it('covers every node exactly once', () => {
      const all = map.flatMap((e) => e.nodeIds).sort();
      expect(all).toEqual(resnet.nodes.map((n) => n.id).sort());
    });

    it('follows the statements when lines are added above them', () => {
      const edited = code.replace(d.top, `${d.top}${d.extra}${d.extra.replace('unused', 'unused2')}`);
      expect(edited).not.toBe(code);
      const moved = d.map(resnet, edited, { blocks: library });
      expect(lineOf(edited, d.conv1)).toBe(lineOf(code, d.conv1) + 2);
      expect(at(moved, lineOf(edited, d.conv1))).toEqual(['conv1']);
    });

    it('maps a helper call whose variable was renamed by its helper and values', () => {
      const variable = /^\s*(?:const )?(\w+) =/.exec(d.call)![1]!;
      const edited = code.replace(new RegExp(`\\b${variable}\\b`, 'g'), 'renamedBlock');
      expect(edited).not.toBe(code);
      const renamed = d.map(resnet, edited, { blocks: library });
      expect(at(renamed, lineOf(edited, d.call.replace(variable, 'renamedBlock')))).toEqual(groupNodes('res2_id/1'));
    });

    it('maps every template, inline, node by node', () => {
      for (const { id, project } of cases) {
        const inline = d.emit(project);
        const entries = d.map(project, inline);
        expect(entries.flatMap((e) => e.nodeIds).sort(), id).toEqual(project.nodes.map((n) => n.id).sort());
        expect(entries.every((e) => e.nodeIds.length === 1 && e.line === e.endLine), id).toBe(true);
      }
    });
  });
}

describe('code map after edits', () => {
  it('maps a statement whose variable was renamed by the layer name it sets', () => {
    const code = emitTypeScript(resnet, { blocks: library }).replace('const conv1 = ', 'const firstConv = ').replace('.apply(conv1)', '.apply(firstConv)');
    const map = mapTypeScript(resnet, code, { blocks: library });
    expect(at(map, lineOf(code, 'const firstConv = '))).toEqual(['conv1']);
  });

  it('spans a statement written over several lines', () => {
    const code = emitTypeScript(resnet, { blocks: library }).replace(/  const conv1 = tf\.layers\.conv2d\(\{ (.*?) \}\)/, (_m, args: string) => `  const conv1 = tf.layers.conv2d({\n    ${args.split(', ').join(',\n    ')},\n  })`);
    const first = lineOf(code, 'const conv1 = ');
    const entry = mapTypeScript(resnet, code, { blocks: library }).find((e) => e.line === first)!;
    expect(entry.nodeIds).toEqual(['conv1']);
    expect(entry.endLine).toBeGreaterThanOrEqual(first + 5);
    expect(at(mapTypeScript(resnet, code, { blocks: library }), first + 3)).toEqual(['conv1']);
  });
});

describe('code map of a graph with errors', () => {
  it("maps the last code that built by layer name (Keras' too)", () => {
    const lenet = cases.find((t) => t.id === 'lenet5')!.project;
    const broken = { ...lenet, nodes: lenet.nodes.map((n) => (n.name === 'c1' ? { ...n, params: { ...n.params, kernelSize: [40, 40] } } : n)) };
    const c3 = lenet.nodes.find((n) => n.name === 'c3')!.id;
    const ts = emitTypeScript(lenet);
    expect(at(mapTypeScript(broken, ts), lineOf(ts, 'const c3 = '))).toEqual([c3]);
    const py = emitKeras(lenet);
    expect(at(mapKeras(broken, py), lineOf(py, '    c3 = '))).toEqual([c3]);
  });
});
