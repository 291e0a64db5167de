/**
 * Where the template handlers get templates: the template library on disk (electron/templates.ts,
 * which reads templates/*.json and expands them with their parameters). The folder is passed in,
 * so the bundled main process reads the app's templates/ rather than a path beside the bundle.
 */
import type { Responses, TemplateInfo } from '../../shared/ipc.ts';
import { listTemplates, loadTemplate } from '../templates.ts';

export interface TemplateSource {
  list(): Promise<TemplateInfo[]>;
  load(id: string, params?: Record<string, unknown>): Promise<Responses['templates:load']>;
}

export function libraryTemplateSource(dir: string): TemplateSource {
  return {
    list: async () => listTemplates(dir),
    load: async (id, params) => loadTemplate(id, params ?? {}, dir),
  };
}
