/**
 * Finds the project a CLI argument names: a path to a project file, or the name of a template
 * under templates/ (with or without .json). Templates are expanded with their defaults, or with
 * the parameter values given as text (`--input 224x224x3`, `--classes 1000`, `--param aux=true`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseProject } from '../../shared/graph/load.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { isTemplateProject, readTemplate } from '../../shared/templates/format.ts';
import { expandTemplate } from '../../shared/templates/expand.ts';
import { parseParamText, TemplateError, type ParamValues } from '../../shared/templates/params.ts';
import { loadTemplateLibrary, TEMPLATES_DIR } from '../templates.ts';

export { TEMPLATES_DIR };

export type Resolved = { ok: true; project: Project; path: string } | { ok: false; message: string };

/**
 * Loads `arg`. `paramText` holds template parameter values as typed on the command line, by
 * parameter name; they are read with the type of each parameter's default.
 */
export function resolveProject(arg: string, paramText: Record<string, string> = {}): Resolved {
  const candidates = [resolve(arg), join(TEMPLATES_DIR, arg), join(TEMPLATES_DIR, `${arg}.json`)];
  const path = candidates.find((p) => existsSync(p) && statSync(p).isFile());
  if (!path) return { ok: false, message: `${arg}: no such file, and no template of that name in ${TEMPLATES_DIR} (run 'netwright templates' to list them)` };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, message: `${path}: cannot read: ${(e as Error).message}` };
  }
  const loaded = parseProject(text);
  if (!loaded.ok) return { ok: false, message: `${path}${loaded.error.path ? ` at ${loaded.error.path}` : ''}: ${loaded.error.message}` };
  const given = Object.keys(paramText);
  if (!isTemplateProject(loaded.project)) {
    if (given.length > 0) return { ok: false, message: `${path} is a project file, not a template; ${given.map((k) => `--${k}`).join(', ')} only apply to templates` };
    return { ok: true, project: loaded.project, path };
  }

  const id = basename(path).replace(/\.json$/, '').replace(/[^A-Za-z0-9_-]/g, '_');
  const read = readTemplate(id, text);
  if (!read.ok) return { ok: false, message: `${path}: ${read.message}` };
  const specs = read.template.meta.params;
  const params: ParamValues = {};
  try {
    for (const [key, value] of Object.entries(paramText)) {
      if (!Object.hasOwn(specs, key)) {
        return { ok: false, message: `template ${id} has no parameter "${key}"; its parameters are ${Object.keys(specs).join(', ') || '(none)'}` };
      }
      params[key] = parseParamText(value, specs[key]!.default, key === 'input' || key === 'classes' ? `--${key}` : `--param ${key}`);
    }
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, message: `template ${id}: ${e.message}` };
    throw e;
  }
  // Blocks come from the template library; a template outside templates/ may use them too.
  const library = new Map(loadTemplateLibrary().templates);
  library.set(id, read.template);
  const expanded = expandTemplate(read.template, params, library);
  if (!expanded.ok) return { ok: false, message: `${path}: ${expanded.message}` };
  return { ok: true, project: expanded.project, path };
}
