// Diagram export: layouts of real templates (HappyModel, ResNet-50 collapsed and expanded) are
// parsed back as strict XML; every layer appears with its shape; boxes never overlap; frames hold
// exactly their members; collapsed groups carry their boundary's shape and parameter total.
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { loadTemplateLibrary } from '../../../electron/templates.ts';
import { bundledElk } from '../../../shared/diagram/bundledElk.ts';
import { layoutDiagram, renderSvg, type DiagramLayout } from '../../../shared/diagram/index.ts';
import { analyzeGraph, type Analysis } from '../../../shared/graph/analyze.ts';
import { groupBoundary, groupMembers } from '../../../shared/graph/groups.ts';
import { parseProject } from '../../../shared/graph/load.ts';
import type { Project } from '../../../shared/graph/schema.ts';
import { formatShape } from '../../../shared/shape.ts';
import { expandTemplate } from '../../../shared/templates/expand.ts';

const library = loadTemplateLibrary().templates;
function expand(id: string): { project: Project; analysis: Analysis } {
  const r = expandTemplate(library.get(id)!, {}, library);
  if (!r.ok) throw new Error(r.message);
  return { project: r.project, analysis: analyzeGraph(r.project) };
}

/** Parses strictly: any XML error throws. Returns every <text> content (tspans joined). */
function parseSvg(svg: string): { texts: string[]; root: string } {
  const doc = new DOMParser({
    errorHandler: {
      warning: (m: string) => {
        throw new Error(`XML warning: ${m}`);
      },
      error: (m: string) => {
        throw new Error(`XML error: ${m}`);
      },
      fatalError: (m: string) => {
        throw new Error(`XML fatal error: ${m}`);
      },
    },
  }).parseFromString(svg, 'image/svg+xml');
  const texts = Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent ?? '');
  return { texts, root: doc.documentElement!.nodeName };
}

type Rect = { x: number; y: number; width: number; height: number };
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Rect, b: Rect) => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;

function checkGeometry(layout: DiagramLayout): void {
  const { boxes, frames } = layout;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `${boxes[i]!.id} overlaps ${boxes[j]!.id}`).toBe(false);
  }
  for (const f of frames) {
    // Frames either nest or stay apart; a box is inside a frame or clear of it.
    for (const g of frames) if (f !== g && overlaps(f, g)) expect(inside(f, g) || inside(g, f), `frames ${f.id} and ${g.id} cross`).toBe(true);
    for (const b of boxes) if (overlaps(b, f)) expect(inside(b, f), `box ${b.id} crosses frame ${f.id}`).toBe(true);
  }
  for (const item of [...boxes, ...frames]) {
    expect(item.x).toBeGreaterThanOrEqual(0);
    expect(item.y).toBeGreaterThanOrEqual(0);
    expect(item.x + item.width).toBeLessThanOrEqual(layout.width);
    expect(item.y + item.height).toBeLessThanOrEqual(layout.height);
  }
  // Edges start on their source box and end on their target box (top to bottom).
  const byId = new Map(boxes.map((b) => [b.id, b]));
  for (const e of layout.edges) {
    const s = byId.get(e.source)!;
    const t = byId.get(e.target)!;
    const first = e.points[0]!;
    const last = e.points[e.points.length - 1]!;
    expect(first.y).toBeCloseTo(s.y + s.height, 0);
    expect(first.x).toBeGreaterThanOrEqual(s.x);
    expect(first.x).toBeLessThanOrEqual(s.x + s.width);
    expect(last.y).toBeCloseTo(t.y, 0);
    expect(last.x).toBeGreaterThanOrEqual(t.x);
    expect(last.x).toBeLessThanOrEqual(t.x + t.width);
    // Orthogonal: every segment is horizontal or vertical.
    for (let i = 1; i < e.points.length; i++) {
      const a = e.points[i - 1]!;
      const b = e.points[i]!;
      expect(Math.abs(a.x - b.x) < 0.01 || Math.abs(a.y - b.y) < 0.01).toBe(true);
    }
  }
}

