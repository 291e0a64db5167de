/**
 * Where the editor points at computational cost: the bottleneck suggestions of an analysis, looked
 * up per node (computed once per analysis, so every node face can ask cheaply), which of them earn
 * a badge on the canvas, and the words for the saving.
 */
import type { Analysis } from '../../shared/graph/analyze.ts';
import { suggestBottlenecks, type BottleneckSaving, type BottleneckSuggestion } from '../../shared/edits/bottleneck.ts';
import { thousands } from './categories.ts';

/**
 * A convolution gets a badge on the canvas when it is at least this share of the model's MACs:
 * the case study's lone 5x5 (100%) or AlexNet's conv4 (20%), not each of VGG-16's twelve 3x3s
 * (12% each, still offered in the inspector when selected).
 */
export const BADGE_SHARE = 0.2;

const cache = new WeakMap<Analysis, Map<string, BottleneckSuggestion>>();

/** The bottleneck suggestions of `analysis` by node id (memoised on the analysis object). */
export function suggestionsByNode(analysis: Analysis): Map<string, BottleneckSuggestion> {
  let found = cache.get(analysis);
  if (!found) {
    found = new Map(suggestBottlenecks(analysis).map((s) => [s.nodeId, s]));
    cache.set(analysis, found);
  }
  return found;
}

/** 120,422,400 -> '120M', 1,850,000,000 -> '1.85G', 12,443,648 -> '12.4M'. */
export function shortMacs(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toPrecision(3)}G`;
  if (n >= 1e6) return `${(n / 1e6).toPrecision(3).replace(/\.0+$/, '')}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}k`;
  return String(n);
}

/** `part` of `whole` in percent with one decimal: 107,978,752 of 120,422,400 -> '89.7%'. */
export function percentOf(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '—';
}

export interface CostBadge {
  text: string;
  title: string;
}

const badges = new WeakMap<Analysis, Map<string, CostBadge | null>>();

/**
 * The badge on node `id`: short text and a tooltip, or null when it has none. The same object
 * for the same analysis, so a node face can select it from the store without re-rendering.
 */
export function costBadge(analysis: Analysis, id: string): CostBadge | null {
  let known = badges.get(analysis);
  if (!known) badges.set(analysis, (known = new Map()));
  if (!known.has(id)) known.set(id, makeBadge(analysis, id));
  return known.get(id)!;
}

function makeBadge(analysis: Analysis, id: string): CostBadge | null {
  const s = suggestionsByNode(analysis).get(id);
  if (!s || s.share < BADGE_SHARE) return null;
  return {
    text: `${shortMacs(s.before)} MACs`,
    title:
      `Expensive: ${thousands(s.before)} multiply-adds per sample (${percentOf(s.before, analysis.totals.macs)} of the model). ` +
      `Select it to insert a 1x1 bottleneck: ${s.channels} channels would save ${percentOf(s.saving, s.before)}.`,
  };
}

/** Signed count with a true minus sign: 3088 -> '+3,088', -137712 -> '−137,712'. */
export function signed(n: number): string {
  return n < 0 ? `−${thousands(-n)}` : `+${thousands(n)}`;
}

/** The toast after inserting: what was done and what it saved. */
export function savingMessage(convName: string, channels: number, s: BottleneckSaving): string {
  const head = `Inserted a 1x1 bottleneck (${channels} channel${channels === 1 ? '' : 's'}) before "${convName}": ${thousands(s.before)} → ${thousands(s.after)} MACs per sample`;
  return s.saving >= 0
    ? `${head}, ${thousands(s.saving)} fewer (−${percentOf(s.saving, s.before)}).`
    : `${head}, ${thousands(-s.saving)} more (+${percentOf(-s.saving, s.before)}).`;
}
