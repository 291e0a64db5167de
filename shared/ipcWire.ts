/**
 * The envelope of browser mode's WebSocket (renderer/wsClient.ts, electron/browserServer.ts): the
 * same calls as the Electron bridge, as JSON. Re-exported by shared/ipc.ts.
 */
import type { BackendEvent } from './ipc.ts';

/** Browser mode's WebSocket carries the same calls as JSON: a request names its channel... */
export interface WireRequest {
  id: number;
  channel: string;
  payload: unknown;
}

/** ...and gets exactly one response with the same id (null when the request had no usable id). */
export type WireResponse = { id: number | null; ok: true; value: unknown } | { id: number | null; ok: false; error: string };

/** Pushed by the backend at any time; has no id. */
export interface WireEvent {
  event: BackendEvent;
}
