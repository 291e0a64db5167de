/**
 * Edits applied from the TypeScript code panel, checked by real Keras: the graph applyTypeScript
 * returns, written as a Keras module, builds a model whose parameter counts and layer names are
 * the ones analyzeGraph gives for that graph.
 */
import { describe, expect, it } from 'vitest';
import { applyTypeScript } from '../../../shared/codegen/applyTypeScript.ts';
import { emitKeras } from '../../../shared/codegen/keras.ts';
import { emitTypeScript } from '../../../shared/codegen/typescript.ts';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import type { Project } from '../../../shared/graph/schema.ts';
import { templateLibrary, templateProjects } from '../../shared/codegen/templateProjects.ts';
import { hasReference, referee, referenceSkipReason } from '../referee.ts';

const library = templateLibrary();
const resnet = templateProjects(library).find((t) => t.id === 'resnet50')!.project;
const code = emitTypeScript(resnet, { blocks: library });

interface KerasCount {
  name: string;
  total: number;
  trainable: number;
  nonTrainable: number;
  layers: string[];
}

const EDITS: Array<[string, string, string]> = [
  ['conv1 filters 64 -> 32', "name: 'conv1', filters: 64", "name: 'conv1', filters: 32"],
  ["res2b's filters [64, 64, 256] -> [32, 48, 256]", "identityBlock(res2aConvBlock, 2, 'b', 3, [64, 64, 256])", "identityBlock(res2aConvBlock, 2, 'b', 3, [32, 48, 256])"],
  ['a new identity block res2z', '  const res3aConvBlock = convolutionalBlock(res2cIdentityBlock,', "  const extra = identityBlock(res2cIdentityBlock, 2, 'z', 3, [64, 64, 256]);\n  const res3aConvBlock = convolutionalBlock(extra,"],
  ['fc6 frozen and renamed', "name: 'fc6', units: 6,", "name: 'predictions', trainable: false, units: 6,"],
];

describe('applyTypeScript against Keras', () => {
  it.skipIf(!hasReference('tensorflow', 'keras'))(`gives graphs whose Keras models count what analyzeGraph counts ${referenceSkipReason('tensorflow', 'keras')}`, async () => {
    const projects: Project[] = EDITS.map(([what, from, to]) => {
      expect(code.includes(from), what).toBe(true);
      const r = applyTypeScript(resnet, code.replace(from, to), { blocks: library });
      if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r.markers)}`);
      return r.project;
    });
    const counts = await referee<KerasCount[]>('keras_module_params', { codes: projects.map((p) => emitKeras(p, { blocks: library })) });
    projects.forEach((p, i) => {
      const a = analyzeGraph(p);
      expect({ total: counts[i]!.total, trainable: counts[i]!.trainable, nonTrainable: counts[i]!.nonTrainable }, EDITS[i]![0]).toEqual({ total: a.totals.total, trainable: a.totals.trainable, nonTrainable: a.totals.nonTrainable });
      expect([...counts[i]!.layers].sort(), EDITS[i]![0]).toEqual([...a.nodes.values()].map((n) => n.name).sort());
    });
    // Each edit changed the count (so the comparison above is not of four copies of ResNet-50).
    const before = analyzeGraph(resnet).totals.total;
    expect(new Set([before, ...projects.map((p) => analyzeGraph(p).totals.total)]).size).toBe(4);
  }, 300_000);
});
