/**
 * The backend behind the typed bridge: one handler per channel, each parsing nothing (dispatch
 * validated the payload already) and calling a plain module. The same object serves the Electron
 * IPC and browser mode's WebSocket; only the dependencies differ (native dialogs, the window).
 * Adding a channel to shared/ipc.ts makes this file fail to compile until its handler exists.
 */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Handlers } from '../../shared/ipc.ts';
import { listFolder } from './fsList.ts';
import { openProjectFile, saveProjectFile } from './projectFiles.ts';
import { RecentFiles } from './recentFiles.ts';
import { RecoveryJournal } from './recovery.ts';
import { libraryTemplateSource, type TemplateSource } from './templateSource.ts';
import { createDiagramHandlers } from './diagram.ts';
import { createImportHandlers } from './importModel.ts';
import { createCodeHandlers } from './code.ts';
import { createTrainingHandlers, type TrainingDeps } from './training.ts';
import { createExperimentHandlers } from './experiment.ts';
import { TrainerSlot } from './trainerSlot.ts';
import { createEvaluationHandlers, type EvaluationDeps } from './evaluation.ts';

/** What a save dialog asks for when it is not a project (a diagram): its title and file types. */
export interface SaveDialogOptions {
  title?: string;
  filters?: { name: string; extensions: string[] }[];
}

/** What an open dialog asks for when it is not a project (a model to import): its title and file types. */
export interface OpenDialogOptions {
  title?: string;
  filters?: { name: string; extensions: string[] }[];
}

/** Native file dialogs (Electron). Each resolves to the chosen path, or null when cancelled. */
export interface Dialogs {
  /** Without `options`: a project file (.json). */
  showOpen(options?: OpenDialogOptions): Promise<string | null>;
  /** Without `options`: a project file (.json). */
  showSave(defaultPath: string, options?: SaveDialogOptions): Promise<string | null>;
}

/** What the window can do for the UI (Electron); browser mode has none. */
export interface WindowControls {
  setDirty(dirty: boolean): void;
  confirmClose(): void;
}

export interface BackendDeps extends Pick<EvaluationDeps, 'evaluationEntry' | 'spawnEvaluation'> {
  mode: 'electron' | 'browser';
  version: string;
  /** Recent files and the recovery journal live here (see userData.ts). */
  userDataDir: string;
  /** templates/ of the app; used when `templates` is not given. */
  templatesDir: string;
  templates?: TemplateSource;
  /** Absent in browser mode: the UI then shows its own dialog built on fs:list. */
  dialogs?: Dialogs;
  window?: WindowControls;
  /** Browser mode: why the Electron window is not used. */
  fallbackReason?: string;
  platform?: string;
  /** Where fs:list starts without a path (default: the home folder). */
  home?: string;
  /** Pushes events to the UI (training progress); see training.ts. */
  broadcast?: TrainingDeps['broadcast'];
  /** How trainer processes start (Electron: utilityProcessTrainer) and from which entry file. */
  spawnTrainer?: TrainingDeps['spawnTrainer'];
  trainerEntry?: string;
}

export const NO_DIALOG_MESSAGE =
  'No file path was given and this mode has no native file dialog: choose the file with the in-app dialog (fs:list) and send its path.';

export function createHandlers(deps: BackendDeps): Handlers {
  const recent = new RecentFiles(deps.userDataDir);
  const journal = new RecoveryJournal(deps.userDataDir);
  const templates = deps.templates ?? libraryTemplateSource(deps.templatesDir);
  /** One trainer for runs and experiments: one thing trains at a time. */
  const trainer = new TrainerSlot(deps);

  /** A new file is suggested in the folder of the last file used, named after the project. */
  async function suggestedSavePath(projectName: unknown): Promise<string> {
    const name = typeof projectName === 'string' && projectName.trim() ? projectName.trim().replace(/[\\/:*?"<>|]/g, '_') : 'model';
    const folder = (await recent.list()).map((p) => dirname(p))[0] ?? deps.home ?? homedir();
    return join(folder, `${name}.json`);
  }

  const handlers = {
    'app:info': async () => ({
      version: deps.version,
      mode: deps.mode,
      platform: deps.platform ?? process.platform,
      ...(deps.fallbackReason ? { fallbackReason: deps.fallbackReason } : {}),
    }),
    'app:set-dirty': async ({ dirty }) => {
      deps.window?.setDirty(dirty);
      return { ok: true as const };
    },
    'app:confirm-close': async () => {
      deps.window?.confirmClose();
      return { ok: true as const };
    },

    'templates:list': () => templates.list(),
    'templates:load': ({ id, params }) => templates.load(id, params),

    'project:open': async ({ path }) => {
      let chosen = path;
      if (chosen === undefined) {
        if (!deps.dialogs) return { ok: false as const, message: NO_DIALOG_MESSAGE };
        const picked = await deps.dialogs.showOpen();
        if (picked === null) return { ok: false as const, cancelled: true as const };
        chosen = picked;
      }
      const result = await openProjectFile(chosen);
      if (result.ok) await recent.add(result.path).catch(() => undefined);
      return result;
    },
    'project:save': async ({ project, path, saveAs }) => {
      // Save As asks where (the path is the dialog's suggestion); without native dialogs the UI
      // has already asked with its own dialog, so the path it sends is the answer.
      let target = saveAs && deps.dialogs ? undefined : path;
      if (target === undefined) {
        if (!deps.dialogs) return { ok: false as const, message: NO_DIALOG_MESSAGE };
        const picked = await deps.dialogs.showSave(path ?? (await suggestedSavePath(project.name)));
        if (picked === null) return { ok: false as const, cancelled: true as const };
        target = picked;
      }
      const result = await saveProjectFile(target, project);
      if (result.ok) await recent.add(result.path).catch(() => undefined);
      return result;
    },
    'project:recent': () => recent.list(),

    'recovery:write': ({ project, path }) => journal.write(project, path ?? null),
    'recovery:read': () => journal.read(),

    'fs:list': ({ path }) => listFolder(path, deps.home),
    ...createDiagramHandlers(deps),
    ...createImportHandlers(deps),
    ...createCodeHandlers({ ...deps, runsDir: trainer.runsDir }),

    ...createTrainingHandlers(deps, trainer),
    ...createExperimentHandlers(trainer, deps.templatesDir),
    ...createEvaluationHandlers(deps, () => trainer.activeRunId()),
  } satisfies Handlers;
  return handlers;
}