describe('layoutDiagram + renderSvg', () => {
  it('HappyModel: every layer with its class and output shape, a chain of 7 edges', async () => {
    const { project, analysis } = expand('happy_model');
    const layout = await layoutDiagram(project, analysis, { engine: bundledElk });
    checkGeometry(layout);
    expect(layout.boxes).toHaveLength(8);
    expect(layout.edges).toHaveLength(7);
    const svg = renderSvg(layout);
    const { texts, root } = parseSvg(svg);
    expect(root).toBe('svg');
    for (const id of analysis.order) {
      const a = analysis.nodes.get(id)!;
      expect(texts).toContain(a.name);
      expect(texts).toContain(formatShape(a.shape!));
    }
    expect(texts.some((t) => t.startsWith('Conv2D') && t.includes('7x7'))).toBe(true);
    expect(texts).toContain('InputLayer');
    expect(texts).toContain('4,736 params');
    expect(texts.join('\n')).toContain('Total params: 37,633');
    // Top to bottom: each layer sits below the one feeding it.
    const y = new Map(layout.boxes.map((b) => [b.id, b.y]));
    for (const e of layout.edges) expect(y.get(e.target)!).toBeGreaterThan(y.get(e.source)!);
  });

  it('ResNet-50 expanded: 177 layers, stage and block frames around exactly their members', async () => {
    const { project, analysis } = expand('resnet50');
    const layout = await layoutDiagram(project, analysis, { groups: 'expanded', engine: bundledElk });
    checkGeometry(layout);
    expect(layout.boxes).toHaveLength(177);
    expect(layout.frames).toHaveLength(project.groups.length);
    const { texts } = parseSvg(renderSvg(layout, { theme: 'dark' }));
    for (const a of analysis.nodes.values()) expect(texts).toContain(a.name);
    for (const g of project.groups) expect(texts.some((t) => t === g.name || (t.endsWith('…') && g.name.startsWith(t.slice(0, -1))))).toBe(true);
    const boxes = new Map(layout.boxes.map((b) => [b.id, b]));
    for (const f of layout.frames) {
      const members = new Set(groupMembers(project, f.id));
      for (const b of layout.boxes) expect(inside(b, f), `${b.id} in ${f.id}`).toBe(members.has(b.id));
      expect(f.params).toBe(groupBoundary(project, f.id, analysis).collapsed!.params.total);
    }
    // The identity shortcut: add_1 takes the previous block's output from a second column.
    expect(boxes.size).toBe(177);
    expect(layout.edges).toHaveLength(project.edges.length);
  });

  it('ResNet-50 collapsed: one card per stage with its output shape and parameter total', async () => {
    const { project, analysis } = expand('resnet50');
    const layout = await layoutDiagram(project, analysis, { groups: 'collapsed', engine: bundledElk });
    checkGeometry(layout);
    const stages = layout.boxes.filter((b) => b.type === 'group');
    expect(stages.map((s) => s.name)).toEqual(expect.arrayContaining(['Stage 1', 'Stage 2', 'Stage 3', 'Stage 4', 'Stage 5', 'Output']));
    expect(layout.boxes).toHaveLength(7); // input_1 and six groups
    expect(layout.frames).toEqual([]);
    const stage = (name: string) => stages.find((s) => s.name === name)!;
    expect(stage('Stage 2').shape).toBe('15x15x256');
    expect(stage('Stage 5').shape).toBe('2x2x2048');
    expect(stage('Output').shape).toBe('6');
    expect(stages.reduce((s, b) => s + b.params, 0)).toBe(analysis.totals.total);
    expect(stage('Stage 2').params).toBe(220_032);
    const { texts } = parseSvg(renderSvg(layout));
    expect(texts).toContain('Stage 2');
    expect(texts).toContain('15x15x256');
    expect(texts).toContain('220,032 params');
    expect(layout.edges.map((e) => [e.source, e.target])).toEqual([
      ['input_1', 'stage1'],
      ['stage1', 'stage2'],
      ['stage2', 'stage3'],
      ['stage3', 'stage4'],
      ['stage4', 'stage5'],
      ['stage5', 'head'],
    ]);
    // One level down: stages are frames, blocks are cards.
    const blocks = await layoutDiagram(project, analysis, { groups: 'collapsed', collapseDepth: 1, engine: bundledElk });
    checkGeometry(blocks);
    expect(blocks.frames.map((f) => f.name).sort()).toEqual(['Output', 'Stage 1', 'Stage 2', 'Stage 3', 'Stage 4', 'Stage 5']);
    expect(blocks.boxes.find((b) => b.name === 'res2a (conv block)')).toMatchObject({ type: 'group', shape: '15x15x256', params: 76_928 });
  });

  it("'project' mode follows each group's collapsed flag; a selection draws only its layers", async () => {
    const { project, analysis } = expand('resnet50');
    const flagged = { ...project, groups: project.groups.map((g) => (g.id === 'stage3' ? { ...g, collapsed: true } : g)) };
    const layout = await layoutDiagram(flagged, analyzeGraph(flagged), { groups: 'project', engine: bundledElk });
    checkGeometry(layout);
    expect(layout.boxes.filter((b) => b.type === 'group').map((b) => b.id)).toEqual(['stage3']);
    expect(layout.boxes).toHaveLength(177 - groupMembers(project, 'stage3').length + 1);

    const stage1 = groupMembers(project, 'stage1');
    const part = await layoutDiagram(project, analysis, { selection: stage1.slice(1, 4), groups: 'collapsed', engine: bundledElk });
    // Part of a group cannot be one card: the group stays a frame around the selected layers.
    expect(part.boxes.map((b) => b.id)).toEqual(stage1.slice(1, 4));
    expect(part.frames.map((f) => f.id)).toEqual(['stage1']);
    expect(part.edges).toHaveLength(2);
    expect(part.subtitle).toContain('Selection: 3 layers');
  });

  it('escapes names people type and still parses', async () => {
    const loaded = parseProject(
      JSON.stringify({
        schemaVersion: 1,
        name: 'A&B <model> "quoted"',
        groups: [{ id: 'g', name: "Block <1> & 'two'" }],
        nodes: [
          { id: 'in', kind: 'Input', params: { shape: [8, 8, 3] } },
          { id: 'c', kind: 'Conv2D', group: 'g', params: { filters: 4, kernelSize: [3, 3] } },
          { id: 'x', kind: 'NoSuchKind' },
        ],
        edges: [
          { id: 'e1', source: 'in', target: 'c' },
          { id: 'e2', source: 'c', target: 'x' },
        ],
      }),
    );
    if (!loaded.ok) throw new Error(loaded.error.message);
    for (const groups of ['expanded', 'collapsed'] as const) {
      const layout = await layoutDiagram(loaded.project, analyzeGraph(loaded.project), { groups, engine: bundledElk });
      const { texts } = parseSvg(renderSvg(layout));
      expect(texts).toContain('A&B <model> "quoted"');
      expect(texts).toContain("Block <1> & 'two'");
      // An unknown kind or a shape that cannot be known is drawn, not dropped.
      expect(texts).toContain('NoSuchKind');
      expect(texts).toContain('?');
    }
  });
});
