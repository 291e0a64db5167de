/**
 * Every template's Keras module (emitKeras, with block helpers) run by real Keras: it builds,
 * and the model's parameter counts and layer names are the ones analyzeGraph gives.
 */
import { describe, expect, it } from 'vitest';
import { emitKeras } from '../../../shared/codegen/keras.ts';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import { templateLibrary, templateProjects } from '../../shared/codegen/templateProjects.ts';
import { hasReference, referee, referenceSkipReason } from '../referee.ts';

const library = templateLibrary();
const cases = templateProjects(library);

interface KerasCount {
  name: string;
  total: number;
  trainable: number;
  nonTrainable: number;
  layers: string[];
}

describe('emitKeras against Keras', () => {
  it.skipIf(!hasReference('tensorflow', 'keras'))(`builds every template with the counts and names of analyzeGraph ${referenceSkipReason('tensorflow', 'keras')}`, async () => {
    const counts = await referee<KerasCount[]>('keras_module_params', { codes: cases.map((c) => emitKeras(c.project, { blocks: library })) });
    cases.forEach((c, i) => {
      const a = analyzeGraph(c.project);
      const got = counts[i]!;
      expect({ total: got.total, trainable: got.trainable, nonTrainable: got.nonTrainable }, c.id).toEqual({ total: a.totals.total, trainable: a.totals.trainable, nonTrainable: a.totals.nonTrainable });
      expect([...got.layers].sort(), c.id).toEqual([...a.nodes.values()].map((n) => n.name).sort());
    });
  }, 600_000);
});
