/** Native open/save dialogs for project files (and exported diagrams), attached to the main window when there is one. */
import type { BrowserWindow, Dialog } from 'electron';
import type { Dialogs } from './backend/handlers.ts';

const FILTERS = [
  { name: 'Netwright project', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

export function electronDialogs(dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>, parent: () => BrowserWindow | null): Dialogs {
  return {
    async showOpen(kind) {
      const options = { title: kind?.title ?? 'Open project', properties: ['openFile' as const], filters: kind?.filters ?? FILTERS };
      const win = parent();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async showSave(defaultPath, kind) {
      const options = {
        title: kind?.title ?? 'Save project',
        defaultPath,
        filters: kind?.filters ?? FILTERS,
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const win = parent();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
