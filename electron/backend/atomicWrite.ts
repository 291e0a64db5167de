/**
 * Crash-safe file replacement: the new bytes go to a temp file in the same folder, are flushed to
 * disk, and only then renamed over the target (rename is atomic on one file system), after which
 * the folder itself is flushed so the rename survives a power cut. At every instant the target is
 * either the complete old file or the complete new one. Older versions are kept as backups.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Backups live next to the file, out of sight: `<dir>/.netwright-backups/<name>.1.bak` (newest) .. `.N.bak`. */
export const BACKUP_DIR = '.netwright-backups';

export interface AtomicWriteOptions {
  /** How many previous versions to keep (0 keeps none). */
  backups?: number;
}

/** Path of the `n`-th newest backup of `target` (n = 1 is the version just before the last save). */
export function backupPath(target: string, n: number): string {
  return join(dirname(target), BACKUP_DIR, `${basename(target)}.${n}.bak`);
}

/** Name prefix of our temp files for `target`, so leftovers of a killed save can be recognised. */
function tempPrefix(target: string): string {
  return `.${basename(target)}.`;
}

/**
 * Replaces `target` with `data` atomically (temp file, fsync, rename, fsync of the folder),
 * keeping `backups` previous versions. If anything fails, `target` is untouched and the error is
 * thrown with the temp file removed.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(target);
  const temp = join(dir, `${tempPrefix(target)}${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const previous = await stat(target).catch(() => null);
  if (previous?.isDirectory()) throw new Error(`${target} is a folder, not a file`);
  try {
    const handle = await open(temp, 'wx', previous ? previous.mode & 0o777 : 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (previous && (options.backups ?? 0) > 0) await rotateBackups(target, options.backups!);
    await rename(temp, target);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await syncDir(dir);
  await removeStaleTemps(target, temp);
}

/** Shifts backups 1..n-1 up by one and makes the current file backup 1 (a hard link: no copy, no window). */
async function rotateBackups(target: string, keep: number): Promise<void> {
  await mkdir(join(dirname(target), BACKUP_DIR), { recursive: true });
  for (let n = keep - 1; n >= 1; n--) {
    await rename(backupPath(target, n), backupPath(target, n + 1)).catch(ignoreMissing);
  }
  const newest = backupPath(target, 1);
  await unlink(newest).catch(ignoreMissing);
  // A hard link keeps the old bytes under the backup name when the rename replaces the target;
  // file systems without hard links get a copy instead.
  await link(target, newest).catch(() => copyFile(target, newest));
  await syncDir(dirname(newest));
}

function ignoreMissing(e: NodeJS.ErrnoException): void {
  if (e.code !== 'ENOENT') throw e;
}

/** Flushes a folder's entries (the rename) to disk. Windows cannot open folders; there rename is already durable enough. */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP'].includes(code ?? '')) throw e;
  } finally {
    await handle?.close();
  }
}

/**
 * Removes temp files a killed save of the same target left behind. Only those older than a
 * minute: a younger one may belong to a save still running in another window.
 */
async function removeStaleTemps(target: string, current: string): Promise<void> {
  const prefix = tempPrefix(target);
  const names = await readdir(dirname(target)).catch(() => [] as string[]);
  for (const name of names) {
    const full = join(dirname(target), name);
    if (!name.startsWith(prefix) || !name.endsWith('.tmp') || full === current) continue;
    const info = await stat(full).catch(() => null);
    if (info && Date.now() - info.mtimeMs > STALE_TEMP_MS) await unlink(full).catch(() => undefined);
  }
}

const STALE_TEMP_MS = 60_000;
