/**
 * Whether a new edge source -> target is acceptable, decided by analysing the candidate graph:
 * it is refused when it would close a cycle or give the target an error it did not have (a
 * shape it cannot take). The reason is the analysis' own message; a fix-it comes along when one
 * applies ("connect and insert Flatten").
 */
import { analyzeGraph, type Analysis } from '../../shared/graph/analyze.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { connect, fixesFor, type FixIt } from '../../shared/edits/index.ts';
import { getLayer } from '../../shared/layers/index.ts';
import { GROUP_PREFIX } from './flowModel.ts';

export type ConnectionCheck = { ok: true; note?: string } | { ok: false; reason: string; fix?: { label: string; apply(p: Project): Project } };

const REFUSING = new Set(['CYCLE', 'SHAPE_MISMATCH', 'RANK_MISMATCH', 'KERNEL_TOO_LARGE', 'NON_POSITIVE_OUTPUT', 'EXTRA_INPUT', 'RESHAPE_SIZE']);

let cache: { project: Project | null; results: Map<string, ConnectionCheck> } = { project: null, results: new Map() };

/** Checks source -> target against `project` (memoised per project snapshot). */
export function checkConnection(project: Project, analysis: Analysis, source: string, target: string): ConnectionCheck {
  if (cache.project !== project) cache = { project, results: new Map() };
  const key = `${source}>${target}`;
  const hit = cache.results.get(key);
  if (hit) return hit;
  const result = check(project, analysis, source, target);
  cache.results.set(key, result);
  return result;
}

function check(project: Project, analysis: Analysis, source: string, target: string): ConnectionCheck {
  if (source.startsWith(GROUP_PREFIX) || target.startsWith(GROUP_PREFIX)) return { ok: false, reason: 'Expand the group to connect to the layers inside it' };
  if (source === target) return { ok: false, reason: 'A layer cannot feed itself' };
  const targetNode = project.nodes.find((n) => n.id === target);
  const def = targetNode ? getLayer(targetNode.kind) : undefined;
  const name = (id: string) => analysis.nodes.get(id)?.name ?? id;
  if (def && def.inputs.max === 0) return { ok: false, reason: `${def.kind} layers take no inputs; "${name(target)}" starts the network` };
  const { project: candidate, edgeId } = connect(project, source, target);
  if (!edgeId) return { ok: false, reason: `"${name(source)}" already feeds "${name(target)}"` };
  const after = analyzeGraph(candidate);
  const had = new Set(analysis.diagnostics.map((d) => `${d.code}|${d.nodeId}`));
  const cycle = after.diagnostics.find((d) => d.code === 'CYCLE');
  if (cycle && !had.has(`CYCLE|${cycle.nodeId}`)) {
    return { ok: false, reason: `Refused: this would make a cycle ("${name(target)}" already feeds "${name(source)}"); a network must flow one way` };
  }
  const fresh = after.diagnostics.find((d) => d.nodeId === target && REFUSING.has(d.code) && !had.has(`${d.code}|${d.nodeId}`));
  if (fresh) {
    const fix: FixIt | undefined = fixesFor(candidate, after, fresh)[0];
    return {
      ok: false,
      reason: `Refused: ${fresh.message}`,
      ...(fix ? { fix: { label: `Connect and ${fix.label.charAt(0).toLowerCase()}${fix.label.slice(1)}`, apply: (p: Project) => fix.apply(connect(p, source, target).project) } } : {}),
    };
  }
  const replaced = project.edges.find((e) => e.target === target && e.targetPort === 'in' && (def?.inputs.max ?? 1) <= 1);
  return replaced ? { ok: true, note: `replaces the input from "${name(replaced.source)}"` } : { ok: true };
}
