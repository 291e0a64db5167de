/**
 * Building the tensorflow engine from the Train view: one press runs 'engine:build' in the
 * backend (which compiles the tfjs-node binding against the person's TensorFlow), its progress
 * lines arrive as events, and the engine line is reloaded when it is done.
 */
import { create } from 'zustand';
import { api } from '../api.ts';
import { loadEngineInfo } from './actions.ts';

export interface EngineBuildState {
  running: boolean;
  lines: string[];
  /** Why the last build failed (no TensorFlow, no compiler, a compile error with its log). */
  error?: string;
  /** The TensorFlow the last build used, once it succeeded. */
  built?: string;
}

export const useEngineBuild = create<EngineBuildState>()(() => ({ running: false, lines: [] }));

/** A progress line from the backend. */
export function onEngineBuildLine(line: string): void {
  useEngineBuild.setState((s) => ({ lines: [...s.lines, line].slice(-50) }));
}

/** Builds the engine on the TensorFlow of `python` (else the first python3/python with it), then reloads the engine line. */
export async function buildEngine(python?: string): Promise<void> {
  if (useEngineBuild.getState().running) return;
  useEngineBuild.setState({ running: true, lines: [], error: undefined, built: undefined });
  try {
    const reply = await api['engine:build'](python ? { python } : {});
    useEngineBuild.setState(reply.ok ? { built: reply.tensorflow } : { error: reply.message });
  } catch (e) {
    useEngineBuild.setState({ error: e instanceof Error ? e.message : String(e) });
  } finally {
    useEngineBuild.setState({ running: false });
    await loadEngineInfo();
  }
}
