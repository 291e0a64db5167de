/**
 * Modal questions as promises: "save your changes?" and the in-app file dialog of browser mode
 * (a web page cannot show a native one). The components in panels/ render whatever is pending.
 */
import { create } from 'zustand';

export type DiscardChoice = 'save' | 'discard' | 'cancel';

export interface FileDialogRequest {
  mode: 'open' | 'save';
  /** Suggested file name for saving. */
  fileName: string;
  /** File types listed and added to a bare name (default: json, a project). */
  extensions?: string[];
  /** The dialog's heading (default: open or save the model). */
  title?: string;
  resolve(path: string | null): void;
}

interface DialogState {
  discard: { what: string; resolve(choice: DiscardChoice): void } | null;
  file: FileDialogRequest | null;
  /** A one-line question (a group's name); Electron has no window.prompt. */
  text: { title: string; initial: string; resolve(value: string | null): void } | null;
}

export const useDialogs = create<DialogState>()(() => ({ discard: null, file: null, text: null }));

/** Asks for one line of text; resolves to it, or null when cancelled. */
export function askText(title: string, initial = ''): Promise<string | null> {
  return new Promise((resolve) =>
    useDialogs.setState({
      text: {
        title,
        initial,
        resolve: (value) => {
          useDialogs.setState({ text: null });
          resolve(value);
        },
      },
    }),
  );
}

/** Asks whether to save unsaved work before `what` ("opening another file"). */
export function askDiscard(what: string): Promise<DiscardChoice> {
  return new Promise((resolve) =>
    useDialogs.setState({
      discard: {
        what,
        resolve: (choice) => {
          useDialogs.setState({ discard: null });
          resolve(choice);
        },
      },
    }),
  );
}

/** Shows the in-app file dialog; resolves to the chosen path or null. */
export function chooseFile(mode: 'open' | 'save', fileName = 'model.json', options: { extensions?: string[]; title?: string } = {}): Promise<string | null> {
  return new Promise((resolve) =>
    useDialogs.setState({
      file: {
        mode,
        fileName,
        ...options,
        resolve: (path) => {
          useDialogs.setState({ file: null });
          resolve(path);
        },
      },
    }),
  );
}
