// The recovery journal outlives a crash: a child process journals unsaved work through the real
// `recovery:write` handler and is killed with SIGKILL; a new backend over the same user-data folder
// (the relaunched app) reads the work back through `recovery:read`, whole. A child killed while
// journaling over and over never leaves a journal that reads as damaged or missing.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/backend/dispatch.ts';
import { createHandlers } from '../../electron/backend/handlers.ts';
import { validateProject } from '../../shared/graph/load.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { afterFirstLine, bigProject, bundleWriter, spawnAndKill, writeVersions } from './helpers/crashHarness.ts';

let writer: string;
beforeAll(async () => {
  writer = await bundleWriter();
});

/** The relaunched app: a fresh backend over the same user-data folder. */
async function readJournal(userDataDir: string): Promise<{ project: Project; path: string | null } | null> {
  const handlers = createHandlers({ mode: 'browser', version: 'relaunched', userDataDir, templatesDir: userDataDir });
  const reply = await dispatch(handlers, 'recovery:read', {});
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as { project: Project; path: string | null } | null;
}

const validated = (p: unknown): Project => {
  const checked = validateProject(p);
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.project;
};

describe('recovery journal across a crash', () => {
  it('work journaled by a process that is then SIGKILLed is offered back, whole, to the next launch', { timeout: 300_000 }, async () => {
    for (let round = 0; round < 5; round++) {
      const userData = mkdtempSync(join(tmpdir(), 'nw-journal-'));
      const project = bigProject(`unsaved_${round}`, 200 + round, 8);
      const versions = writeVersions(userData, [project]);
      await spawnAndKill(writer, ['journal', userData, versions, 'once'], afterFirstLine(Math.random() * 50));
      const back = await readJournal(userData);
      expect(back, `round ${round}`).not.toBeNull();
      expect(back!.project).toEqual(validated(project));
      expect(back!.path).toBe('/work/model.json');
    }
  });

  it('killed at 25 random moments while journaling, the journal always reads back as a whole version', { timeout: 300_000 }, async () => {
    const userData = mkdtempSync(join(tmpdir(), 'nw-journal-loop-'));
    const a = bigProject('journal_a', 200, 8, 500);
    const b = bigProject('journal_b', 220, 12, 500);
    const expected = [validated(a), validated(b)];
    const versions = writeVersions(userData, [a, b]);
    for (let k = 0; k < 25; k++) {
      await spawnAndKill(writer, ['journal', userData, versions], afterFirstLine(Math.random() * 80));
      const back = await readJournal(userData);
      expect(back, `kill ${k}: the journal is gone`).not.toBeNull();
      expect(expected, `kill ${k}`).toContainEqual(back!.project);
      expect(existsSync(join(userData, 'recovery.json.damaged')), `kill ${k}: journal read as damaged`).toBe(false);
    }
  });
});
