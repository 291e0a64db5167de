/**
 * Opening and saving project files. Opening parses, migrates and validates (every failure names
 * the file and the field); saving validates first, so an invalid project never reaches the disk,
 * then writes atomically with backups, so a failed or interrupted save never harms the old file.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseProject, serializeProject, validateProject } from '../../shared/graph/load.ts';
import type { OpenResult, SaveResult } from '../../shared/ipc.ts';
import { writeFileAtomic } from './atomicWrite.ts';

/** Project files bigger than this are refused before reading (a 100,000-node graph is ~20 MB). */
export const MAX_PROJECT_BYTES = 256 * 1024 * 1024;
/** Previous versions kept in .netwright-backups/ next to the file. */
export const PROJECT_BACKUPS = 3;

export async function openProjectFile(path: string): Promise<OpenResult> {
  const absolute = resolve(path);
  const info = await stat(absolute).catch((e: NodeJS.ErrnoException) => e);
  if (info instanceof Error) {
    const why = info.code === 'ENOENT' ? 'no such file' : info.code === 'EACCES' ? 'permission denied' : info.message;
    return { ok: false, path: absolute, message: `Cannot open ${absolute}: ${why}.` };
  }
  if (info.isDirectory()) return { ok: false, path: absolute, message: `Cannot open ${absolute}: it is a folder; choose a project file (.json).` };
  // Devices, pipes and sockets: reading /dev/zero or a FIFO would never end.
  if (!info.isFile()) return { ok: false, path: absolute, message: `Cannot open ${absolute}: it is not a regular file; choose a project file (.json).` };
  if (info.size > MAX_PROJECT_BYTES) {
    return { ok: false, path: absolute, message: `Cannot open ${absolute}: ${info.size} bytes is more than the ${MAX_PROJECT_BYTES}-byte limit for project files.` };
  }
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (e) {
    return { ok: false, path: absolute, message: `Cannot read ${absolute}: ${(e as Error).message}.` };
  }
  const loaded = parseProject(text);
  if (!loaded.ok) {
    const where = loaded.error.path ? ` at ${loaded.error.path}` : '';
    return { ok: false, path: absolute, message: `${absolute}${where}: ${loaded.error.message}` };
  }
  return { ok: true, path: absolute, project: loaded.project, migrated: loaded.migrated };
}

/** Validates then writes `project` to `path` atomically (temp, fsync, rename, fsync dir) keeping backups. */
export async function saveProjectFile(path: string, project: unknown): Promise<SaveResult> {
  const absolute = resolve(path);
  const checked = validateProject(project);
  if (!checked.ok) {
    const where = checked.error.path ? ` at ${checked.error.path}` : '';
    return { ok: false, message: `Not saved: the project is invalid${where}: ${checked.error.message}. ${absolute} was not changed.` };
  }
  try {
    await writeFileAtomic(absolute, serializeProject(checked.project), { backups: PROJECT_BACKUPS });
  } catch (e) {
    return { ok: false, message: `Not saved to ${absolute}: ${(e as Error).message}. The file on disk was not changed.` };
  }
  return { ok: true, path: absolute };
}
