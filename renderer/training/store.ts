/**
 * The training panel's state: which view is shown (design or train), the dataset and settings
 * being chosen (remembered across sessions), what the backend said about the data and the engine,
 * the live run, the run shown in the results, the kept runs and those overlaid for comparison.
 * The project itself stays in the editor's store: training reads it, never changes it.
 */
import { create } from 'zustand';
import type { DataDescription, EngineInfo, RunListEntry } from '../../shared/ipc.ts';
import type { Prediction } from '../../shared/train/events.ts';
import type { EpochPoint, RunView } from './runState.ts';

export type DataKind = 'mnist' | 'h5' | 'folder' | 'csv' | 'npy';

/** The dataset form: a kind and its path(s); `y` is the labels file of a .npy pair. */
export interface DataSource {
  kind: DataKind;
  path: string;
  y: string;
}

/** The test set: none, the source's own test part (MNIST), or another file/folder of the same kind. */
export type TestChoice = 'none' | 'split' | 'file';

export interface FormState {
  source: DataSource;
  test: TestChoice;
  testPath: string;
  /** The settings as typed (validated against TrainSettingsSchema before use). */
  settings: Record<string, unknown>;
}

export interface Loadable<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  value?: T;
  error?: string;
  /** What was asked for (a JSON key), so stale answers are dropped. */
  key?: string;
}

export interface TrainingState extends FormState {
  view: 'design' | 'train';
  description: Loadable<DataDescription>;
  preview: Loadable<{ index: number; original: string; images: string[] }>;
  engine?: EngineInfo;
  /** The run started from this window (or seen starting), live or finished. */
  live?: RunView;
  /** A kept run opened from the list; shown instead of the live one when set. */
  opened?: RunView;
  runs: RunListEntry[];
  /** Run ids whose curves are overlaid, with their curves once loaded. */
  compare: Record<string, { name: string; curves: EpochPoint[] }>;
  /** Why the last Train press did not start a run. */
  startError?: string;
  prediction: Loadable<{ runId: string; classes: string[]; prediction: Prediction; imageUrl: string }>;
}

const FORM_KEY = 'netwright.training.form';

const DEFAULT_FORM: FormState = {
  source: { kind: 'mnist', path: '', y: '' },
  test: 'split',
  testPath: '',
  settings: {},
};

function storedForm(): FormState {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(FORM_KEY) ?? 'null') as Partial<FormState> | null;
    if (!raw || typeof raw !== 'object') return DEFAULT_FORM;
    return {
      source: { ...DEFAULT_FORM.source, ...(raw.source ?? {}) },
      test: raw.test === 'none' || raw.test === 'split' || raw.test === 'file' ? raw.test : DEFAULT_FORM.test,
      testPath: typeof raw.testPath === 'string' ? raw.testPath : '',
      settings: raw.settings && typeof raw.settings === 'object' ? raw.settings : {},
    };
  } catch {
    return DEFAULT_FORM;
  }
}

export const useTraining = create<TrainingState>()(() => ({
  ...storedForm(),
  view: 'design',
  description: { status: 'idle' },
  preview: { status: 'idle' },
  runs: [],
  compare: {},
  prediction: { status: 'idle' },
}));

/** Updates the form and remembers it for the next session. */
export function setForm(patch: Partial<FormState>): void {
  useTraining.setState(patch);
  const { source, test, testPath, settings } = useTraining.getState();
  try {
    globalThis.localStorage?.setItem(FORM_KEY, JSON.stringify({ source, test, testPath, settings }));
  } catch {
    // Storage full or disabled: the form still works for this session.
  }
}

/** Sets one setting (undefined removes it, so the schema default applies). */
export function setSetting(key: string, value: unknown): void {
  const settings = { ...useTraining.getState().settings };
  if (value === undefined) delete settings[key];
  else settings[key] = value;
  setForm({ settings });
}

export function setView(view: TrainingState['view']): void {
  useTraining.setState({ view });
}

/** The run the results side shows: an opened kept run, else the live one. */
export function shownRun(s: Pick<TrainingState, 'opened' | 'live'>): RunView | undefined {
  return s.opened ?? s.live;
}
