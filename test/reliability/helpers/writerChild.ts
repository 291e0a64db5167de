/**
 * The child process of the crash tests, bundled by crashHarness.ts and killed with SIGKILL at
 * random moments. `save TARGET VERSIONS` saves the two projects of VERSIONS (a JSON array) to
 * TARGET alternately, forever, with the real save code (saveProjectFile: atomic write + backups),
 * printing `saved <ms>` after each.
 * `journal USERDATA VERSIONS` does the same through the real `recovery:write` handler; with a
 * third argument `once`, it journals the first project, says so, and waits to be killed.
 */
import { readFileSync } from 'node:fs';
// Imported lazily, per mode: each of the hundreds of spawns loads only what its mode needs.
const saving = async () => ({ ...(await import('../../../electron/backend/projectFiles.ts')), ...(await import('../../../shared/graph/load.ts')) });
const journaling = async () => ({ ...(await import('../../../electron/backend/handlers.ts')), ...(await import('../../../electron/backend/dispatch.ts')) });

const [mode, where, versionsFile, once] = process.argv.slice(2);
const versions = JSON.parse(readFileSync(versionsFile!, 'utf8')) as Array<Record<string, unknown>>;

async function main(): Promise<void> {
  if (mode === 'save') {
    const { saveProjectFile, validateProject, serializeProject } = await saving();
    // Start from whichever version is not on disk, so every save changes the file.
    let i = readFileSync(where!, 'utf8').includes(`"name": "${versions[0]!.name}"`) ? 1 : 0;
    // Warm up (validation and serialisation compiled) so the kill window covers whole saves.
    for (const v of versions) {
      const checked = validateProject(v);
      if (!checked.ok) throw new Error(checked.error.message);
      serializeProject(checked.project);
    }
    process.stdout.write('ready\n');
    for (;;) {
      const started = performance.now();
      const result = await saveProjectFile(where!, versions[i % 2]);
      if (!result.ok) throw new Error('message' in result ? result.message : 'save cancelled');
      process.stdout.write(`saved ${(performance.now() - started).toFixed(1)}\n`);
      i++;
    }
  }
  if (mode === 'journal') {
    const { createHandlers, dispatch } = await journaling();
    const handlers = createHandlers({ mode: 'browser', version: 'test', userDataDir: where!, templatesDir: where! });
    if (once) {
      const reply = await dispatch(handlers, 'recovery:write', { project: versions[0], path: '/work/model.json' });
      if (!reply.ok) throw new Error(reply.error);
      process.stdout.write('journaled\n');
      setInterval(() => undefined, 1000); // an editor still open, until it is killed
      return;
    }
    // One whole write first (as an editor that has been open a while has), then kills may land anywhere.
    const first = await dispatch(handlers, 'recovery:write', { project: versions[0], path: null });
    if (!first.ok) throw new Error(first.error);
    process.stdout.write('ready\n');
    for (let i = 1; ; i++) {
      const reply = await dispatch(handlers, 'recovery:write', { project: versions[i % 2], path: null });
      if (!reply.ok) throw new Error(reply.error);
    }
  }
  throw new Error(`unknown mode ${mode}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
