/**
 * Folder listing for browser mode's in-app file dialog (a web page cannot show a native one).
 * Hidden entries are left out; folders come first, then files, each sorted by name.
 */
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { DirEntry, Responses } from '../../shared/ipc.ts';

/** Listing stops here: a folder with more entries is shown truncated. */
export const MAX_ENTRIES = 5000;

export async function listFolder(path: string | undefined, home = homedir()): Promise<Responses['fs:list']> {
  const folder = resolve(path ?? home);
  const info = await stat(folder).catch(() => null);
  if (!info) return { ok: false, message: `Cannot list ${folder}: no such folder.` };
  if (!info.isDirectory()) return { ok: false, message: `Cannot list ${folder}: it is a file, not a folder.` };
  let dirents;
  try {
    dirents = await readdir(folder, { withFileTypes: true });
  } catch (e) {
    return { ok: false, message: `Cannot list ${folder}: ${(e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (e as Error).message}.` };
  }
  const entries: DirEntry[] = [];
  for (const d of dirents) {
    if (d.name.startsWith('.')) continue;
    const full = join(folder, d.name);
    // Symlinks are shown as what they point to; broken ones are left out.
    const dir = d.isSymbolicLink() ? await stat(full).then((s) => s.isDirectory(), () => null) : d.isDirectory();
    if (dir === null) continue;
    entries.push({ name: d.name, path: full, dir });
    if (entries.length >= MAX_ENTRIES) break;
  }
  entries.sort((a, b) => (a.dir === b.dir ? a.name.localeCompare(b.name) : a.dir ? -1 : 1));
  const parent = dirname(folder);
  return { path: folder, parent: parent === folder ? null : parent, entries };
}
