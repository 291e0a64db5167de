// The 1x1 bottleneck fix-it, checked against the case study's own numbers (Inception lesson):
// 5x5 'same' conv 28x28x192 -> 28x28x32 costs 120,422,400 multiplications; a 1x1 bottleneck to
// 16 channels first costs 2,408,448 + 10,035,200 = 12,443,648.
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { parseProject } from '../../shared/graph/load.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { bottleneckFixIt, bottleneckSaving, insertBottleneck, suggestBottlenecks } from '../../shared/edits/bottleneck.ts';

function caseStudy(extra: { id: string; kind: string; params: Record<string, unknown> }[] = []): Project {
  const loaded = parseProject(
    JSON.stringify({
      schemaVersion: 1,
      name: 'cost',
      nodes: [
        { id: 'in', kind: 'Input', params: { shape: [28, 28, 192] }, position: { x: 0, y: 0 } },
        { id: 'c5', kind: 'Conv2D', params: { filters: 32, kernelSize: [5, 5], padding: 'same' }, position: { x: 0, y: 120 } },
        ...extra,
      ],
      edges: [{ id: 'e1', source: 'in', target: 'c5' }, ...extra.map((n, i) => ({ id: `x${i}`, source: i === 0 ? 'c5' : extra[i - 1]!.id, target: n.id }))],
    }),
  );
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.project;
}

describe('insertBottleneck / bottleneckSaving', () => {
  it('reproduces 120,422,400 -> 2,408,448 + 10,035,200 = 12,443,648', () => {
    const s = bottleneckSaving(caseStudy(), 'c5', 16);
    if ('error' in s) throw new Error(s.error);
    expect(s.before).toBe(120_422_400);
    expect(s.bottleneckMacs).toBe(2_408_448);
    expect(s.convMacs).toBe(10_035_200);
    expect(s.after).toBe(12_443_648);
    expect(s.saving).toBe(120_422_400 - 12_443_648);
    // Weights: (5*5*192+1)*32 before; (192+1)*16 + (5*5*16+1)*32 after.
    expect(s.paramsBefore).toBe((5 * 5 * 192 + 1) * 32);
    expect(s.paramsAfter).toBe((192 + 1) * 16 + (5 * 5 * 16 + 1) * 32);
  });

  it('inserts a 1x1 ReLU conv on the input edge, keeping shapes and the downstream wiring', () => {
    const p = caseStudy([{ id: 'pool', kind: 'MaxPooling2D', params: { poolSize: [2, 2] } }]);
    const r = insertBottleneck(p, 'c5', 16);
    if (!r.ok) throw new Error(r.message);
    const a = analyzeGraph(r.project);
    expect(a.ok).toBe(true);
    const b = r.project.nodes.find((n) => n.id === r.bottleneckId)!;
    expect(b.params).toMatchObject({ filters: 16, kernelSize: [1, 1], padding: 'valid', activation: 'relu' });
    expect(a.nodes.get(r.bottleneckId)!.inputIds).toEqual(['in']);
    expect(a.nodes.get('c5')!.inputIds).toEqual([r.bottleneckId]);
    expect(a.nodes.get('c5')!.shape).toEqual([28, 28, 32]);
    expect(a.nodes.get('pool')!.inputIds).toEqual(['c5']);
    // Laid out between its neighbours, the conv and below moved down.
    expect(b.position.y).toBeGreaterThan(0);
    expect(r.project.nodes.find((n) => n.id === 'c5')!.position.y).toBeGreaterThan(b.position.y);
    // The input project is untouched.
    expect(p.nodes).toHaveLength(3);
    const linear = insertBottleneck(p, 'c5', 16, { relu: false });
    expect(linear.ok && linear.project.nodes.find((n) => n.id === linear.bottleneckId)!.params.activation).toBe('linear');
  });

  it('refuses what it cannot do, saying why', () => {
    const p = caseStudy([{ id: 'pool', kind: 'MaxPooling2D', params: { poolSize: [2, 2] } }]);
    expect(insertBottleneck(p, 'nope', 16)).toMatchObject({ ok: false, message: expect.stringContaining('no node "nope"') });
    expect(insertBottleneck(p, 'pool', 16)).toMatchObject({ ok: false, message: expect.stringContaining('MaxPooling2D') });
    expect(insertBottleneck(p, 'c5', 0)).toMatchObject({ ok: false, message: expect.stringContaining('received 0') });
    expect(bottleneckSaving(p, 'pool', 16)).toMatchObject({ error: expect.stringContaining('Conv2D') });
  });
});

describe('suggestBottlenecks', () => {
  it("suggests 16 channels for the case study's conv, and the fix-it applies it", () => {
    const p = caseStudy();
    const [s, ...rest] = suggestBottlenecks(analyzeGraph(p));
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ nodeId: 'c5', kernel: [5, 5], inputChannels: 192, filters: 32, channels: 16, before: 120_422_400, after: 12_443_648 });
    const fix = bottleneckFixIt(s!);
    expect(fix.label).toContain('16 channels');
    expect(fix.detail).toContain('120.4M');
    expect(fix.detail).toContain('12.4M');
    const after = analyzeGraph(fix.apply(p));
    expect(after.totals.macs).toBe(12_443_648);
    // Once the bottleneck is in, nothing is left to suggest.
    expect(suggestBottlenecks(after)).toEqual([]);
  });

  it('skips 1x1 convs, cheap convs and few input channels', () => {
    const one = (shape: number[], kernel: number, filters: number) =>
      analyzeGraph({
        nodes: [
          { id: 'in', kind: 'Input', params: { shape } },
          { id: 'c', kind: 'Conv2D', params: { filters, kernelSize: [kernel, kernel], padding: 'same' } },
        ],
        edges: [{ id: 'e', source: 'in', target: 'c' }],
      });
    expect(suggestBottlenecks(one([28, 28, 192], 1, 32))).toEqual([]);
    expect(suggestBottlenecks(one([28, 28, 32], 5, 32))).toEqual([]); // 32 input channels
    expect(suggestBottlenecks(one([4, 4, 192], 5, 32))).toEqual([]); // 2.4M MACs, under the threshold
    expect(suggestBottlenecks(one([4, 4, 192], 5, 32), 1_000_000)).toHaveLength(1);
  });
});
