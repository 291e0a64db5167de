/**
 * Closing a window with unsaved work: the UI reports its dirty state (app:set-dirty). A close of a
 * clean window goes through; a close of a dirty one is held and the UI is asked (close-requested
 * event); it shows its own save / discard / cancel choice and answers app:confirm-close. A crashed
 * renderer cannot answer, so its window closes (the recovery journal still holds the work).
 */
import type { BackendEvent } from '../shared/ipc.ts';

export interface GuardedWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  close(): void;
  isDestroyed(): boolean;
  setDocumentEdited?(edited: boolean): void;
  webContents: { isCrashed(): boolean; send(channel: string, ...args: unknown[]): void };
}

export interface CloseGuard {
  setDirty(dirty: boolean): void;
  confirmClose(): void;
}

export function attachCloseGuard(win: GuardedWindow, eventChannel: string): CloseGuard {
  let dirty = false;
  let confirmed = false;
  win.on('close', (event) => {
    if (confirmed || !dirty || win.webContents.isCrashed()) return;
    event.preventDefault();
    win.webContents.send(eventChannel, { type: 'close-requested' } satisfies BackendEvent);
  });
  return {
    setDirty(value) {
      dirty = value;
      win.setDocumentEdited?.(value);
    },
    confirmClose() {
      confirmed = true;
      if (!win.isDestroyed()) win.close();
    },
  };
}
