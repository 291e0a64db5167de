// Saves survive a crash at any instant: a child process saves two big, different versions of a
// project alternately with the real save code (validate, temp file, fsync, backups, rename, fsync
// of the folder) and is killed with SIGKILL at 200 random moments. After every kill the file must
// parse and equal the old or the new version exactly, and the backups must be whole versions too.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_DIR, backupPath } from '../../electron/backend/atomicWrite.ts';
import { PROJECT_BACKUPS, saveProjectFile } from '../../electron/backend/projectFiles.ts';
import { parseProject, serializeProject, validateProject } from '../../shared/graph/load.ts';
import { bigProject, bundleWriter, duringSave, spawnAndKill, writeVersions } from './helpers/crashHarness.ts';

const KILLS = 200;
/** Writers run side by side, each on its own file, to keep the test short on two cores. */
const LANES = 4;

let writer: string;
beforeAll(async () => {
  writer = await bundleWriter();
});

interface LaneResult {
  changes: number;
  killedMidSave: number;
}

/** One writer lane: its own folder and file, `kills` spawn-and-kill rounds, a check after each. */
async function lane(texts: string[], versionsFile: string, kills: number): Promise<LaneResult> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-killsave-'));
  const target = join(dir, 'model.json');
  writeFileSync(target, texts[0]!);
  let changes = 0;
  let killedMidSave = 0;
  let previous = texts[0];
  for (let k = 0; k < kills; k++) {
    // Kill inside the 1st, 2nd or 3rd save of this child, at a uniformly random point of it.
    await spawnAndKill(writer, ['save', target, versionsFile], duringSave(Math.floor(Math.random() * 3), 30));
    const text = readFileSync(target, 'utf8');
    if (!texts.includes(text)) {
      const parsed = parseProject(text);
      throw new Error(`kill ${k}: ${target} is neither version (${text.length} bytes; parses: ${parsed.ok ? 'yes' : parsed.error.message})`);
    }
    if (text !== previous) changes++;
    previous = text;
    // Backups: at most PROJECT_BACKUPS, each a whole version.
    const backups = existsSync(join(dir, BACKUP_DIR)) ? readdirSync(join(dir, BACKUP_DIR)) : [];
    expect(backups.length).toBeLessThanOrEqual(PROJECT_BACKUPS);
    for (const name of backups) expect(texts, `backup ${name} after kill ${k}`).toContain(readFileSync(join(dir, BACKUP_DIR, name), 'utf8'));
    // A temp file left behind means the kill landed inside a save. Cleared here to spare the disk.
    const temps = readdirSync(dir).filter((n) => n.endsWith('.tmp'));
    if (temps.length > 0) killedMidSave++;
    for (const t of temps) rmSync(join(dir, t));
  }
  // After all that, normal saves still work and keep exactly the last PROJECT_BACKUPS versions.
  for (const text of [texts[1]!, texts[0]!, texts[1]!]) expect((await saveProjectFile(target, JSON.parse(text))).ok).toBe(true);
  expect(readFileSync(target, 'utf8')).toBe(texts[1]);
  const backups = [1, 2, 3].map((n) => readFileSync(backupPath(target, n), 'utf8'));
  expect(backups.slice(0, 2)).toEqual([texts[0], texts[1]]);
  expect(texts).toContain(backups[2]);
  expect(readdirSync(join(dir, BACKUP_DIR))).toHaveLength(PROJECT_BACKUPS);
  rmSync(dir, { recursive: true, force: true });
  return { changes, killedMidSave };
}

describe('atomic saves under SIGKILL', () => {
  it(`after each of ${KILLS} kills the file is exactly the old or the new version, never partial`, { timeout: 300_000 }, async () => {
    const a = bigProject('version_a', 300, 16, 2000);
    const b = bigProject('version_b', 330, 24, 2000);
    const texts = [a, b].map((p) => {
      const checked = validateProject(p);
      if (!checked.ok) throw new Error(checked.error.message);
      return serializeProject(checked.project);
    });
    expect(texts[0]!.length).toBeGreaterThan(600_000);
    expect(texts[1]!.length).toBeGreaterThan(texts[0]!.length); // a cut-off B could not pass for A
    const versionsFile = writeVersions(mkdtempSync(join(tmpdir(), 'nw-versions-')), [a, b]);

    const started = performance.now();
    const results = await Promise.all(Array.from({ length: LANES }, () => lane(texts, versionsFile, KILLS / LANES)));
    const killedMidSave = results.reduce((n, r) => n + r.killedMidSave, 0);
    const changes = results.reduce((n, r) => n + r.changes, 0);
    console.log(`atomic saves: ${KILLS} kills in ${((performance.now() - started) / 1000).toFixed(1)} s, ${killedMidSave} inside a save (temp file left), the file changed between kills ${changes} times`);
    // The kills really hit saves in progress, and saves really completed between them.
    expect(killedMidSave).toBeGreaterThan(0);
    expect(changes).toBeGreaterThan(0);
  });
});
