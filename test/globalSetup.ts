/**
 * Once per test run: bundle the trainer and evaluation processes from the current sources (as the
 * packaged app has them) and point NETWRIGHT_TRAINER_ENTRY / NETWRIGHT_EVALUATION_ENTRY at them, so
 * the hundred-odd processes the tests start load in a fraction of a second instead of ~3 s through
 * tsx. The bundles sit under dist/ (so they resolve node_modules as the app does), in a folder of
 * this run's own, removed at the end. test/electron/trainer/bundledChild.test.ts and
 * test/electron/bundle.test.ts check the bundles; the sources' tsx path is checked there too.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildElectron } from '../electron/launcher/buildElectron.ts';

export default async function setup(): Promise<() => void> {
  const root = resolve(import.meta.dirname, '..');
  // A tensorflow engine the person built (~/.config/netwright/engines/tensorflow) would change
  // what `auto` picks in every test; the tests that want it name its folder themselves.
  process.env.NETWRIGHT_TENSORFLOW_ENGINE = join(root, 'dist', 'no-tensorflow-engine');
  if (process.env.NETWRIGHT_TEST_SOURCES === '1') return () => undefined;
  mkdirSync(join(root, 'dist'), { recursive: true });
  const dir = mkdtempSync(join(root, 'dist', 'test-bundles-'));
  const outputs = await buildElectron(root, dir);
  process.env.NETWRIGHT_TRAINER_ENTRY = outputs.find((f) => f.endsWith('trainer-child.cjs'));
  process.env.NETWRIGHT_EVALUATION_ENTRY = outputs.find((f) => f.endsWith('evaluation-child.cjs'));
  return () => rmSync(dir, { recursive: true, force: true });
}
