/**
 * Both ends of the Electron IPC bridge, free of the electron import so tests drive them with fakes.
 * The preload side turns NetwrightApi calls into ipcRenderer.invoke(channel, payload) and unwraps
 * the `{ ok, value | error }` reply; events arrive on one channel and reach listeners without the
 * IpcRendererEvent (which would hand the page a handle on the sender).
 */
import { CHANNELS, type BackendEvent, type NetwrightApi } from '../shared/ipc.ts';
import type { Reply } from './backend/dispatch.ts';

/** Main -> renderer pushes of BackendEvent. */
export const EVENT_CHANNEL = 'netwright:event';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The object the preload exposes as window.netwright: one function per channel, plus onEvent. */
export function buildBridgeApi(ipc: IpcRendererLike): NetwrightApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNELS) {
    api[channel] = async (request: unknown) => {
      const reply = (await ipc.invoke(channel, request)) as Reply;
      if (reply && reply.ok === true) return reply.value;
      throw new Error(reply && typeof reply.error === 'string' ? reply.error : `${channel}: no answer from the backend`);
    };
  }
  api.onEvent = (listener: (event: BackendEvent) => void) => {
    const wrapped = (_event: unknown, payload: unknown) => listener(payload as BackendEvent);
    ipc.on(EVENT_CHANNEL, wrapped);
    return () => void ipc.removeListener(EVENT_CHANNEL, wrapped);
  };
  return api as NetwrightApi;
}
