/**
 * One small graph per catalog kind, found automatically: the kind with default parameters fed
 * by Input nodes of the first shape it accepts. New kinds are covered without editing this.
 */
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import type { ProjectInput } from '../../../shared/graph/schema.ts';
import { LAYERS } from '../../../shared/layers/index.ts';
import type { LayerDef } from '../../../shared/layers/types.ts';

const SHAPES = [[9, 9, 4], [12], [4, 6], [2, 3, 4, 2]];

/** Alternative values for a parameter; the kind's schema keeps the valid ones. */
function candidates(v: unknown): unknown[] {
  if (typeof v === 'boolean') return [!v];
  if (typeof v === 'number') return [v + 1, v * 2, v / 2, 3];
  if (typeof v === 'string') return ['same', 'leaky_relu', 'softmax', 'sigmoid'];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return [v.map((x) => x + 1), v.map((x, i) => x + i + 1)];
  if (Array.isArray(v) && v.every(Array.isArray)) return [v.map((p: number[], i) => p.map((x, j) => x + i + 2 * j))];
  if (v === null) return [6];
  return [];
}

/** The defaults ({}), then each parameter changed on its own. */
export function paramVariants(def: LayerDef): Record<string, unknown>[] {
  const base = def.params.parse({}) as Record<string, unknown>;
  const out: Record<string, unknown>[] = [{}];
  for (const [key, value] of Object.entries(base)) {
    for (const c of candidates(value)) if (def.params.safeParse({ [key]: c }).success) out.push({ [key]: c });
  }
  return out;
}

/** Graphs per kind (Input excepted) and parameter variant: Input nodes -> the kind. */
export function kindGraphs(): Array<{ kind: string; project: ProjectInput }> {
  const out: Array<{ kind: string; project: ProjectInput }> = [];
  for (const def of Object.values(LAYERS as Record<string, LayerDef>)) {
    if (def.kind === 'Input') continue;
    for (const params of paramVariants(def)) {
      for (const shape of SHAPES) {
        const n = Math.max(1, def.inputs.min);
        const project: ProjectInput = {
          schemaVersion: 1,
          name: `kind_${def.kind}`,
          nodes: [
            ...Array.from({ length: n }, (_, i) => ({ id: `x${i}`, kind: 'Input', params: { shape } })),
            { id: 'layer', kind: def.kind, params },
          ],
          edges: Array.from({ length: n }, (_, i) => ({ id: `e${i}`, source: `x${i}`, target: 'layer', targetPort: def.inputs.max > 1 ? `in${i}` : 'in' })),
        };
        if (analyzeGraph(project).ok) {
          out.push({ kind: def.kind, project: { ...project, name: `kind_${def.kind}_${out.length}` } });
          break;
        }
      }
    }
  }
  return out;
}
