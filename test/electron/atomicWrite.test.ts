// Atomic saves: the target is always a whole old or whole new file, backups rotate, and a failure
// at the last step (the rename) leaves the old file and no temp file behind.
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const failRename = { next: false };
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      if (failRename.next && from.endsWith('.tmp')) {
        failRename.next = false;
        throw Object.assign(new Error('ENOSPC: no space left on device, rename'), { code: 'ENOSPC' });
      }
      return actual.rename(from, to);
    },
  };
});

const { BACKUP_DIR, backupPath, writeFileAtomic } = await import('../../electron/backend/atomicWrite.ts');

const dir = () => mkdtempSync(join(tmpdir(), 'nw-atomic-'));
afterEach(() => {
  failRename.next = false;
});

describe('writeFileAtomic', () => {
  it('creates and replaces a file, leaving no temp files', async () => {
    const d = dir();
    const file = join(d, 'model.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(d)).toEqual(['model.json']);
  });

  it('keeps the last 3 versions as backups, newest first', async () => {
    const d = dir();
    const file = join(d, 'model.json');
    for (const v of ['v1', 'v2', 'v3', 'v4', 'v5']) await writeFileAtomic(file, v, { backups: 3 });
    expect(readFileSync(file, 'utf8')).toBe('v5');
    expect([1, 2, 3].map((n) => readFileSync(backupPath(file, n), 'utf8'))).toEqual(['v4', 'v3', 'v2']);
    expect(readdirSync(join(d, BACKUP_DIR)).sort()).toEqual(['model.json.1.bak', 'model.json.2.bak', 'model.json.3.bak']);
  });

  it('a backup is a separate file: later saves do not change it', async () => {
    const d = dir();
    const file = join(d, 'm.json');
    await writeFileAtomic(file, 'old', { backups: 3 });
    await writeFileAtomic(file, 'new', { backups: 3 });
    await writeFileAtomic(file, 'newer', { backups: 3 });
    expect(readFileSync(backupPath(file, 2), 'utf8')).toBe('old');
    expect(readFileSync(backupPath(file, 1), 'utf8')).toBe('new');
  });

  it('keeps the permissions of the file it replaces', async () => {
    const d = dir();
    const file = join(d, 'm.json');
    writeFileSync(file, 'x');
    chmodSync(file, 0o600);
    await writeFileAtomic(file, 'y');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a failed rename leaves the old file intact and removes the temp file', async () => {
    const d = dir();
    const file = join(d, 'm.json');
    await writeFileAtomic(file, 'old');
    failRename.next = true;
    await expect(writeFileAtomic(file, 'new')).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(d)).toEqual(['m.json']);
  });

  it('refuses to replace a folder', async () => {
    const d = dir();
    await expect(writeFileAtomic(d, 'x')).rejects.toThrow(/is a folder/);
  });

  it('sweeps temp files an earlier killed save left behind, but not fresh ones', async () => {
    const d = dir();
    const file = join(d, 'm.json');
    const stale = join(d, '.m.json.999.abc.tmp');
    const fresh = join(d, '.m.json.998.def.tmp');
    writeFileSync(stale, 'half');
    writeFileSync(fresh, 'in progress');
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(stale, hourAgo, hourAgo);
    await writeFileAtomic(file, 'whole');
    expect(readdirSync(d).sort()).toEqual(['.m.json.998.def.tmp', 'm.json']);
  });
});
