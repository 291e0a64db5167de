/**
 * The commands the Electron menu sends the editor ({ type: 'menu', command } events; see
 * electron/menu.ts and renderer/editor/shortcuts.ts). Re-exported by shared/ipc.ts.
 */
export type MenuCommand =
  | 'new'
  | 'open'
  | 'save'
  | 'save-as'
  | 'undo'
  | 'redo'
  | 'copy'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'select-all'
  | 'auto-layout'
  | 'zoom-to-fit'
  | 'toggle-theme'
  | 'help'
  | 'export-diagram'
  | 'import'
  | 'toggle-code';
