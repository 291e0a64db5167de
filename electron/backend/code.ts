/**
 * The code panel's channels: the module `netwright export` writes for a graph (same generators,
 * same block library, so the panel's text is the CLI's byte for byte) with its statement map;
 * edited TypeScript read back into a graph; code written through the save dialog and the atomic
 * writer; a finished run exported as code with its trained weights beside it.
 */
import { homedir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { CompileError } from '../../shared/compile/toTfjs.ts';
import { emitKeras } from '../../shared/codegen/keras.ts';
import { emitTypeScript } from '../../shared/codegen/typescript.ts';
import { validateProject } from '../../shared/graph/load.ts';
import type { Project } from '../../shared/graph/schema.ts';
import type { CodeGenerateResult, CodeLang, CodeSaveResult, Handlers } from '../../shared/ipc.ts';
import { CodeOptionsSchema, type CodeOptions } from '../../shared/ipcCode.ts';
import type { TemplateLibrary } from '../../shared/templates/expand.ts';
import { exportTrainedKerasWeights, exportTrainedModel, kerasWeightsPath } from '../import/trainedModel.ts';
import { loadTemplateLibrary } from '../templates.ts';
import { loadRun } from '../trainer/runs.ts';
import { writeFileAtomic } from './atomicWrite.ts';
import type { Dialogs } from './handlers.ts';
import { RecentFiles } from './recentFiles.ts';

export interface CodeDeps {
  userDataDir: string;
  templatesDir: string;
  runsDir: string;
  dialogs?: Dialogs;
  home?: string;
}

const FILTERS: Record<CodeLang, { name: string; extensions: string[] }> = {
  ts: { name: 'TypeScript', extensions: ['ts'] },
  keras: { name: 'Python', extensions: ['py'] },
};

const EXTENSION: Record<CodeLang, string> = { ts: '.ts', keras: '.py' };

function writeError(target: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message;
  return `Cannot write ${target}: ${why}.`;
}

/** The module for `project`, exactly as `netwright export --lang <lang>` writes it with the same options. */
export function generateCode(project: Project, options: CodeOptions, blocks: TemplateLibrary | undefined): string {
  const o = CodeOptionsSchema.parse(options);
  const library = o.inline ? undefined : blocks;
  return o.lang === 'ts'
    ? emitTypeScript(project, { blocks: library, ...(o.training ? { training: o.training } : {}) })
    : emitKeras(project, { blocks: library, ...(o.training ? { training: o.training } : {}), ...(o.strategy ? { strategy: o.strategy } : {}) });
}

export function createCodeHandlers(deps: CodeDeps): Pick<Handlers, 'code:generate' | 'code:apply' | 'code:save' | 'code:export-trained'> {
  const recent = new RecentFiles(deps.userDataDir);
  let library: TemplateLibrary | undefined;
  /** The block templates (read once: helper functions are written for their instances). */
  const blocks = (): TemplateLibrary => (library ??= loadTemplateLibrary(deps.templatesDir).templates);

  /** Next to the last project used. */
  async function suggestedPath(fileName: string): Promise<string> {
    const folder = (await recent.list()).map((p) => dirname(p))[0] ?? deps.home ?? homedir();
    return join(folder, fileName);
  }

  /** The path given, or the one chosen in the native dialog; an error result when neither. */
  async function target(path: string | undefined, fileName: string, lang: CodeLang, title: string): Promise<{ path: string } | CodeSaveResult> {
    let chosen = path;
    if (chosen === undefined) {
      if (!deps.dialogs) return { ok: false, message: 'No file path was given and this mode has no native file dialog: choose the file with the in-app dialog and send its path.' };
      const picked = await deps.dialogs.showSave(await suggestedPath(fileName), { title, filters: [FILTERS[lang]] });
      if (picked === null) return { ok: false, cancelled: true };
      chosen = extname(picked) === '' ? `${picked}${EXTENSION[lang]}` : picked;
    }
    if (!isAbsolute(chosen)) return { ok: false, message: `${chosen}: give the file's full path (a folder and a file name).` };
    return { path: chosen };
  }

  function checked(raw: Record<string, unknown>): { ok: true; project: Project } | { ok: false; message: string } {
    const v = validateProject(raw);
    return v.ok ? v : { ok: false, message: `The model is invalid at ${v.error.path || 'the top level'}: ${v.error.message}` };
  }

  return {
    'code:generate': async ({ project: raw, options }): Promise<CodeGenerateResult> => {
      const v = checked(raw);
      if (!v.ok) return { ok: false, message: v.message, problems: [] };
      let code: string;
      try {
        code = generateCode(v.project, options, blocks());
      } catch (e) {
        if (e instanceof CompileError) {
          const errors = e.analysis.diagnostics.filter((d) => d.severity === 'error');
          const name = (id: string | undefined) => v.project.nodes.find((n) => n.id === id)?.name ?? id;
          return {
            ok: false,
            message: `The graph has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}; fix ${errors.length === 1 ? 'it' : 'them'} to see its code.`,
            problems: errors.map((d) => `${d.nodeId ? `${name(d.nodeId)}: ` : ''}${d.message}`),
          };
        }
        return { ok: false, message: (e as Error).message, problems: [] };
      }
      const { mapKeras, mapTypeScript } = await import('../../shared/codegen/codeMap.ts');
      const map = options.lang === 'ts' ? mapTypeScript : mapKeras;
      return { ok: true, code, statements: map(v.project, code, { blocks: options.inline ? undefined : blocks() }) };
    },

    'code:apply': async ({ project: raw, code }) => {
      const v = checked(raw);
      if (!v.ok) return { ok: false, markers: [{ line: 1, column: 1, endLine: 1, endColumn: 1, message: v.message }] };
      // The TypeScript compiler loads only when someone applies code.
      const { applyTypeScript } = await import('../../shared/codegen/applyTypeScript.ts');
      return applyTypeScript(v.project, code, { blocks: blocks() });
    },

    'code:save': async ({ code, lang, fileName, path }) => {
      const where = await target(path, fileName, lang, lang === 'ts' ? 'Save the TypeScript model as' : 'Save the Keras model as');
      if (!('path' in where)) return where;
      try {
        await writeFileAtomic(where.path, code, { backups: 0 });
      } catch (e) {
        return { ok: false, message: writeError(where.path, e) };
      }
      return { ok: true, path: where.path, files: [where.path] };
    },

    'code:export-trained': async ({ runId, options, path }) => {
      let record;
      try {
        record = loadRun(deps.runsDir, runId);
      } catch (e) {
        return { ok: false, message: `Run "${runId}" cannot be read: ${(e as Error).message}` };
      }
      const v = checked(record.project);
      if (!v.ok) return { ok: false, message: `Run "${runId}": ${v.message}` };
      const lang = options.lang;
      const fileName = `${(v.project.name || 'model').replace(/[\\/:*?"<>|]/g, '_')}${EXTENSION[lang]}`;
      const where = await target(path, fileName, lang, 'Export the trained model as');
      if (!('path' in where)) return where;
      // Keras: <module>.weights.h5 beside the module, which loads it (load_trained_weights).
      const weightsFile = lang === 'keras' ? kerasWeightsPath(where.path) : undefined;
      let code: string;
      try {
        const o = CodeOptionsSchema.parse(options);
        const common = { blocks: o.inline ? undefined : blocks(), ...(o.training ? { training: o.training } : {}) };
        code =
          weightsFile !== undefined
            ? emitKeras(v.project, { ...common, ...(o.strategy ? { strategy: o.strategy } : {}), trainedWeights: basename(weightsFile) })
            : emitTypeScript(v.project, { ...common, trainedModel: 'model.json' });
      } catch (e) {
        return { ok: false, message: `Run "${runId}": ${(e as Error).message}` };
      }
      try {
        await writeFileAtomic(where.path, code, { backups: 0 });
      } catch (e) {
        return { ok: false, message: writeError(where.path, e) };
      }
      const tf = await import('@tensorflow/tfjs');
      if (weightsFile !== undefined) {
        const trained = await exportTrainedKerasWeights(tf, v.project, join(deps.runsDir, runId), weightsFile);
        if (!trained.ok) return { ok: false, message: `${basename(where.path)} was written, but its weights were not: ${trained.message}` };
        return { ok: true, path: where.path, files: [where.path, trained.weightsFile] };
      }
      const trained = await exportTrainedModel(tf, v.project, join(deps.runsDir, runId), dirname(where.path));
      if (!trained.ok) return { ok: false, message: `${basename(where.path)} was written, but its weights were not: ${trained.message}` };
      return { ok: true, path: where.path, files: [where.path, trained.modelJson, trained.weightsBin] };
    },
  };
}
