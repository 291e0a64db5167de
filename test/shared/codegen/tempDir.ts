/**
 * A scratch folder inside the repository (.netwright-tmp/, git-ignored), so generated modules
 * resolve @tensorflow/tfjs from the project's node_modules. Removed by the caller when done.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export function makeTempDir(prefix: string): { dir: string; remove(): void } {
  const base = join(REPO, '.netwright-tmp');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
