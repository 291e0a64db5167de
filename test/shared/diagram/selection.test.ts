// Diagrams of a selection: outside layers feeding the selection become one Input card each with
// the full graph's name and shape; the selected layers keep their names, shapes and counts; the
// subtitle and frames count only what is selected (checked against groupBoundary's totals).
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { loadTemplateLibrary } from '../../../electron/templates.ts';
import { bundledElk } from '../../../shared/diagram/bundledElk.ts';
import { layoutDiagram, renderSvg } from '../../../shared/diagram/index.ts';
import { layoutSelection, OUTSIDE_PREFIX, resolveSelection, selectionCollapseDepth, selectionGraph } from '../../../shared/diagram/selection.ts';
import { analyzeGraph, type Analysis } from '../../../shared/graph/analyze.ts';
import { groupBoundary, groupMembers } from '../../../shared/graph/groups.ts';
import type { Project } from '../../../shared/graph/schema.ts';
import { formatShape } from '../../../shared/shape.ts';
import { expandTemplate } from '../../../shared/templates/expand.ts';

const library = loadTemplateLibrary().templates;
function expand(id: string): { project: Project; analysis: Analysis } {
  const r = expandTemplate(library.get(id)!, {}, library);
  if (!r.ok) throw new Error(r.message);
  return { project: r.project, analysis: analyzeGraph(r.project) };
}
const resnet = expand('resnet50');
const groupNamed = (p: Project, prefix: string) => p.groups.find((g) => g.name.startsWith(prefix))!;

/** Every <text> of the SVG; any XML error or warning throws. */
function svgTexts(svg: string): string[] {
  const fail = (m: string) => {
    throw new Error(`XML: ${m}`);
  };
  const doc = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(svg, 'image/svg+xml');
  return Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent ?? '');
}

describe('resolveSelection', () => {
  it('turns group ids (plain or group:-prefixed) into their layers, in file order, and names unknown ids', () => {
    const { project } = resnet;
    const block = groupNamed(project, 'res3a');
    const members = groupMembers(project, block.id);
    const r = resolveSelection(project, [`group:${block.id}`, 'input_1', 'nope']);
    expect(r.unknown).toEqual(['nope']);
    expect(r.nodeIds).toEqual(project.nodes.filter((n) => n.id === 'input_1' || members.includes(n.id)).map((n) => n.id));
    expect(resolveSelection(project, [block.id]).nodeIds).toEqual(members);
  });
});

describe('selectionGraph', () => {
  it('ResNet-50 res3a: the previous block output becomes one Input feeding both branches, shapes unchanged', () => {
    const { project, analysis } = resnet;
    const ids = groupMembers(project, groupNamed(project, 'res3a').id);
    const sub = selectionGraph(project, analysis, ids);
    expect([...sub.outside.values()]).toHaveLength(1);
    const [stubId, source] = [...sub.outside.entries()][0]!;
    expect(stubId).toBe(OUTSIDE_PREFIX + source);
    // The layer feeding the block from outside, found independently from the edges.
    const feeding = new Set(project.edges.filter((e) => ids.includes(e.target) && !ids.includes(e.source)).map((e) => e.source));
    expect([...feeding]).toEqual([source]);
    const stubEdges = sub.project.edges.filter((e) => e.source === stubId);
    expect(stubEdges).toHaveLength(2); // main path and projection shortcut
    const stub = sub.analysis.nodes.get(stubId)!;
    expect(stub.name).toBe(analysis.nodes.get(source!)!.name);
    expect(stub.shape).toEqual(analysis.nodes.get(source!)!.shape);
    expect(sub.project.nodes.find((n) => n.id === stubId)).toMatchObject({ kind: 'Input', params: { shape: stub.shape } });
    // Re-analysing the stand-in graph gives every selected layer the shape the full graph gives it.
    const again = analyzeGraph(sub.project);
    for (const id of ids) expect(again.nodes.get(id)!.shape).toEqual(analysis.nodes.get(id)!.shape);
    expect(sub.selection).toEqual([...ids, stubId]);
  });
});

