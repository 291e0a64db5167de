/**
 * Modal dialogs: Escape closes the topmost open one (a dialog opened from another closes first),
 * and while any is open the editor's global shortcuts stay off, so Delete or Ctrl+Z meant for a
 * field never reach the graph behind the dialog.
 */
import { useEffect, useRef } from 'react';

const open: { close(): void }[] = [];

function onKey(e: KeyboardEvent): void {
  if (e.key !== 'Escape' || open.length === 0) return;
  e.preventDefault();
  e.stopImmediatePropagation();
  open.at(-1)!.close();
}

/** True while a modal dialog is open. */
export function modalOpen(): boolean {
  return open.length > 0;
}

/** Registers the calling dialog, while `shown`, as the topmost modal; Escape calls `close`. */
export function useModal(close: () => void, shown = true): void {
  const latest = useRef(close);
  latest.current = close;
  useEffect(() => {
    if (!shown) return;
    const entry = { close: () => latest.current() };
    if (open.length === 0) window.addEventListener('keydown', onKey, true);
    open.push(entry);
    return () => {
      open.splice(open.indexOf(entry), 1);
      if (open.length === 0) window.removeEventListener('keydown', onKey, true);
    };
  }, [shown]);
}
