/**
 * The template library on disk: every templates/*.json read through shared/templates/format.ts.
 * Backs the `templates:list` and `templates:load` channels and the CLI; the expansion itself is
 * the pure shared/templates/expand.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Responses, TemplateInfo } from '../shared/ipc.ts';
import { listTemplateInfos, readTemplate, TEMPLATE_ID, type TemplateFile } from '../shared/templates/format.ts';
import { expandTemplate } from '../shared/templates/expand.ts';
import type { ParamValues } from '../shared/templates/params.ts';

/** templates/ of this checkout (or of the app's resources, when packaged alongside). */
export const TEMPLATES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../templates');

export interface LoadedLibrary {
  templates: Map<string, TemplateFile>;
  /** Files that could not be read, one message each (file and reason); the rest still load. */
  errors: string[];
}

/** Reads every template file in `dir`. */
export function loadTemplateLibrary(dir: string = TEMPLATES_DIR): LoadedLibrary {
  const templates = new Map<string, TemplateFile>();
  const errors: string[] = [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    return { templates, errors: [`${dir}: cannot list templates: ${(e as Error).message}`] };
  }
  for (const file of files) {
    const id = file.slice(0, -'.json'.length);
    let text: string;
    try {
      text = readFileSync(join(dir, file), 'utf8');
    } catch (e) {
      errors.push(`${join(dir, file)}: cannot read: ${(e as Error).message}`);
      continue;
    }
    const read = readTemplate(id, text);
    if (read.ok) templates.set(id, read.template);
    else errors.push(`${join(dir, file)}: ${read.message}`);
  }
  return { templates, errors };
}

/** `templates:list`: every readable template's id, title, description, kind and defaults. */
export function listTemplates(dir: string = TEMPLATES_DIR): TemplateInfo[] {
  return listTemplateInfos(loadTemplateLibrary(dir).templates.values());
}

/** `templates:load`: the template `id` expanded with `params` into a project. */
export function loadTemplate(id: string, params: ParamValues = {}, dir: string = TEMPLATES_DIR): Responses['templates:load'] {
  if (!TEMPLATE_ID.test(id)) return { ok: false, message: `"${id}" is not a template id (letters, digits, _ and -)` };
  const { templates, errors } = loadTemplateLibrary(dir);
  const template = templates.get(id);
  if (!template) {
    const broken = errors.find((e) => e.includes(`${id}.json`));
    return { ok: false, message: broken ?? `no template "${id}" in ${dir}; the templates are ${[...templates.keys()].join(', ')}` };
  }
  return expandTemplate(template, params, templates);
}

/**
 * The library as the backend's template source (electron/backend/templateSource.ts's interface):
 * `templates:list` and `templates:load` over the files in `dir`, read afresh on each call so
 * edited templates show up without a restart.
 */
export function libraryTemplateSource(dir: string = TEMPLATES_DIR): {
  list(): Promise<TemplateInfo[]>;
  load(id: string, params?: Record<string, unknown>): Promise<Responses['templates:load']>;
} {
  return {
    list: async () => listTemplates(dir),
    load: async (id, params) => loadTemplate(id, params ?? {}, dir),
  };
}
