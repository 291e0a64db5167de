/**
 * What "the same graph" means for import tests: per Keras layer name, the kind, the parameters
 * after defaults, the frozen flag and the inputs in port order. Ids, positions and groups are
 * left out (an import lays the graph out afresh and knows no groups).
 */
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import type { ProjectInput } from '../../../shared/graph/schema.ts';

export function graphSignature(project: ProjectInput) {
  const analysis = analyzeGraph(project);
  if (!analysis.ok) throw new Error(`graph has errors: ${analysis.diagnostics.map((d) => d.message).join('; ')}`);
  const frozen = new Set(project.nodes.filter((n) => n.trainable === false).map((n) => n.id));
  const layers = analysis.order.map((id) => {
    const a = analysis.nodes.get(id)!;
    return { name: a.name, kind: a.kind, params: a.params, frozen: frozen.has(id), inputs: a.inputIds.map((i) => analysis.nodes.get(i)!.name), shape: a.shape };
  });
  return { layers: layers.sort((x, y) => x.name.localeCompare(y.name)), totals: analysis.totals };
}
