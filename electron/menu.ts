/**
 * The application menu. Items the editor implements send {type:'menu', command} to the UI.
 * Keyboard: the page sees a key first and the menu accelerator fires only when the page did not
 * handle it (preventDefault), so the UI may handle the same shortcuts itself (as it must in
 * browser mode) without double actions. Cut/copy/paste/select-all keep Electron's roles, so text
 * fields work natively; the editor copies nodes from the DOM copy/cut/paste events those roles fire.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/ipc.ts';

export function buildMenuTemplate(platform: string, send: (command: MenuCommand) => void, options: { devTools: boolean }): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(command),
  });
  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: '&File',
      submenu: [
        item('New', 'new', 'CmdOrCtrl+N'),
        item('Open…', 'open', 'CmdOrCtrl+O'),
        item('Import Model…', 'import'),
        { type: 'separator' },
        item('Save', 'save', 'CmdOrCtrl+S'),
        item('Save As…', 'save-as', 'CmdOrCtrl+Shift+S'),
        item('Export Diagram…', 'export-diagram'),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        item('Undo', 'undo', 'CmdOrCtrl+Z'),
        item('Redo', 'redo', mac ? 'Cmd+Shift+Z' : 'Ctrl+Y'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        item('Duplicate', 'duplicate', 'CmdOrCtrl+D'),
        // No accelerator: Delete/Backspace must stay with text fields.
        item('Delete', 'delete'),
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        item('Auto Layout', 'auto-layout', 'CmdOrCtrl+Shift+L'),
        item('Zoom to Fit', 'zoom-to-fit', 'CmdOrCtrl+Shift+F'),
        item('Toggle Dark Theme', 'toggle-theme', 'CmdOrCtrl+Shift+D'),
        item('Code Panel', 'toggle-code', 'CmdOrCtrl+E'),
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(options.devTools ? [{ role: 'toggleDevTools' } as const] : []),
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [item('Keyboard Shortcuts', 'help', 'F1')] },
  );
  return template;
}
