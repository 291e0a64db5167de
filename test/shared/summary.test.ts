// formatSummary's rows: Keras' model.layers order and the Keras class each node builds.
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import type { ProjectInput } from '../../shared/graph/schema.ts';
import { formatSummary } from '../../shared/summary.ts';
import { chainProject } from './chainProject.ts';
import { TOPOLOGIES } from './graph/topologies.ts';

/** The first column of each row, read back: `name (Class)`. */
function rowHeads(project: ProjectInput): string[] {
  const lines = formatSummary(project.name ?? 'model', analyzeGraph(project)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('=')) + 1;
  const end = lines.findIndex((l, i) => i >= start && l.startsWith('='));
  return lines
    .slice(start, end)
    .filter((l) => /^ \S/.test(l))
    .map((l) => l.slice(0, 32).trim());
}

describe('formatSummary', () => {
  it("lists a ResNet block as Keras does: the shortcut's layers beside the main branch's last ones", () => {
    expect(rowHeads(TOPOLOGIES.conv_block!)).toEqual([
      'x (InputLayer)',
      'a1 (Conv2D)',
      'a1_bn (BatchNormalization)',
      'a1_relu (ReLU)',
      'a2 (Conv2D)',
      's1 (Conv2D)',
      'a2_bn (BatchNormalization)',
      's1_bn (BatchNormalization)',
      'sum (Add)',
      'out_relu (ReLU)',
      'gap (GlobalAveragePooling2D)',
      'fc (Dense)',
    ]);
  });

  it('names the class each node builds: Activation(leaky_relu) is a LeakyReLU layer', () => {
    const project = chainProject('leaky', [
      { id: 'x', kind: 'Input', params: { shape: [4] } },
      { id: 'a', kind: 'Activation', params: { activation: 'leaky_relu' }, name: 'leaky' },
      { id: 'b', kind: 'Activation', params: { activation: 'tanh' }, name: 'tanh' },
    ]);
    expect(rowHeads(project)).toEqual(['input_1 (InputLayer)', 'leaky (LeakyReLU)', 'tanh (Activation)']);
  });
});
