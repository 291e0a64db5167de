/**
 * Finds the project a CLI argument names: a path to a project file, or the name of a template
 * under templates/ (with or without .json).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseProject } from '../../shared/graph/load.ts';
import type { Project } from '../../shared/graph/schema.ts';

export const TEMPLATES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../templates');

export type Resolved = { ok: true; project: Project; path: string } | { ok: false; message: string };

export function resolveProject(arg: string): Resolved {
  const candidates = [resolve(arg), join(TEMPLATES_DIR, arg), join(TEMPLATES_DIR, `${arg}.json`)];
  const path = candidates.find((p) => existsSync(p) && !p.endsWith('/'));
  if (!path) return { ok: false, message: `${arg}: no such file, and no template of that name in ${TEMPLATES_DIR}` };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, message: `${path}: cannot read: ${(e as Error).message}` };
  }
  const loaded = parseProject(text);
  if (!loaded.ok) return { ok: false, message: `${path}${loaded.error.path ? ` at ${loaded.error.path}` : ''}: ${loaded.error.message}` };
  return { ok: true, project: loaded.project, path };
}
