/**
 * Transfer learning in the Train view: the saved model chosen as initial weights (a kept run or a
 * model.json) with the weights the backend listed for it, and what each run reported loading
 * (its `weights` event), keyed by run id. The preview itself is derived (TransferPanel).
 */
import { create } from 'zustand';
import type { WeightsSourceReply } from '../../shared/ipc.ts';
import type { WeightsLoadedEvent } from '../../shared/train/events.ts';

export type WeightsChoice = { kind: 'run'; runId: string } | { kind: 'file'; path: string };

export interface TransferState {
  /** The chosen source, or null to train from fresh weights. */
  choice: WeightsChoice | null;
  /** The backend's answer for `choice`. */
  source: { status: 'idle' | 'loading' | 'ready' | 'error'; value?: Extract<WeightsSourceReply, { ok: true }>; error?: string };
  /** What each run said it loaded (live, or read from a kept run's run.json); null: it started from fresh weights. */
  reports: Record<string, Omit<WeightsLoadedEvent, 'type' | 'runId'> | null>;
  /** Runs being continued (resume) from this window: the run id and its previous epoch count. */
  resumed: Record<string, { afterEpoch: number }>;
  /** Why the last Continue press did not start. */
  continueError?: string;
}

export const useTransfer = create<TransferState>()(() => ({
  choice: null,
  source: { status: 'idle' },
  reports: {},
  resumed: {},
}));
