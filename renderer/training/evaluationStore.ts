/**
 * Test-time evaluation of kept runs, as the Train view shows it: the runs ticked in the runs
 * list's Evaluate column, and the one evaluation started from there (running, its report, or why
 * it failed). Its own store, so the training store stays as it is.
 */
import { create } from 'zustand';
import type { EvaluationReport } from '../../shared/train/evaluation.ts';

export type EvaluationKind = 'ensemble' | 'multicrop';

export interface EvaluationState {
  /** Run ids ticked for evaluation, in the order they were ticked. */
  selected: string[];
  status: 'idle' | 'running' | 'done' | 'error' | 'stopped';
  kind?: EvaluationKind;
  /** What runs, in words ("Ensemble of 3 runs"), and since when (ms since epoch). */
  what?: string;
  startedAt?: number;
  report?: EvaluationReport;
  error?: string;
}

export const useEvaluation = create<EvaluationState>()(() => ({ selected: [], status: 'idle' }));

/** The most runs an ensemble takes (the 'evaluate:ensemble' schema's limit). */
export const MAX_ENSEMBLE = 10;
