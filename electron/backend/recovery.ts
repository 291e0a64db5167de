/**
 * The recovery journal: the UI writes its unsaved project here every few seconds (atomically), and
 * clears it after a save or a discard. After a crash the next launch finds it and offers the work
 * back. A journal that no longer validates is moved aside (recovery.json.damaged), never thrown away.
 */
import { mkdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJsonSafely } from '../../shared/graph/safeJson.ts';
import { validateProject } from '../../shared/graph/load.ts';
import type { Recovery } from '../../shared/ipc.ts';
import { writeFileAtomic } from './atomicWrite.ts';

export class RecoveryJournal {
  readonly file: string;

  constructor(private readonly userDataDir: string, private readonly now: () => Date = () => new Date()) {
    this.file = join(userDataDir, 'recovery.json');
  }

  /**
   * Journals `project` (validated first, so a bad one never replaces a good journal); null clears.
   * Throws with a message naming the invalid field.
   */
  async write(project: Record<string, unknown> | null, path: string | null): Promise<{ ok: true }> {
    if (project === null) {
      await unlink(this.file).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
      return { ok: true };
    }
    const checked = validateProject(project);
    if (!checked.ok) throw new Error(`recovery journal not written: the project is invalid at ${checked.error.path || 'top level'}: ${checked.error.message}`);
    await mkdir(this.userDataDir, { recursive: true });
    const entry: Recovery = { project: checked.project, path, savedAt: this.now().toISOString() };
    await writeFileAtomic(this.file, JSON.stringify(entry));
    return { ok: true };
  }

  /** The journaled work, or null when there is none (or it was damaged and has been moved aside). */
  async read(): Promise<Recovery | null> {
    const text = await readFile(this.file, 'utf8').catch(() => null);
    if (text === null) return null;
    const json = parseJsonSafely(text);
    const raw = json.ok ? (json.value as Partial<Recovery> | null) : null;
    const checked = raw && typeof raw === 'object' ? validateProject(raw.project) : null;
    if (!raw || !checked?.ok) {
      await rename(this.file, `${this.file}.damaged`).catch(() => undefined);
      return null;
    }
    return {
      project: checked.project,
      path: typeof raw.path === 'string' ? raw.path : null,
      savedAt: typeof raw.savedAt === 'string' ? raw.savedAt : '',
    };
  }
}
