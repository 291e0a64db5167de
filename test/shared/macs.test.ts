// The case study's cost example (Inception lesson): a 5x5 'same' convolution from 28x28x192 to
// 28x28x32 costs 120,422,400 multiplications; a 1x1 bottleneck to 16 channels first brings it to
// 2,408,448 + 10,035,200 = 12,443,648.
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import type { ProjectInput } from '../../shared/graph/schema.ts';

const input = { id: 'in', kind: 'Input', params: { shape: [28, 28, 192] } };
const conv = (id: string, filters: number, k: number) => ({
  id,
  kind: 'Conv2D',
  params: { filters, kernelSize: [k, k], padding: 'same' },
});

describe('multiply-accumulate counts', () => {
  it('5x5 same conv 28x28x192 -> 28x28x32 costs 120,422,400', () => {
    const g: ProjectInput = {
      schemaVersion: 1,
      nodes: [input, conv('c5', 32, 5)],
      edges: [{ id: 'e', source: 'in', target: 'c5' }],
    };
    const a = analyzeGraph(g);
    expect(a.diagnostics).toEqual([]);
    expect(a.nodes.get('c5')!.shape).toEqual([28, 28, 32]);
    expect(a.nodes.get('c5')!.macs).toBe(120_422_400);
  });

  it('with a 1x1 bottleneck to 16 channels: 2,408,448 + 10,035,200 = 12,443,648', () => {
    const g: ProjectInput = {
      schemaVersion: 1,
      nodes: [input, conv('b1', 16, 1), conv('c5', 32, 5)],
      edges: [
        { id: 'e1', source: 'in', target: 'b1' },
        { id: 'e2', source: 'b1', target: 'c5' },
      ],
    };
    const a = analyzeGraph(g);
    expect(a.nodes.get('b1')!.macs).toBe(2_408_448);
    expect(a.nodes.get('c5')!.macs).toBe(10_035_200);
    expect(a.totals.macs).toBe(12_443_648);
  });
});
