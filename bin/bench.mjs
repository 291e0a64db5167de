#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts in turn through tsx; arguments after `--` go to
// each of them (e.g. `npm run bench -- --rounds 1`). Benchmarks print ratios; they are not tests.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.bench.ts')).sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== bench/${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', file), ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
