// The editor's cost hints: which convolutions get a badge on the canvas (at least a fifth of the
// model's MACs), the words of the badge and of the toast after inserting a bottleneck, with the
// case study's numbers (120,422,400 -> 2,408,448 + 10,035,200 = 12,443,648).
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import type { ProjectInput } from '../../shared/graph/schema.ts';
import { parseProject } from '../../shared/graph/load.ts';
import { bottleneckSaving } from '../../shared/edits/bottleneck.ts';
import { BADGE_SHARE, costBadge, percentOf, savingMessage, shortMacs, signed, suggestionsByNode } from '../../renderer/editor/costHints.ts';

type N = { id: string; kind: string; name?: string; params?: Record<string, unknown> };
const chain = (nodes: N[]): ProjectInput => ({
  schemaVersion: 1,
  nodes: nodes.map((n, i) => ({ params: {}, position: { x: 0, y: 120 * i }, ...n })),
  edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id })),
});
const conv = (id: string, filters: number, k: number): N => ({ id, kind: 'Conv2D', params: { filters, kernelSize: [k, k], padding: 'same' } });
const caseStudy = chain([{ id: 'in', kind: 'Input', params: { shape: [28, 28, 192] } }, { ...conv('c5', 32, 5), name: 'conv2d' }]);

describe('costBadge', () => {
  it("badges the case study's 5x5 conv with its cost and the suggested saving", () => {
    const a = analyzeGraph(caseStudy);
    const badge = costBadge(a, 'c5');
    expect(badge?.text).toBe('120M MACs');
    expect(badge?.title).toContain('120,422,400 multiply-adds per sample (100.0% of the model)');
    // 16 channels: 12,443,648 after, 107,978,752 saved of 120,422,400 = 89.67%.
    expect(badge?.title).toContain('16 channels would save 89.7%');
    expect(costBadge(a, 'in')).toBeNull();
    // The same object for the same analysis: node faces select it without re-rendering.
    expect(costBadge(a, 'c5')).toBe(badge);
    expect(suggestionsByNode(a)).toBe(suggestionsByNode(a));
  });

  it('offers but does not badge a conv under a fifth of the model', () => {
    // After the 5x5: a 3x3 32 -> 2048 (462,422,016 MACs; 32 input channels, not offered) and a
    // 1x1 2048 -> 256 (411,041,792): the 5x5 is 120,422,400 / 993,886,208 = 12% of the model.
    const a = analyzeGraph(chain([{ id: 'in', kind: 'Input', params: { shape: [28, 28, 192] } }, conv('c5', 32, 5), conv('wide', 2048, 3), conv('mix', 256, 1)]));
    expect(a.totals.macs).toBe(120_422_400 + 28 * 28 * 9 * 32 * 2048 + 28 * 28 * 2048 * 256);
    const s = suggestionsByNode(a).get('c5');
    expect(s?.share).toBeLessThan(BADGE_SHARE);
    expect([...suggestionsByNode(a).keys()]).toEqual(['c5']);
    expect(costBadge(a, 'c5')).toBeNull();
  });
});

describe('saving words', () => {
  it('states the saving of the 16-channel bottleneck in the toast', () => {
    const parsed = parseProject(JSON.stringify(caseStudy));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const s = bottleneckSaving(parsed.project, 'c5', 16);
    if ('error' in s) throw new Error(s.error);
    expect(savingMessage('conv2d', 16, s)).toBe(
      'Inserted a 1x1 bottleneck (16 channels) before "conv2d": 120,422,400 → 12,443,648 MACs per sample, 107,978,752 fewer (−89.7%).',
    );
    // 256 channels cost more than the conv alone: 28*28*192*256 + 28*28*25*256*32 = 199,036,928.
    const worse = bottleneckSaving(parsed.project, 'c5', 256);
    if ('error' in worse) throw new Error(worse.error);
    expect(worse.after).toBe(28 * 28 * 192 * 256 + 28 * 28 * 25 * 256 * 32);
    expect(savingMessage('conv2d', 256, worse)).toContain(`${(worse.after - 120_422_400).toLocaleString('en-US')} more (+65.3%)`);
  });

  it('formats counts, percents and signs', () => {
    expect(shortMacs(120_422_400)).toBe('120M');
    expect(shortMacs(12_443_648)).toBe('12.4M');
    expect(shortMacs(10_035_200)).toBe('10M');
    expect(shortMacs(1_849_688_064)).toBe('1.85G');
    expect(shortMacs(417_000)).toBe('417k');
    expect(percentOf(107_978_752, 120_422_400)).toBe('89.7%');
    expect(percentOf(1, 0)).toBe('—');
    expect(signed(3088)).toBe('+3,088');
    expect(signed(-137_712)).toBe('−137,712');
  });
});
