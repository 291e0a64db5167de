/**
 * What the Train view does for the plain-vs-residual experiment through the bridge: start it on the
 * data and settings of the form, stop it, follow its events (the experiment's own, and each
 * network's run events folded into a run view), list kept experiments and reopen one. Failures
 * become messages in the panel, never exceptions.
 */
import { api } from '../api.ts';
import type { BackendEvent, ExperimentRecord, ExperimentVariant } from '../../shared/ipc.ts';
import type { TrainEvent } from '../../shared/train/events.ts';
import type { TrainSettings } from '../../shared/train/settings.ts';
import { dataSettingsBlocker, dataSpec, parseSettings, testSpec, trainerBusy } from './actions.ts';
import { applyEvent, fromRecord, newRun, type RunView } from './runState.ts';
import { useTraining } from './store.ts';
import { useExperiments, variantOfRun, WIDTHS } from './experimentStore.ts';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The settings of the form both networks train with: what the comparison is about. Augmentation,
 * early stopping and the loss stay out: the networks are the templates', softmax-ended, and early
 * stopping would end them at different epochs.
 */
const SHARED = ['epochs', 'batchSize', 'optimizer', 'learningRate', 'momentum', 'validation', 'validationSplit', 'shuffle', 'seed', 'engine', 'limit'] as const;

/** Why the experiment cannot start now, or null when it can. The editor's graph plays no part. */
export function experimentBlocker(): string | null {
  const s = useTraining.getState();
  if (useExperiments.getState().active) return 'The experiment is training.';
  return trainerBusy(s) ?? dataSettingsBlocker(s);
}

export async function startExperiment(): Promise<void> {
  const blocker = experimentBlocker();
  if (blocker) {
    useExperiments.setState({ startError: blocker });
    return;
  }
  const s = useTraining.getState();
  const spec = dataSpec(s.source);
  const parsed = parseSettings(s.settings);
  if (!spec.ok || !parsed.ok) return;
  const settings: Partial<TrainSettings> = {};
  for (const key of SHARED) if (parsed.value[key] !== undefined) Object.assign(settings, { [key]: parsed.value[key] });
  const test = testSpec(s);
  const { width } = useExperiments.getState();
  useExperiments.setState({ starting: true, startError: undefined });
  try {
    const reply = await api['experiment:start']({ kind: 'plain-vs-residual', data: spec.spec, ...(test ? { testData: test } : {}), settings, params: { filters: [...WIDTHS[width].filters] } });
    if (!reply.ok) useExperiments.setState({ startError: reply.message });
    // Otherwise its 'started' event has shown it already (events arrive before the reply).
    else if (useExperiments.getState().shown?.record.id !== reply.experimentId) await refreshExperiments(reply.experimentId);
  } catch (e) {
    useExperiments.setState({ startError: message(e) });
  } finally {
    useExperiments.setState({ starting: false });
  }
}

export async function stopExperiment(): Promise<void> {
  const { active } = useExperiments.getState();
  if (!active) return;
  try {
    const reply = await api['experiment:stop']({ experimentId: active });
    if (!reply.ok) useExperiments.setState({ startError: reply.message });
  } catch (e) {
    useExperiments.setState({ startError: message(e) });
  }
}

/** Folds an experiment event into the list; a new experiment takes over the results side. */
export function handleExperimentEvent(event: Extract<BackendEvent, { type: 'experiment' }>): void {
  const { experiment, phase } = event;
  const s = useExperiments.getState();
  const list = [experiment, ...s.list.filter((r) => r.id !== experiment.id)].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const active = phase === 'done' ? (s.active === experiment.id ? null : s.active) : experiment.id;
  let shown = s.shown;
  if (phase === 'started') shown = { record: experiment, runs: {} };
  else if (shown?.record.id === experiment.id) shown = { ...shown, record: experiment };
  useExperiments.setState({ list, active, shown });
  if (phase === 'started') useTraining.setState({ opened: undefined });
}

/** Folds a run event into the shown experiment's view of that network, if the run is one of its. */
export function followExperimentRun(event: TrainEvent): void {
  const { shown } = useExperiments.getState();
  const variant = variantOfRun(shown, event.runId);
  if (!shown || !variant) return;
  const entry = shown.record.runs.find((r) => r.variant === variant)!;
  const current = shown.runs[variant] ?? newRun(event.runId, entry.name);
  const next = applyEvent(current, event);
  useExperiments.setState({ shown: { ...shown, runs: { ...shown.runs, [variant]: next } } });
  // The Train view follows this run as its live one: name it as its run.json does, not as the editor's graph.
  const live = useTraining.getState().live;
  if (live?.runId === event.runId && live.name !== entry.name) useTraining.setState({ live: { ...live, name: entry.name } });
}

/** The kept experiments; after a page reload during one, it is shown and followed again. */
export async function refreshExperiments(show?: string): Promise<void> {
  try {
    const { experiments, active } = await api['experiment:list']({});
    useExperiments.setState({ list: experiments, active });
    const wanted = show ?? active;
    if (wanted && useExperiments.getState().shown?.record.id !== wanted) await openExperiment(wanted);
  } catch {
    // The list stays as it was; the next experiment event updates it.
  }
}

/** Shows a kept experiment: its record, and each network's curves read from its run. */
export async function openExperiment(id: string): Promise<void> {
  const record = useExperiments.getState().list.find((r) => r.id === id);
  if (!record) return;
  useTraining.setState({ opened: undefined });
  useExperiments.setState({ shown: { record, runs: {} } });
  const loaded: Partial<Record<ExperimentVariant, RunView>> = {};
  for (const entry of record.runs) {
    if (entry.status === 'waiting') continue;
    try {
      const view = fromRecord(await api['train:run']({ id: entry.runId }));
      loaded[entry.variant] = entry.status === 'running' ? { ...view, live: true, phase: 'training' } : view;
    } catch {
      // The run's folder was deleted: its row says so.
    }
  }
  const s = useExperiments.getState();
  if (s.shown?.record.id !== id) return;
  // A running network may have reported epochs while its run.json was read: keep the longer view.
  const runs = { ...loaded };
  for (const v of ['plain', 'residual'] as const) {
    const seen = s.shown.runs[v];
    if (seen && seen.epochs.length >= (loaded[v]?.epochs.length ?? 0)) runs[v] = seen;
  }
  useExperiments.setState({ shown: { record: s.shown.record, runs } });
}

export function closeExperiment(): void {
  useExperiments.setState({ shown: undefined });
}

/** A dataset named for people: "MNIST digits", or the file or folder name. */
export function dataName(record: ExperimentRecord): string {
  const d = record.data;
  const base = (p: string) => p.split(/[\\/]/).filter(Boolean).pop() ?? p;
  if (d.kind === 'mnist') return 'MNIST digits';
  if (d.kind === 'npy') return base(d.x);
  return base(d.path);
}
