/**
 * Where a worker process (trainer, evaluation) starts: its bundle beside the running code when
 * there is one (the app runs from dist/electron), else its TypeScript source through tsx. A bundle
 * in dist/ is not used by source runs (CLI, tests): it may be older than the sources.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `bundle` in the folder of `moduleUrl` when it exists there, else `sourceEntry`. */
export function bundleOrSource(moduleUrl: string, bundle: string, sourceEntry: string): string {
  const beside = join(dirname(fileURLToPath(moduleUrl)), bundle);
  return existsSync(beside) ? beside : sourceEntry;
}

/** Node flags an entry needs: TypeScript sources load through tsx; bundles need none. */
export function execArgvFor(entry: string): string[] {
  return /\.[cm]?ts$/.test(entry) ? ['--import', 'tsx'] : [];
}
