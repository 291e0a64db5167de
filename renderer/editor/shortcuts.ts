/**
 * Keyboard shortcuts: one table that both drives the key handler and fills the help overlay
 * (so the overlay can never lie), plus the menu commands the Electron window sends.
 * Keys typed into a text field stay with the field.
 */
import type { MenuCommand } from '../../shared/ipc.ts';
import { useEditor } from '../state/store.ts';
import { autoLayout, groupSelectedAsk, ungroupSelected } from '../state/layoutActions.ts';
import {
  copySelectionText,
  deleteSelection,
  duplicateSelection,
  fitView,
  actualSize,
  pasteText,
  rememberCopied,
  selectAll,
} from '../state/actions.ts';
import { newProject, openProject, save } from '../state/files.ts';
import { openDiagramDialog } from '../panels/DiagramDialog.tsx';
import { modalOpen } from '../panels/useModal.ts';
import { toggleCodePanel } from '../code/codeStore.ts';

export interface Shortcut {
  /** As shown in the help overlay. */
  keys: string;
  does: string;
  match(e: KeyboardEvent): boolean;
  run(): void;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;
const key = (e: KeyboardEvent, k: string) => e.key.toLowerCase() === k;

export const SHORTCUTS: Shortcut[] = [
  { keys: 'Ctrl+Z', does: 'Undo', match: (e) => mod(e) && !e.shiftKey && key(e, 'z'), run: () => useEditor.getState().undo() },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', does: 'Redo', match: (e) => mod(e) && ((e.shiftKey && key(e, 'z')) || key(e, 'y')), run: () => useEditor.getState().redo() },
  { keys: 'Ctrl+C / Ctrl+X / Ctrl+V', does: 'Copy, cut, paste (also between windows)', match: () => false, run: () => undefined },
  { keys: 'Ctrl+D', does: 'Duplicate the selection', match: (e) => mod(e) && key(e, 'd'), run: duplicateSelection },
  { keys: 'Delete / Backspace', does: 'Delete the selection', match: (e) => !mod(e) && (e.key === 'Delete' || e.key === 'Backspace'), run: deleteSelection },
  { keys: 'Ctrl+A', does: 'Select everything', match: (e) => mod(e) && key(e, 'a'), run: selectAll },
  { keys: 'Shift+drag / Ctrl+click', does: 'Box-select / add to the selection', match: () => false, run: () => undefined },
  { keys: 'Ctrl+G', does: 'Group the selection', match: (e) => mod(e) && !e.shiftKey && key(e, 'g'), run: () => void groupSelectedAsk() },
  { keys: 'Ctrl+Shift+G', does: 'Ungroup', match: (e) => mod(e) && e.shiftKey && key(e, 'g'), run: ungroupSelected },
  { keys: 'Ctrl+S', does: 'Save', match: (e) => mod(e) && !e.shiftKey && key(e, 's'), run: () => void save() },
  { keys: 'Ctrl+Shift+S', does: 'Save as…', match: (e) => mod(e) && e.shiftKey && key(e, 's'), run: () => void save(true) },
  { keys: 'Ctrl+O', does: 'Open…', match: (e) => mod(e) && key(e, 'o'), run: () => void openProject() },
  { keys: 'Alt+N', does: 'New model', match: (e) => (e.altKey || mod(e)) && key(e, 'n'), run: () => void newProject() },
  { keys: '/', does: 'Search the palette (Enter inserts at the cursor)', match: (e) => e.key === '/' && !mod(e), run: () => window.dispatchEvent(new Event('netwright:focus-palette')) },
  { keys: 'L', does: 'Auto-layout (top to bottom)', match: (e) => !mod(e) && key(e, 'l'), run: () => void autoLayout() },
  { keys: 'F', does: 'Zoom to fit', match: (e) => !mod(e) && key(e, 'f'), run: fitView },
  { keys: '0', does: 'Zoom to 100%', match: (e) => !mod(e) && e.key === '0', run: actualSize },
  { keys: 'E', does: 'Show / hide the code panel (TypeScript and Keras)', match: (e) => !e.altKey && key(e, 'e') && (!mod(e) || !e.shiftKey), run: toggleCodePanel },
  { keys: 'T', does: 'Light / dark theme', match: (e) => !mod(e) && key(e, 't'), run: toggleTheme },
  { keys: 'S', does: 'Show / hide the summary table', match: (e) => !mod(e) && !e.shiftKey && key(e, 's'), run: () => useEditor.getState().setSummaryOpen(!useEditor.getState().summaryOpen) },
  { keys: '?', does: 'This help', match: (e) => e.key === '?', run: () => useEditor.getState().setHelpOpen(!useEditor.getState().helpOpen) },
  { keys: 'Esc', does: 'Close dialogs, clear the selection', match: (e) => e.key === 'Escape', run: () => {
    const s = useEditor.getState();
    if (s.helpOpen) s.setHelpOpen(false);
    else s.setSelection([]);
  } },
];

export function toggleTheme(): void {
  const s = useEditor.getState();
  s.setTheme(s.theme === 'dark' ? 'light' : 'dark');
}

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  // Monaco (the code panel) takes keys through its own edit surface, not always a textarea.
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable || el.closest?.('.monaco-editor') != null;
}

