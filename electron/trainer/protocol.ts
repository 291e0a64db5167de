/**
 * Messages between the supervisor (UI process or CLI) and the trainer child process. The child
 * says `ready`, receives one `start`, streams `event`s and exits; `stop` asks it to end within a
 * batch. `faults` exist only for tests of crash handling and are ignored unless the child runs
 * with NETWRIGHT_TRAINER_FAULTS=1.
 */
import type { TrainEvent } from '../../shared/train/events.ts';

/** Test-only fault injection: end the process abruptly at a given batch. */
export interface Faults {
  at: { epoch: number; batch: number };
  /**
   * exit: process.exit(code); abort: process.abort() (SIGABRT, like a native crash); hang: block
   * the thread forever without using the CPU (Atomics.wait, like a deadlocked wasm thread pool).
   */
  kind: 'exit' | 'abort' | 'hang';
  code?: number;
}

export type ParentMessage = { type: 'start'; request: unknown; faults?: Faults } | { type: 'stop' };

export type ChildMessage = { type: 'ready'; pid: number } | { type: 'event'; event: TrainEvent };

export const FAULTS_ENV = 'NETWRIGHT_TRAINER_FAULTS';
