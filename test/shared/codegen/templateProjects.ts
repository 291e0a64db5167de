/**
 * Every template under templates/ expanded with its default parameters, the way the app loads
 * it, so the code generation and import tests cover each new template without being edited.
 * Block templates expand to a standalone network too (their Input takes the `input` parameter).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Project } from '../../../shared/graph/schema.ts';
import { readTemplate, type TemplateFile } from '../../../shared/templates/format.ts';
import { expandTemplate } from '../../../shared/templates/expand.ts';

export const TEMPLATES_DIR = new URL('../../../templates/', import.meta.url);

export interface TemplateCase {
  /** Template id (file name without .json). */
  id: string;
  project: Project;
}

/** The block library: every template file by id. */
export function templateLibrary(): Map<string, TemplateFile> {
  const library = new Map<string, TemplateFile>();
  for (const file of readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const id = file.slice(0, -'.json'.length);
    const read = readTemplate(id, readFileSync(new URL(file, TEMPLATES_DIR), 'utf8'));
    if (!read.ok) throw new Error(`templates/${file}: ${read.message}`);
    library.set(id, read.template);
  }
  return library;
}

/** Every template expanded with its defaults. */
export function templateProjects(library = templateLibrary()): TemplateCase[] {
  return [...library.values()].map((t) => {
    const expanded = expandTemplate(t, {}, library);
    if (!expanded.ok) throw new Error(`templates/${t.id}.json: ${expanded.message}`);
    return { id: t.id, project: expanded.project };
  });
}
