/**
 * Test helpers: the real template library from templates/, expansion that throws on failure,
 * and one tfjs build per call compared with our analysis (then disposed).
 */
import * as tf from '@tensorflow/tfjs';
import { loadTemplateLibrary } from '../../../electron/templates.ts';
import { analyzeGraph, type Analysis } from '../../../shared/graph/analyze.ts';
import { compileToTfjs } from '../../../shared/compile/toTfjs.ts';
import type { Project } from '../../../shared/graph/schema.ts';
import { expandTemplate } from '../../../shared/templates/expand.ts';
import type { ParamValues } from '../../../shared/templates/params.ts';

export const library = loadTemplateLibrary();

/** The template `id` expanded with `params`, and its analysis. */
export function expand(id: string, params: ParamValues = {}): { project: Project; analysis: Analysis } {
  const template = library.templates.get(id);
  if (!template) throw new Error(`no template ${id}: ${library.errors.join('; ')}`);
  const r = expandTemplate(template, params, library.templates);
  if (!r.ok) throw new Error(r.message);
  return { project: r.project, analysis: analyzeGraph(r.project) };
}

export interface TfjsFacts {
  countParams: number;
  trainable: number;
  /** Layers whose tfjs output shape differs from ours, as "name: ours vs tfjs". */
  shapeMismatches: string[];
  /** Layer names of the tfjs model that the analysis does not have, and the reverse. */
  missingNames: string[];
  outputs: number;
}

/** Builds the project with tfjs once, reads what we compare, disposes the model. */
export function buildWithTfjs(project: Project, analysis: Analysis): TfjsFacts {
  const model = compileToTfjs(tf, project, analysis);
  try {
    const ours = [...analysis.nodes.values()];
    const shapeMismatches: string[] = [];
    const missingNames: string[] = [];
    for (const a of ours) {
      let layer;
      try {
        layer = model.getLayer(a.name);
      } catch {
        missingNames.push(a.name);
        continue;
      }
      const tfShape = (layer.outputShape as (number | null)[]).slice(1);
      if (JSON.stringify(tfShape) !== JSON.stringify(a.shape)) shapeMismatches.push(`${a.name}: ${JSON.stringify(a.shape)} vs ${JSON.stringify(tfShape)}`);
    }
    if (model.layers.length !== ours.length) missingNames.push(`tfjs has ${model.layers.length} layers, analysis ${ours.length}`);
    const trainable = model.trainableWeights.reduce((s, w) => s + w.shape.reduce<number>((p, d) => p * (d ?? 1), 1), 0);
    return { countParams: model.countParams(), trainable, shapeMismatches, missingNames, outputs: model.outputs.length };
  } finally {
    model.dispose();
  }
}
