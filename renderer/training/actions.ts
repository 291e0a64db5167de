/**
 * What the training panel does through the bridge: describe the chosen data, preview its
 * augmentation, start and stop runs, follow their events, list, open and compare kept runs,
 * and predict a dropped image. Requests that fail become messages in the panel, never exceptions:
 * the editor and the unsaved project are untouched whatever happens here.
 */
import { api } from '../api.ts';
import { useEditor } from '../state/store.ts';
import type { Analysis } from '../../shared/graph/analyze.ts';
import type { DataSpecInput } from '../../shared/train/request.ts';
import type { TrainEvent } from '../../shared/train/events.ts';
import { outputHead, resolveLoss, TrainSettingsSchema, type LossName, type TrainSettings } from '../../shared/train/settings.ts';
import { applyEvent, fromRecord, newRun } from './runState.ts';
import { useTraining, type DataSource, type FormState, type TrainingState } from './store.ts';
import { initialWeightsPayload, weightsBlocker } from './transferActions.ts';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The DataSpec of the form's source, or a sentence saying what is missing. */
export function dataSpec(source: DataSource): { ok: true; spec: DataSpecInput } | { ok: false; message: string } {
  const path = source.path.trim();
  switch (source.kind) {
    case 'mnist':
      return { ok: true, spec: { kind: 'mnist' } };
    case 'npy':
      if (!path || !source.y.trim()) return { ok: false, message: 'Choose the images file (x.npy) and the labels file (y.npy).' };
      return { ok: true, spec: { kind: 'npy', x: path, y: source.y.trim() } };
    default:
      if (!path) return { ok: false, message: source.kind === 'folder' ? 'Choose a folder with one sub-folder per class.' : `Choose a .${source.kind} file.` };
      return { ok: true, spec: { kind: source.kind, path } };
  }
}

/** The separate test set of the form, if any. */
export function testSpec(form: Pick<FormState, 'source' | 'test' | 'testPath'>): DataSpecInput | undefined {
  if (form.test === 'split' && form.source.kind === 'mnist') return { kind: 'mnist', split: 'test' };
  if (form.test !== 'file' || !form.testPath.trim()) return undefined;
  const path = form.testPath.trim();
  if (form.source.kind === 'h5') return { kind: 'h5', path };
  if (form.source.kind === 'folder') return { kind: 'folder', path };
  if (form.source.kind === 'csv') return { kind: 'csv', path };
  return undefined;
}

/** The form's settings through the schema: the full settings, or the first problem per field. */
export function parseSettings(raw: Record<string, unknown>): { ok: true; value: TrainSettings; issues: Record<string, string> } | { ok: false; issues: Record<string, string> } {
  const parsed = TrainSettingsSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data, issues: {} };
  const issues: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.');
    issues[key] ??= issue.message;
  }
  return { ok: false, issues };
}

/** What the data checks need from the graph: input shape, output units and the loss in use. */
export function modelInfo(analysis: Analysis, lossSetting: TrainSettings['loss']): { inputShape: number[]; units: number; loss: LossName; lossReason: string; lossWarning?: string } | undefined {
  if (analysis.inputs.length !== 1 || analysis.outputs.length !== 1) return undefined;
  const input = analysis.nodes.get(analysis.inputs[0]!)?.shape;
  const head = outputHead(analysis);
  if (!input || !head) return undefined;
  const loss = resolveLoss(lossSetting, head);
  return { inputShape: [...input], units: head.units, loss: loss.loss, lossReason: loss.reason, ...(loss.warning ? { lossWarning: loss.warning } : {}) };
}

function currentModel(): ReturnType<typeof modelInfo> {
  const s = useTraining.getState();
  const settings = parseSettings(s.settings);
  return modelInfo(useEditor.getState().analysis, settings.ok ? settings.value.loss : 'auto');
}

/** Asks the backend to describe the chosen data at the model's input size (stale answers dropped). */
export async function describeData(): Promise<void> {
  const s = useTraining.getState();
  const spec = dataSpec(s.source);
  if (!spec.ok) {
    useTraining.setState({ description: { status: 'idle' }, preview: { status: 'idle' } });
    return;
  }
  const payload = { data: spec.spec, ...modelPayload(currentModel()), perClass: 8 };
  const key = JSON.stringify(payload);
  if (s.description.key === key && s.description.status !== 'error') return;
  await loadKeyed('description', key, () => api['data:describe'](payload));
}

