/**
 * Loading a project file: safe JSON, migration to the current version, schema validation.
 * Every failure is a value naming where in the file it happened; nothing here throws.
 */
import type { z } from 'zod';
import { parseJsonSafely } from './safeJson.ts';
import { migrate } from './migrations.ts';
import { ProjectSchema, type Project } from './schema.ts';

export type LoadResult = { ok: true; project: Project; migrated: string[] } | { ok: false; error: LoadError };

export interface LoadError {
  /** Where in the file, e.g. `nodes[3].position.x`; empty for the whole file. */
  path: string;
  message: string;
}

/** Parses and validates the text of a project file. */
export function parseProject(text: string): LoadResult {
  const json = parseJsonSafely(text);
  if (!json.ok) return { ok: false, error: { path: json.path, message: json.message } };
  return validateProject(json.value);
}

/** Validates an already-parsed object (e.g. from IPC or a template expansion). */
export function validateProject(value: unknown): LoadResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: { path: '', message: 'a project file holds one JSON object' } };
  }
  const migrated = migrate(value as Record<string, unknown>);
  if (!migrated.ok) return { ok: false, error: { path: 'schemaVersion', message: migrated.message } };
  const parsed = ProjectSchema.safeParse(migrated.value);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  return { ok: true, project: parsed.data, migrated: migrated.applied };
}

/** The first zod issue as a path and message a person can act on. */
export function firstIssue(error: z.ZodError): LoadError {
  const issue = error.issues[0]!;
  return { path: formatPath(issue.path), message: issue.message };
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

/** The value at a zod issue's path (what the person gave), or undefined where there is none. */
export function readPath(obj: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = obj;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key as string];
  }
  return v;
}

/** Stable, readable JSON for saving: two-space indent, trailing newline. */
export function serializeProject(project: Project): string {
  return `${JSON.stringify(project, null, 2)}\n`;
}