/** Installs the key handler and the clipboard handlers; returns the uninstall function. */
export function installShortcuts(): () => void {
  const onKey = (e: KeyboardEvent) => {
    // A dialog's keys are its own (Escape closes it: useModal).
    if (modalOpen()) return;
    if (typingInField(e.target) && !(mod(e) && ['s', 'o'].includes(e.key.toLowerCase()))) return;
    const hit = SHORTCUTS.find((s) => s.match(e));
    if (!hit) return;
    e.preventDefault();
    hit.run();
  };
  // Clipboard through the DOM events: works without permission prompts and reaches other tabs.
  const onCopy = (e: ClipboardEvent) => {
    if (typingInField(e.target) || hasTextSelection()) return;
    const text = copySelectionText();
    if (!text) return;
    e.clipboardData?.setData('text/plain', text);
    rememberCopied(text);
    e.preventDefault();
  };
  const onCut = (e: ClipboardEvent) => {
    onCopy(e);
    if (e.defaultPrevented) deleteSelection();
  };
  const onPaste = (e: ClipboardEvent) => {
    if (typingInField(e.target)) return;
    if (pasteText(e.clipboardData?.getData('text/plain') ?? null)) e.preventDefault();
  };
  window.addEventListener('keydown', onKey);
  document.addEventListener('copy', onCopy);
  document.addEventListener('cut', onCut);
  document.addEventListener('paste', onPaste);
  return () => {
    window.removeEventListener('keydown', onKey);
    document.removeEventListener('copy', onCopy);
    document.removeEventListener('cut', onCut);
    document.removeEventListener('paste', onPaste);
  };
}

function hasTextSelection(): boolean {
  const sel = window.getSelection();
  return sel !== null && !sel.isCollapsed && sel.toString().length > 0;
}

/** Runs a command from the Electron menu. */
export async function runMenuCommand(command: MenuCommand): Promise<void> {
  const s = useEditor.getState();
  switch (command) {
    case 'new': return newProject();
    case 'open': return openProject();
    case 'save': return void (await save());
    case 'save-as': return void (await save(true));
    case 'undo': return s.undo();
    case 'redo': return s.redo();
    case 'copy': {
      const text = copySelectionText();
      if (text) {
        rememberCopied(text);
        await navigator.clipboard?.writeText(text).catch(() => undefined);
      }
      return;
    }
    case 'paste': {
      const text = await navigator.clipboard?.readText().catch(() => null);
      pasteText(text ?? null);
      return;
    }
    case 'duplicate': return duplicateSelection();
    case 'delete': return deleteSelection();
    case 'select-all': return selectAll();
    case 'auto-layout': return autoLayout();
    case 'zoom-to-fit': return fitView();
    case 'toggle-theme': return toggleTheme();
    case 'help': return s.setHelpOpen(true);
    case 'export-diagram': return openDiagramDialog();
    case 'toggle-code': return toggleCodePanel();
  }
}