/** The model part of a data request: the input size and head the data is read for. */
function modelPayload(model: ReturnType<typeof modelInfo>) {
  return model ? { model: { inputShape: model.inputShape, units: model.units, loss: model.loss } } : {};
}

/**
 * Loads one of the store's keyed values: marks it loading (keeping the value shown meanwhile),
 * then stores the answer or the error, unless a newer request has replaced `key` by then.
 */
async function loadKeyed<F extends 'description' | 'preview'>(field: F, key: string, load: () => Promise<NonNullable<TrainingState[F]['value']>>): Promise<void> {
  const current = () => useTraining.getState()[field];
  const shown = current().value;
  useTraining.setState({ [field]: { status: 'loading', key, ...(shown ? { value: shown } : {}) } } as Partial<TrainingState>);
  try {
    const value = await load();
    if (current().key === key) useTraining.setState({ [field]: { status: 'ready', value, key } } as Partial<TrainingState>);
  } catch (e) {
    if (current().key === key) useTraining.setState({ [field]: { status: 'error', error: message(e), key } } as Partial<TrainingState>);
  }
}

/** Augmented copies of one training image with the form's augmentation settings. */
export async function previewAugmentation(index = 0): Promise<void> {
  const s = useTraining.getState();
  const spec = dataSpec(s.source);
  if (!spec.ok) return;
  const augmentation = (s.settings.augmentation ?? {}) as Record<string, unknown>;
  const payload = { data: spec.spec, ...modelPayload(currentModel()), augmentation, index, count: 8, seed: index };
  await loadKeyed('preview', JSON.stringify(payload), () => api['data:augment-preview'](payload));
}

/** Why the trainer is taken (a run loading, training or stopping), or null. */
export function trainerBusy(s: TrainingState): string | null {
  return s.live?.live && (s.live.phase === 'loading' || s.live.phase === 'training' || s.live.phase === 'stopping') ? 'A run is training.' : null;
}

/** Why the chosen data and the form's settings cannot be used now, or null when they can. */
export function dataSettingsBlocker(s: TrainingState): string | null {
  const spec = dataSpec(s.source);
  if (!spec.ok) return spec.message;
  const settings = parseSettings(s.settings);
  if (!settings.ok) return `Fix the settings: ${Object.entries(settings.issues).map(([k, v]) => `${k}: ${v}`)[0]}`;
  if (s.description.status === 'error') return `The data cannot be used: ${s.description.error}`;
  return null;
}

/** Why Train cannot be pressed now, or null when it can. */
export function trainBlocker(): string | null {
  const s = useTraining.getState();
  const analysis = useEditor.getState().analysis;
  const busy = trainerBusy(s);
  if (busy) return busy;
  if (analysis.nodes.size === 0) return 'The graph is empty: insert a template (e.g. LeNet-5) or build a model in the Design view.';
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) return `The graph has ${errors} problem${errors === 1 ? '' : 's'}: fix ${errors === 1 ? 'it' : 'them'} in the Design view first.`;
  const data = dataSettingsBlocker(s);
  if (data) return data;
  const weights = weightsBlocker();
  if (weights) return weights;
  const blocking = s.description.value?.problems.find((p) => p.severity === 'error');
  if (s.description.status === 'ready' && blocking) return blocking.message;
  return null;
}

export async function startTraining(): Promise<void> {
  const blocker = trainBlocker();
  if (blocker) {
    useTraining.setState({ startError: blocker });
    return;
  }
  const s = useTraining.getState();
  const { project } = useEditor.getState();
  const spec = dataSpec(s.source);
  const settings = parseSettings(s.settings);
  if (!spec.ok || !settings.ok) return;
  const test = testSpec(s);
  useTraining.setState({ startError: undefined, opened: undefined });
  try {
    const reply = await api['train:start']({ project: project as unknown as Record<string, unknown>, data: spec.spec, ...(test ? { testData: test } : {}), settings: settings.value, ...initialWeightsPayload() });
    if (!reply.ok) {
      useTraining.setState({ startError: reply.message });
      return;
    }
    const live = useTraining.getState().live;
    // Events may have arrived before the reply; keep what they built.
    if (live?.runId !== reply.runId) useTraining.setState({ live: newRun(reply.runId, project.name) });
  } catch (e) {
    useTraining.setState({ startError: message(e) });
  }
}

