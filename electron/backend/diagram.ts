/**
 * The diagram:export channel: the model (or the selected layers, with their outside inputs) drawn
 * by shared/diagram and written as SVG, or as PNG through resvg, to the path given or chosen in the
 * native save dialog. Very large diagrams get a lower PNG scale rather than a file no viewer opens.
 */
import { homedir } from 'node:os';
import { dirname, extname, isAbsolute, join } from 'node:path';
import { resolveSelection } from '../../shared/diagram/selection.ts';
import { validateProject } from '../../shared/graph/load.ts';
import type { Handlers } from '../../shared/ipc.ts';
import { diagramFormat, renderDiagram } from '../diagram/export.ts';
import { writeFileAtomic } from './atomicWrite.ts';
import type { Dialogs } from './handlers.ts';
import { RecentFiles } from './recentFiles.ts';

export interface DiagramDeps {
  userDataDir: string;
  dialogs?: Dialogs;
  home?: string;
}

const FILTERS = {
  svg: { name: 'SVG image', extensions: ['svg'] },
  png: { name: 'PNG image', extensions: ['png'] },
};

export function createDiagramHandlers(deps: DiagramDeps): Pick<Handlers, 'diagram:export'> {
  const recent = new RecentFiles(deps.userDataDir);

  /** Next to the last project used, named after the model. */
  async function suggestedPath(name: string, format: 'svg' | 'png'): Promise<string> {
    const base = name.trim() ? name.trim().replace(/[\\/:*?"<>|]/g, '_') : 'model';
    const folder = (await recent.list()).map((p) => dirname(p))[0] ?? deps.home ?? homedir();
    return join(folder, `${base}.${format}`);
  }

  return {
    'diagram:export': async ({ project: raw, path, format, groups, theme, selection, scale }) => {
      const checked = validateProject(raw);
      if (!checked.ok) return { ok: false as const, message: `The model cannot be drawn: it is invalid at ${checked.error.path || 'the top level'}: ${checked.error.message}` };
      const project = checked.project;
      const chosen = resolveSelection(project, selection ?? []);
      if (chosen.unknown.length > 0) {
        const list = chosen.unknown.slice(0, 3).map((id) => `"${id}"`).join(', ');
        return { ok: false as const, message: `The selection names ${list}, which ${chosen.unknown.length === 1 ? 'is' : 'are'} not a layer or group of the model; select the layers again.` };
      }

      let target = path;
      if (target === undefined) {
        if (!deps.dialogs) return { ok: false as const, message: 'No file path was given and this mode has no native file dialog: choose the file with the in-app dialog and send its path.' };
        const first = format ?? 'svg';
        const picked = await deps.dialogs.showSave(await suggestedPath(project.name, first), {
          title: 'Export diagram',
          filters: [FILTERS[first], FILTERS[first === 'svg' ? 'png' : 'svg']],
        });
        if (picked === null) return { ok: false as const, cancelled: true as const };
        target = extname(picked) === '' ? `${picked}.${first}` : picked;
      }
      // The UI always sends a full path (from a dialog); a relative one would land wherever the backend runs.
      if (!isAbsolute(target)) return { ok: false as const, message: `${target}: give the diagram's full path (a folder and a file name ending in .svg or .png).` };
      const written = diagramFormat(target);
      if (!written) return { ok: false as const, message: `${target}: a diagram is saved as .svg or .png; choose a name ending in one of them.` };

      const r = await renderDiagram(project, written, { groups, theme, selection: chosen.nodeIds, ...(scale !== undefined ? { scale } : {}) });
      const data = r.data;
      try {
        await writeFileAtomic(target, data, { backups: 0 });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message;
        return { ok: false as const, message: `Cannot write the diagram to ${target}: ${why}.` };
      }
      return {
        ok: true as const,
        path: target,
        format: written,
        width: r.width,
        height: r.height,
        boxes: r.boxes,
        bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength,
        ...(r.scale !== undefined ? { scale: r.scale } : {}),
      };
    },
  };
}