describe('layoutSelection', () => {
  it('draws a block with its outside input card; subtitle and frames count the selection only', async () => {
    const { project, analysis } = resnet;
    const block = groupNamed(project, 'res3a');
    const ids = groupMembers(project, block.id);
    const layout = await layoutSelection(project, analysis, { selection: [`group:${block.id}`], groups: 'expanded', engine: bundledElk });
    expect(layout.boxes).toHaveLength(ids.length + 1);
    const stub = layout.boxes.find((b) => b.id.startsWith(OUTSIDE_PREFIX))!;
    expect(stub).toMatchObject({ name: 'activation_9', kind: 'Input', detail: 'from Activation', shape: '15x15x256', params: 0 });
    // Above everything it feeds.
    for (const b of layout.boxes) if (b !== stub) expect(b.y).toBeGreaterThan(stub.y);
    const total = groupBoundary(project, block.id, analysis).collapsed!.params.total;
    expect(total).toBe(383_232);
    expect(layout.subtitle).toContain(`Selection: ${ids.length} layers · ${total.toLocaleString('en-US')} params`);
    // Stage 3 is cut by the selection: its frame counts the selected layers only.
    for (const f of layout.frames) expect(f.params).toBe(total);
    const texts = svgTexts(renderSvg(layout));
    for (const id of ids) {
      const a = analysis.nodes.get(id)!;
      expect(texts).toContain(a.name);
      expect(texts).toContain(formatShape(a.shape!));
    }
    expect(texts.some((t) => t.startsWith('Input') && t.includes('from Activation'))).toBe(true);
    expect(texts).not.toContain('1.23M params'); // Stage 3's full total is not claimed
  });

  it('GoogLeNet inception 3a: one outside input fans out to the four branches', async () => {
    const { project, analysis } = expand('googlenet');
    const module = groupNamed(project, 'inception 3a');
    const layout = await layoutSelection(project, analysis, { selection: [module.id], engine: bundledElk });
    const stubs = layout.boxes.filter((b) => b.id.startsWith(OUTSIDE_PREFIX));
    expect(stubs).toHaveLength(1);
    expect(layout.edges.filter((e) => e.source === stubs[0]!.id)).toHaveLength(4);
    const source = stubs[0]!.id.slice(OUTSIDE_PREFIX.length);
    expect(stubs[0]!.shape).toBe(formatShape(analysis.nodes.get(source)!.shape!));
  });

  it('collapsed: blocks wholly inside the selection become cards, a single selected group opens one level', async () => {
    const { project, analysis } = resnet;
    const a = groupMembers(project, groupNamed(project, 'res3a').id);
    const stage3 = groupMembers(project, 'stage3');
    expect(selectionCollapseDepth(project, stage3)).toBe(1); // the blocks inside Stage 3
    const layout = await layoutSelection(project, analysis, { selection: ['stage3'], groups: 'collapsed', engine: bundledElk });
    const cards = layout.boxes.filter((b) => b.type === 'group');
    expect(cards.map((c) => c.name)).toContain('res3a (conv block)');
    expect(cards.reduce((s, c) => s + c.params, 0)).toBe(groupBoundary(project, 'stage3', analysis).collapsed!.params.total);
    expect(layout.boxes.filter((b) => b.type === 'layer').map((b) => b.id)).toEqual([expect.stringMatching(new RegExp(`^${OUTSIDE_PREFIX}`))]);
    expect(a.every((id) => !layout.boxes.some((b) => b.id === id))).toBe(true);
  });

  it('without a selection it is exactly layoutDiagram', async () => {
    const { project, analysis } = expand('happy_model');
    expect(await layoutSelection(project, analysis, { groups: 'collapsed', engine: bundledElk })).toEqual(await layoutDiagram(project, analysis, { groups: 'collapsed', engine: bundledElk }));
  });
});