export async function stopTraining(): Promise<void> {
  const live = useTraining.getState().live;
  if (!live) return;
  useTraining.setState({ live: { ...live, phase: 'stopping' } });
  try {
    const reply = await api['train:stop']({ runId: live.runId });
    if (!reply.ok) useTraining.setState({ startError: reply.message });
  } catch (e) {
    useTraining.setState({ startError: message(e) });
  }
}

/** Folds a broadcast training event into the live run (a run seen starting becomes the live one). */
export function handleTrainEvent(event: TrainEvent): void {
  if (event.runId.startsWith('predict-')) return;
  const s = useTraining.getState();
  let live = s.live;
  if (!live || (live.runId !== event.runId && (event.type === 'loading' || event.type === 'started'))) {
    live = newRun(event.runId, useEditor.getState().project.name);
  }
  const next = applyEvent(live, event);
  if (next !== live || live !== s.live) useTraining.setState({ live: next });
  if (event.type === 'started') void loadEngineInfo();
  if (event.type === 'done' || event.type === 'error') {
    void refreshRuns();
    void loadEngineInfo();
  }
}

/** The kept runs; after a page reload during a run, the run training now becomes the live one again. */
export async function refreshRuns(): Promise<void> {
  try {
    const { runs, active } = await api['train:runs']({});
    useTraining.setState({ runs });
    const live = useTraining.getState().live;
    if (active && live?.runId !== active) {
      const record = await api['train:run']({ id: active });
      useTraining.setState({ live: { ...fromRecord(record), live: true, phase: 'training' } });
    }
  } catch {
    // The list stays as it was; the next run end refreshes it again.
  }
}

/** Shows a kept run in the results (the live run when `id` is it, or null to go back to it). */
export async function openRun(id: string | null): Promise<void> {
  const live = useTraining.getState().live;
  if (id === null || id === live?.runId) {
    useTraining.setState({ opened: undefined });
    return;
  }
  try {
    useTraining.setState({ opened: fromRecord(await api['train:run']({ id })) });
  } catch (e) {
    useTraining.setState({ startError: message(e) });
  }
}

/** Adds or removes a kept run from the curve overlay. */
export async function toggleCompare(id: string): Promise<void> {
  const compare = { ...useTraining.getState().compare };
  if (compare[id]) {
    delete compare[id];
    useTraining.setState({ compare });
    return;
  }
  try {
    const record = await api['train:run']({ id });
    const view = fromRecord(record);
    useTraining.setState({ compare: { ...useTraining.getState().compare, [id]: { name: view.name, curves: view.epochs } } });
  } catch (e) {
    useTraining.setState({ startError: message(e) });
  }
}

export async function loadEngineInfo(): Promise<void> {
  try {
    useTraining.setState({ engine: await api['engine:info']({}) });
  } catch {
    // Without it the engine line says it does not know yet.
  }
}

/** Class probabilities of a dropped image under the run's last checkpoint. */
export async function predictImage(file: File, runId: string): Promise<void> {
  const previous = useTraining.getState().prediction.value;
  if (previous) URL.revokeObjectURL(previous.imageUrl);
  const imageUrl = URL.createObjectURL(file);
  useTraining.setState({ prediction: { status: 'loading', key: runId } });
  try {
    const image = base64(new Uint8Array(await file.arrayBuffer()));
    const reply = await api['train:predict']({ runId, image, name: file.name });
    if (!reply.ok) useTraining.setState({ prediction: { status: 'error', error: reply.message } });
    else useTraining.setState({ prediction: { status: 'ready', value: { runId, classes: reply.classes, prediction: reply.prediction, imageUrl } } });
  } catch (e) {
    useTraining.setState({ prediction: { status: 'error', error: message(e) } });
  }
}

function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
