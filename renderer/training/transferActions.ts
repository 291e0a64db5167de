/**
 * What the transfer and resume controls do: choose initial weights (a kept run's checkpoint or a
 * model.json) and ask the backend for their names and shapes, give the graph a new softmax head
 * for the data's classes with the body frozen (one undo step), follow the runs' `weights` reports,
 * and continue a kept run from its last checkpoint in its own folder.
 */
import { api } from '../api.ts';
import { useEditor } from '../state/store.ts';
import type { Analysis } from '../../shared/graph/analyze.ts';
import type { TrainEvent } from '../../shared/train/events.ts';
import { replaceHead } from '../../shared/train/replaceHead.ts';
import { matchWeights, projectWeights, type WeightMatch } from '../../shared/train/weightMatch.ts';
import { fromRecord } from './runState.ts';
import { useTraining } from './store.ts';
import { useTransfer, type WeightsChoice } from './transferStore.ts';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Chooses (or, with null, clears) the initial weights and lists them (stale answers dropped). */
export async function chooseWeights(choice: WeightsChoice | null): Promise<void> {
  useTransfer.setState({ choice, source: { status: choice ? 'loading' : 'idle' } });
  // The Train button's blocker reads the weights state: let the Train view redraw.
  useTraining.setState({ startError: undefined });
  if (!choice) return;
  try {
    const reply = await api['train:weights-source'](choice.kind === 'run' ? { runId: choice.runId } : { path: choice.path });
    if (useTransfer.getState().choice !== choice) return;
    useTransfer.setState({ source: reply.ok ? { status: 'ready', value: reply } : { status: 'error', error: reply.message } });
  } catch (e) {
    if (useTransfer.getState().choice === choice) useTransfer.setState({ source: { status: 'error', error: message(e) } });
  }
  useTraining.setState({ startError: undefined });
}

/** Which layers of the current graph the chosen weights will fill (the trainer's own rule). */
export function weightsPreview(project: Parameters<typeof projectWeights>[0], weights: Parameters<typeof matchWeights>[1], analysis?: Analysis): WeightMatch & { unknown: string[] } {
  const target = projectWeights(project, analysis);
  return { ...matchWeights(target.layers, weights, 'the source'), unknown: target.unknown };
}

/** What train:start gets for the chosen weights: nothing, or the source's model.json. */
export function initialWeightsPayload(): { initialWeights?: { path: string } } {
  const { choice, source } = useTransfer.getState();
  return choice && source.status === 'ready' && source.value ? { initialWeights: { path: source.value.modelJson } } : {};
}

/** Why Train should wait for the weights, or null. */
export function weightsBlocker(): string | null {
  const { choice, source } = useTransfer.getState();
  if (!choice) return null;
  if (source.status === 'loading') return 'Reading the initial weights…';
  if (source.status === 'error') return `The initial weights cannot be used: ${source.error} Choose others or train from fresh weights.`;
  return null;
}

/**
 * Replaces the graph's head by a Dense softmax over `classes` with every other layer frozen, as
 * one undo step; the toast says how many parameters still train.
 */
export function newHeadFrozenBody(classes: number): void {
  const s = useEditor.getState();
  const r = replaceHead(s.project, classes, { freezeBase: true });
  if (!r.ok) return s.toast(`Could not replace the head: ${r.message}`, 'error');
  s.edit(r.project, `New head (${classes} classes), freeze body`, { select: [r.head] });
  const totals = useEditor.getState().analysis.totals;
  s.toast(`New head "${r.head}" for ${classes} classes; ${r.frozen.length} layer${r.frozen.length === 1 ? '' : 's'} frozen: ${totals.trainable.toLocaleString('en-US')} of ${totals.total.toLocaleString('en-US')} parameters train.`);
}

/** Makes every frozen layer trainable again, as one undo step (fine-tune the whole network). */
export function unfreezeAll(): void {
  const s = useEditor.getState();
  const frozen = s.project.nodes.filter((n) => n.trainable === false).length;
  if (frozen === 0) return;
  s.edit({ ...s.project, nodes: s.project.nodes.map((n) => (n.trainable === false ? { ...n, trainable: true } : n)) }, 'Unfreeze all');
  const totals = useEditor.getState().analysis.totals;
  s.toast(`${frozen} layer${frozen === 1 ? '' : 's'} unfrozen: ${totals.trainable.toLocaleString('en-US')} of ${totals.total.toLocaleString('en-US')} parameters train.`);
}

/** Keeps what each run reported loading; call with every training event. */
export function followTransferEvent(event: TrainEvent): void {
  if (event.type !== 'weights') return;
  const { type: _t, runId, ...report } = event;
  useTransfer.setState({ reports: { ...useTransfer.getState().reports, [runId]: report } });
}

/** Reads once what a kept run loaded as initial weights (run.json keeps its report). */
export async function loadRunReport(runId: string): Promise<void> {
  if (runId in useTransfer.getState().reports) return;
  useTransfer.setState({ reports: { ...useTransfer.getState().reports, [runId]: null } });
  try {
    const record = await api['train:run']({ id: runId });
    if (record.weights) useTransfer.setState({ reports: { ...useTransfer.getState().reports, [runId]: record.weights } });
  } catch {
    // No report line for this run; the rest of its results still show.
  }
}

/**
 * Continues the kept run `runId` from its last checkpoint until epoch `epochs`, with its own graph,
 * data and settings (the optimizer state restarts, as the trainer says in the run's log).
 */
export async function continueRun(runId: string, epochs: number): Promise<void> {
  useTransfer.setState({ continueError: undefined });
  try {
    const record = await api['train:run']({ id: runId });
    const done = record.curves[record.curves.length - 1]?.epoch ?? 0;
    if (epochs <= done) {
      useTransfer.setState({ continueError: `The run has ${done} epoch${done === 1 ? '' : 's'}; continue to epoch ${done + 1} or more.` });
      return;
    }
    const testData = (record as { testData?: Parameters<(typeof api)['train:start']>[0]['testData'] }).testData;
    const reply = await api['train:start']({
      project: record.project,
      data: record.data,
      ...(testData ? { testData } : {}),
      settings: { ...record.settings, epochs } as Parameters<(typeof api)['train:start']>[0]['settings'],
      resume: { runId },
    });
    if (!reply.ok) {
      useTransfer.setState({ continueError: reply.message });
      return;
    }
    useTransfer.setState({ resumed: { ...useTransfer.getState().resumed, [runId]: { afterEpoch: done } } });
    // The run goes on under its own id: show it live with the curves it already has.
    useTraining.setState({ opened: undefined, live: { ...fromRecord(record), live: true, phase: 'loading', done: undefined, error: undefined, evaluated: undefined } });
  } catch (e) {
    useTransfer.setState({ continueError: message(e) });
  }
}
