/**
 * What the evaluation controls do: tick runs, choose the data (the backend says what it is and
 * whether it fits the ticked runs before anything runs), start an ensemble or a 10-crop test of
 * the ticked runs through the bridge (the backend runs it in its own process), stop it, close the card.
 */
import { api } from '../api.ts';
import type { EvaluationDataReply } from '../../shared/ipc.ts';
import type { EvaluationReply } from '../../shared/train/evaluation.ts';
import type { DataSpecInput } from '../../shared/train/request.ts';
import { MAX_ENSEMBLE, useEvaluation, type EvaluationKind } from './evaluationStore.ts';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function toggleEvaluate(runId: string): void {
  const { selected } = useEvaluation.getState();
  useEvaluation.setState({ selected: selected.includes(runId) ? selected.filter((id) => id !== runId) : [...selected, runId] });
  void refreshEvaluationData();
}

export function clearEvaluateSelection(): void {
  useEvaluation.setState({ selected: [] });
  void refreshEvaluationData();
}

/** Drops ticks of runs no longer listed (deleted, or another user-data folder). */
export function keepListed(ids: readonly string[]): void {
  const { selected } = useEvaluation.getState();
  const kept = selected.filter((id) => ids.includes(id));
  if (kept.length !== selected.length) {
    useEvaluation.setState({ selected: kept });
    void refreshEvaluationData();
  }
}

/** The 'evaluate:data' request for the ticked runs and the chosen data (no `data`: their own). */
function dataRequest(selected: readonly string[], data: DataSpecInput | undefined): { runIds: string[]; data?: DataSpecInput } {
  return { runIds: [...selected], ...(data ? { data } : {}) };
}

/** Asks the backend which data the ticked runs would be evaluated on and whether it fits them (stale answers dropped). */
export async function refreshEvaluationData(): Promise<void> {
  const { selected, data } = useEvaluation.getState();
  if (selected.length === 0 || selected.length > MAX_ENSEMBLE) {
    useEvaluation.setState({ dataInfo: { status: 'idle' } });
    return;
  }
  const request = dataRequest(selected, data);
  const key = JSON.stringify(request);
  useEvaluation.setState({ dataInfo: { status: 'loading', key } });
  let reply: EvaluationDataReply;
  try {
    reply = await api['evaluate:data'](request);
  } catch (e) {
    reply = { ok: false, message: message(e) };
  }
  if (useEvaluation.getState().dataInfo.key === key) useEvaluation.setState({ dataInfo: { status: 'ready', key, reply } });
}

/** The backend's answer for the data as ticked and chosen now, once it is in. */
export function currentDataReply(): EvaluationDataReply | undefined {
  const { selected, data, dataInfo } = useEvaluation.getState();
  return dataInfo.status === 'ready' && dataInfo.key === JSON.stringify(dataRequest(selected, data)) ? dataInfo.reply : undefined;
}

export function openDataPicker(): void {
  useEvaluation.setState({ choosing: true });
}

/** Closes the picker; with `data` (undefined: the runs' own test data), evaluations use it from now on. */
export function closeDataPicker(choice?: { data: DataSpecInput | undefined }): void {
  if (!choice) {
    useEvaluation.setState({ choosing: false });
    return;
  }
  useEvaluation.setState({ choosing: false, data: choice.data });
  void refreshEvaluationData();
}

/** Why the action cannot start now, or null. */
export function evaluationBlocker(kind: EvaluationKind, selected: readonly string[]): string | null {
  if (useEvaluation.getState().status === 'running') return 'An evaluation is running.';
  if (kind === 'ensemble') {
    if (selected.length < 2) return 'Tick two or more finished runs in the Evaluate column.';
    if (selected.length > MAX_ENSEMBLE) return `An ensemble takes at most ${MAX_ENSEMBLE} runs.`;
  } else if (selected.length !== 1) return 'Tick exactly one run for a 10-crop test.';
  const reply = currentDataReply();
  if (reply && !reply.ok) return reply.message;
  if (reply?.ok && reply.problems.length > 0) return `The data does not fit: ${reply.problems.join(' ')}`;
  return null;
}

async function run(kind: EvaluationKind, what: string, ranOn: DataSpecInput | undefined, call: () => Promise<EvaluationReply>): Promise<void> {
  useEvaluation.setState({ status: 'running', kind, what, startedAt: Date.now(), ranOn, report: undefined, error: undefined });
  let reply: EvaluationReply;
  try {
    reply = await call();
  } catch (e) {
    reply = { ok: false, message: message(e) };
  }
  if (reply.ok) useEvaluation.setState({ status: 'done', report: reply.report });
  else useEvaluation.setState({ status: reply.stopped ? 'stopped' : 'error', error: reply.message });
}

export async function startEnsemble(): Promise<void> {
  const { selected, data } = useEvaluation.getState();
  if (evaluationBlocker('ensemble', selected)) return;
  const runIds = [...selected];
  await run('ensemble', `Ensemble of ${runIds.length} runs`, data, () => api['evaluate:ensemble']({ runIds, ...(data ? { data } : {}) }));
}

/** 10-crop testing of the one ticked run; without mirrors, 5-crop (for data that flips meaning). */
export async function startMultiCrop(mirrors = true): Promise<void> {
  const { selected, data } = useEvaluation.getState();
  if (evaluationBlocker('multicrop', selected)) return;
  const runId = selected[0]!;
  await run('multicrop', `${mirrors ? 10 : 5}-crop test of run ${runId}`, data, () => api['evaluate:multicrop']({ runId, ...(data ? { data } : {}), ...(mirrors ? {} : { mirrors: false }) }));
}

/** The same run on the same data again without the mirrored views, from the results card. */
export async function rerunWithoutMirrors(runId: string): Promise<void> {
  const { status, ranOn } = useEvaluation.getState();
  if (status === 'running') return;
  await run('multicrop', `5-crop test of run ${runId}`, ranOn, () => api['evaluate:multicrop']({ runId, ...(ranOn ? { data: ranOn } : {}), mirrors: false }));
}

export async function stopEvaluation(): Promise<void> {
  await api['evaluate:stop']({}).catch(() => undefined);
}

export function closeEvaluation(): void {
  useEvaluation.setState({ status: 'idle', report: undefined, error: undefined, kind: undefined, what: undefined, ranOn: undefined });
}
