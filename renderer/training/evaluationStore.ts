/**
 * Test-time evaluation of kept runs, as the Train view shows it: the runs ticked in the runs
 * list's Evaluate column, the data to evaluate them on (chosen, or the runs' own test data) with
 * the backend's word on it, and the one evaluation started from there (running, its report, or
 * why it failed). Its own store, so the training store stays as it is.
 */
import { create } from 'zustand';
import type { EvaluationDataReply } from '../../shared/ipc.ts';
import type { EvaluationReport } from '../../shared/train/evaluation.ts';
import { DataSpecSchema, type DataSpecInput } from '../../shared/train/request.ts';

export type EvaluationKind = 'ensemble' | 'multicrop';

/** What 'evaluate:data' said about the ticked runs and the data, for the request `key`. */
export interface EvaluationDataInfo {
  status: 'idle' | 'loading' | 'ready';
  key?: string;
  reply?: EvaluationDataReply;
}

export interface EvaluationState {
  /** Run ids ticked for evaluation, in the order they were ticked. */
  selected: string[];
  /** The data chosen to evaluate on; undefined: each run's own test data. */
  data?: DataSpecInput;
  dataInfo: EvaluationDataInfo;
  /** The data picker is open. */
  choosing: boolean;
  status: 'idle' | 'running' | 'done' | 'error' | 'stopped';
  kind?: EvaluationKind;
  /** What runs, in words ("Ensemble of 3 runs"), and since when (ms since epoch). */
  what?: string;
  startedAt?: number;
  /** The data the evaluation shown was asked to use (undefined: the runs' own test data). */
  ranOn?: DataSpecInput;
  report?: EvaluationReport;
  error?: string;
}

const DATA_KEY = 'netwright.evaluationData';

/** The data chosen in an earlier session, if it still reads as a data spec. */
function storedData(): DataSpecInput | undefined {
  try {
    const parsed = DataSpecSchema.safeParse(JSON.parse(globalThis.localStorage?.getItem(DATA_KEY) ?? 'null'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const useEvaluation = create<EvaluationState>()(() => {
  const data = storedData();
  return { selected: [], ...(data ? { data } : {}), dataInfo: { status: 'idle' }, choosing: false, status: 'idle' };
});

// The chosen data is remembered for the next session, like the Data card's form.
useEvaluation.subscribe((s, before) => {
  if (s.data === before.data) return;
  try {
    if (s.data) globalThis.localStorage?.setItem(DATA_KEY, JSON.stringify(s.data));
    else globalThis.localStorage?.removeItem(DATA_KEY);
  } catch {
    // Storage full or disabled: the choice still holds for this session.
  }
});

/** The most runs an ensemble takes (the 'evaluate:ensemble' schema's limit). */
export const MAX_ENSEMBLE = 10;
