/**
 * Recently opened or saved project files, newest first, persisted as recent.json in the user-data
 * folder. A damaged list is treated as empty: it is a convenience, never a reason to fail.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseJsonSafely } from '../../shared/graph/safeJson.ts';
import { writeFileAtomic } from './atomicWrite.ts';

export const MAX_RECENT = 10;

export class RecentFiles {
  private readonly file: string;

  constructor(private readonly userDataDir: string) {
    this.file = join(userDataDir, 'recent.json');
  }

  /** The stored list, keeping only files that still exist. */
  async list(): Promise<string[]> {
    return (await this.read()).filter((p) => existsSync(p));
  }

  /** Moves `path` to the front of the list. */
  async add(path: string): Promise<void> {
    const absolute = resolve(path);
    const next = [absolute, ...(await this.read()).filter((p) => p !== absolute)].slice(0, MAX_RECENT);
    await mkdir(this.userDataDir, { recursive: true });
    await writeFileAtomic(this.file, `${JSON.stringify({ files: next }, null, 2)}\n`);
  }

  private async read(): Promise<string[]> {
    const text = await readFile(this.file, 'utf8').catch(() => null);
    if (text === null) return [];
    const json = parseJsonSafely(text);
    if (!json.ok) return [];
    const files = (json.value as { files?: unknown }).files;
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string' && f.length > 0) : [];
  }
}
