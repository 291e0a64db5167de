/**
 * The plain-vs-residual experiment as the Train view follows it: the kept experiments, the one
 * training now, and the one shown on the results side with a run view per network (built from the
 * runs' own events while they train, or from their run.json when reopened). The width of the
 * networks chosen for the next experiment is remembered across sessions.
 */
import { create } from 'zustand';
import type { ExperimentRecord, ExperimentVariant } from '../../shared/ipc.ts';
import type { RunView } from './runState.ts';

/** Filters of the three stages: the paper's, or narrower networks that train faster on a CPU. */
export const WIDTHS = {
  paper: { filters: [16, 32, 64], label: '16·32·64 (paper)' },
  half: { filters: [8, 16, 32], label: '8·16·32' },
  quarter: { filters: [4, 8, 16], label: '4·8·16' },
} as const;
export type Width = keyof typeof WIDTHS;

export interface ShownExperiment {
  record: ExperimentRecord;
  /** Each network's run; undefined while it has not started, or when its run folder is gone. */
  runs: Partial<Record<ExperimentVariant, RunView>>;
}

export interface ExperimentState {
  /** Kept experiments, newest first. */
  list: ExperimentRecord[];
  /** The experiment training now. */
  active: string | null;
  shown?: ShownExperiment;
  width: Width;
  starting: boolean;
  /** Why the last press did not start an experiment. */
  startError?: string;
}

const WIDTH_KEY = 'netwright.experiment.width';

function storedWidth(): Width {
  const raw = globalThis.localStorage?.getItem(WIDTH_KEY);
  return raw === 'paper' || raw === 'half' || raw === 'quarter' ? raw : 'half';
}

export const useExperiments = create<ExperimentState>()(() => ({
  list: [],
  active: null,
  width: storedWidth(),
  starting: false,
}));

export function setWidth(width: Width): void {
  useExperiments.setState({ width });
  try {
    globalThis.localStorage?.setItem(WIDTH_KEY, width);
  } catch {
    // Storage disabled: the choice holds for this session.
  }
}

/** The variant whose run has this id in the shown experiment, if any. */
export function variantOfRun(shown: ShownExperiment | undefined, runId: string): ExperimentVariant | undefined {
  return shown?.record.runs.find((r) => r.runId === runId)?.variant;
}
