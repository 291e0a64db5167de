import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../electron/templates.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { formatBytes, trainingMemory } from '../../shared/memory.ts';

const loaded = loadTemplate('happy_model');
if (!loaded.ok) throw new Error(loaded.message);
const analysis = analyzeGraph(loaded.project);

describe('trainingMemory', () => {
  it('counts HappyModel weights, gradients, Adam moments and activations in float32', () => {
    // Activation values per sample, worked out by hand from the seed's layer shapes:
    // input 64*64*3 = 12,288; zero padding 70*70*3 = 14,700; conv0, bn0, relu 64*64*32 = 131,072 each;
    // max pool and flatten 32*32*32 = 32,768 each; fc 1.
    const perSample = 12_288 + 14_700 + 3 * 131_072 + 2 * 32_768 + 1;
    expect(perSample).toBe(485_741);
    const m = trainingMemory(analysis, 16);
    expect(m.parameters).toBe(37_633 * 4);
    expect(m.gradients).toBe(37_569 * 4);
    expect(m.optimizer).toBe(2 * 37_569 * 4);
    expect(m.activations).toBe(perSample * 16 * 4);
    expect(m.total).toBe(m.parameters + m.gradients + m.optimizer + m.activations);
  });

  it('grows linearly with the batch in activations only', () => {
    const a = trainingMemory(analysis, 1);
    const b = trainingMemory(analysis, 33);
    expect(b.activations).toBe(33 * a.activations);
    expect(b.parameters + b.gradients + b.optimizer).toBe(a.parameters + a.gradients + a.optimizer);
    expect(trainingMemory(analysis, 0).activations).toBe(0);
  });

  it('skips nodes whose shape is unknown', () => {
    const broken = analyzeGraph({ nodes: [{ id: 'd', kind: 'Dense', params: {} }], edges: [] });
    expect(trainingMemory(broken, 8).total).toBe(0);
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(formatBytes(300 * 1024 ** 3)).toBe('300 GiB');
  });
});
