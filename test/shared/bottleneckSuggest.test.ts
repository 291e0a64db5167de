// Which convolutions the editor offers a 1x1 bottleneck for: already-bottlenecked ones (a 1x1
// feeding them, also through BN / ReLU as in ResNet) are left alone, widening convs are not
// starved, and every suggestion carries its share of the model's cost. MACs by hand: a k x k
// conv costs H_out*W_out*k*k*Cin*F; weights (k*k*Cin + 1)*F.
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import type { ProjectInput } from '../../shared/graph/schema.ts';
import { bottleneckSaving, suggestBottlenecks } from '../../shared/edits/bottleneck.ts';
import { parseProject } from '../../shared/graph/load.ts';
import { loadTemplate } from '../../electron/templates.ts';

type N = { id: string; kind: string; params?: Record<string, unknown> };
const chain = (nodes: N[]): ProjectInput => ({
  schemaVersion: 1,
  nodes: nodes.map((n) => ({ params: {}, ...n })),
  edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id })),
});
const conv = (id: string, filters: number, k: number): N => ({ id, kind: 'Conv2D', params: { filters, kernelSize: [k, k], padding: 'same' } });
const input = (shape: number[]): N => ({ id: 'in', kind: 'Input', params: { shape } });

describe('suggestBottlenecks: what is already bottlenecked', () => {
  it('skips a 3x3 fed by a 1x1 through BatchNormalization and ReLU (ResNet), offers it without the 1x1', () => {
    const resnet = analyzeGraph(chain([input([56, 56, 256]), conv('reduce', 64, 1), { id: 'bn', kind: 'BatchNormalization' }, { id: 'act', kind: 'Activation', params: { activation: 'relu' } }, conv('c3', 64, 3)]));
    expect(resnet.diagnostics).toEqual([]);
    expect(suggestBottlenecks(resnet)).toEqual([]);

    const plain = analyzeGraph(chain([input([56, 56, 256]), { id: 'bn', kind: 'BatchNormalization' }, { id: 'act', kind: 'ReLU' }, conv('c3', 64, 3)]));
    const [s, ...rest] = suggestBottlenecks(plain);
    expect(rest).toEqual([]);
    // min(256/4, 64/2) = 32 channels; 56*56*3*3*256*64 = 462,422,016 before.
    expect(s).toMatchObject({ nodeId: 'c3', channels: 32, before: 56 * 56 * 9 * 256 * 64 });
    expect(s!.after).toBe(56 * 56 * 256 * 32 + 56 * 56 * 9 * 32 * 64);
  });

  it('skips the 3x3 and 5x5 fed directly by their 1x1 reduce (the inception module template)', () => {
    const loaded = loadTemplate('inception_module');
    if (!loaded.ok) throw new Error(loaded.message);
    const a = analyzeGraph(loaded.project);
    expect(a.ok).toBe(true);
    expect(suggestBottlenecks(a)).toEqual([]);
  });

  it('does not squeeze a widening conv below an eighth of its filters', () => {
    // AlexNet's conv2: 5x5, 96 -> 256 at 27x27. min(96/4, 256/2) = 24 -> 16 channels < 256/8.
    expect(suggestBottlenecks(analyzeGraph(chain([input([27, 27, 96]), conv('c', 256, 5)])))).toEqual([]);
    // The same conv with 32 filters (16 >= 32/8) is offered.
    expect(suggestBottlenecks(analyzeGraph(chain([input([27, 27, 96]), conv('c', 32, 5)])))).toHaveLength(1);
  });
});

describe('suggestion share and saving parts', () => {
  it("gives each suggestion its share of the model's MACs", () => {
    // Case study conv (120,422,400) followed by a 3x3 conv 28x28x32 -> 32 (7,225,344 MACs).
    const a = analyzeGraph(chain([input([28, 28, 192]), conv('c5', 32, 5), conv('c3', 32, 3)]));
    expect(a.totals.macs).toBe(120_422_400 + 28 * 28 * 9 * 32 * 32);
    const [s] = suggestBottlenecks(a);
    expect(s!.nodeId).toBe('c5');
    expect(s!.share).toBeCloseTo(120_422_400 / (120_422_400 + 7_225_344), 12);
  });

  it('splits the weights after into the 1x1 and the conv', () => {
    const parsed = parseProject(JSON.stringify(chain([input([28, 28, 192]), conv('c5', 32, 5)])));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const s = bottleneckSaving(parsed.project, 'c5', 16);
    if ('error' in s) throw new Error(s.error);
    expect(s.bottleneckParams).toBe((192 + 1) * 16);
    expect(s.convParams).toBe((5 * 5 * 16 + 1) * 32);
    expect(s.bottleneckParams + s.convParams).toBe(s.paramsAfter);
  });
});
