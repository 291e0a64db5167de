/**
 * Registers every channel of the bridge with ipcMain.handle. Each call is checked twice before a
 * handler runs: the sender must be the main frame of one of our windows showing app://netwright,
 * and the payload must match the channel's schema (dispatch). Refusals are replies, never throws.
 */
import { CHANNELS, type Handlers } from '../shared/ipc.ts';
import { APP_HOST, APP_SCHEME } from './appProtocol.ts';
import { dispatch, type Reply } from './backend/dispatch.ts';

/** The fields of IpcMainInvokeEvent used here. */
export interface InvokeEventLike {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** True when the call comes from the top frame of a trusted webContents showing our origin. */
export function isTrustedSender(event: InvokeEventLike, trustedContents: () => Iterable<unknown>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  // Compare scheme and host: URL.origin is "null" for custom schemes outside Chromium.
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return false;
  for (const contents of trustedContents()) if (contents === event.sender) return true;
  return false;
}

/** Registers all channels; returns a function that removes them again. */
export function registerIpcHandlers(ipcMain: IpcMainLike, handlers: Handlers, isTrusted: (event: InvokeEventLike) => boolean): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload): Promise<Reply> => {
      if (!isTrusted(event)) return { ok: false, error: `${channel}: refused: the request did not come from the Netwright window` };
      return dispatch(handlers, channel, payload);
    });
  }
  return () => CHANNELS.forEach((channel) => ipcMain.removeHandler(channel));
}
