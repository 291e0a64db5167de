/**
 * What the evaluation controls do: tick runs, start an ensemble or a 10-crop test of the ticked
 * runs through the bridge (the backend runs it in its own process), stop it, close the card.
 */
import { api } from '../api.ts';
import type { EvaluationReply } from '../../shared/train/evaluation.ts';
import { MAX_ENSEMBLE, useEvaluation, type EvaluationKind } from './evaluationStore.ts';

export function toggleEvaluate(runId: string): void {
  const { selected } = useEvaluation.getState();
  useEvaluation.setState({ selected: selected.includes(runId) ? selected.filter((id) => id !== runId) : [...selected, runId] });
}

export function clearEvaluateSelection(): void {
  useEvaluation.setState({ selected: [] });
}

/** Drops ticks of runs no longer listed (deleted, or another user-data folder). */
export function keepListed(ids: readonly string[]): void {
  const { selected } = useEvaluation.getState();
  const kept = selected.filter((id) => ids.includes(id));
  if (kept.length !== selected.length) useEvaluation.setState({ selected: kept });
}

/** Why the action cannot start now, or null. */
export function evaluationBlocker(kind: EvaluationKind, selected: readonly string[]): string | null {
  if (useEvaluation.getState().status === 'running') return 'An evaluation is running.';
  if (kind === 'ensemble') {
    if (selected.length < 2) return 'Tick two or more finished runs in the Evaluate column.';
    if (selected.length > MAX_ENSEMBLE) return `An ensemble takes at most ${MAX_ENSEMBLE} runs.`;
    return null;
  }
  return selected.length === 1 ? null : 'Tick exactly one run for a 10-crop test.';
}

async function run(kind: EvaluationKind, what: string, call: () => Promise<EvaluationReply>): Promise<void> {
  useEvaluation.setState({ status: 'running', kind, what, startedAt: Date.now(), report: undefined, error: undefined });
  let reply: EvaluationReply;
  try {
    reply = await call();
  } catch (e) {
    reply = { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  if (reply.ok) useEvaluation.setState({ status: 'done', report: reply.report });
  else useEvaluation.setState({ status: reply.stopped ? 'stopped' : 'error', error: reply.message });
}

export async function startEnsemble(): Promise<void> {
  const { selected } = useEvaluation.getState();
  if (evaluationBlocker('ensemble', selected)) return;
  const runIds = [...selected];
  await run('ensemble', `Ensemble of ${runIds.length} runs`, () => api['evaluate:ensemble']({ runIds }));
}

/** 10-crop testing of the one ticked run; without mirrors, 5-crop (for data that flips meaning). */
export async function startMultiCrop(mirrors = true): Promise<void> {
  const { selected } = useEvaluation.getState();
  if (evaluationBlocker('multicrop', selected)) return;
  const runId = selected[0]!;
  await run('multicrop', `${mirrors ? 10 : 5}-crop test of run ${runId}`, () => api['evaluate:multicrop']({ runId, ...(mirrors ? {} : { mirrors: false }) }));
}

/** The same run again without the mirrored views, from the results card. */
export async function rerunWithoutMirrors(runId: string): Promise<void> {
  if (useEvaluation.getState().status === 'running') return;
  await run('multicrop', `5-crop test of run ${runId}`, () => api['evaluate:multicrop']({ runId, mirrors: false }));
}

export async function stopEvaluation(): Promise<void> {
  await api['evaluate:stop']({}).catch(() => undefined);
}

export function closeEvaluation(): void {
  useEvaluation.setState({ status: 'idle', report: undefined, error: undefined, kind: undefined, what: undefined });
}
