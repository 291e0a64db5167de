/**
 * The reference tier: real TensorFlow / Keras / PyTorch referee our numbers where the reference
 * environment (.venv-ref, made by test/reference/setup.sh from the machine's local wheel index)
 * exists. Tests call one Python script with a JSON request (`op` names a file under ops/) and get
 * its JSON answer; without the environment they skip with a message naming the install command.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The reference interpreter: NETWRIGHT_REF_PYTHON, else the project's .venv-ref. */
export const REF_PYTHON = process.env.NETWRIGHT_REF_PYTHON ?? join(ROOT, '.venv-ref', 'bin', 'python');
const SCRIPT = join(ROOT, 'test', 'reference', 'referee.py');

let versions: Record<string, string | null> | undefined;

/** Versions of the reference frameworks, null for each one missing (all null without the venv). */
export function referenceVersions(): Record<string, string | null> {
  if (versions) return versions;
  versions = {};
  if (existsSync(REF_PYTHON)) {
    const out = spawnSync(REF_PYTHON, [SCRIPT], { input: JSON.stringify({ op: 'versions' }), encoding: 'utf8', timeout: 120_000 });
    if (out.status === 0) versions = JSON.parse(out.stdout) as Record<string, string | null>;
  }
  return versions;
}

/** True when every named module imports in the reference environment. */
export function hasReference(...modules: string[]): boolean {
  const found = referenceVersions();
  return modules.every((m) => typeof found[m] === 'string');
}

/** The test-name suffix that says why a reference test did not run. */
export function referenceSkipReason(...modules: string[]): string {
  return hasReference(...modules)
    ? `(against ${modules.map((m) => `${m} ${referenceVersions()[m]}`).join(', ')})`
    : `(skipped: no reference ${modules.join('+')}; create it with: bash test/reference/setup.sh${modules.includes('torch') ? ' --torch' : ''})`;
}

export class RefereeError extends Error {
  constructor(message: string, readonly traceback: string) {
    super(message);
  }
}

/** Runs one referee op; resolves with its JSON answer, rejects with what Python said. */
export function referee<T = unknown>(op: string, request: Record<string, unknown> = {}, timeoutMs = 300_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(REF_PYTHON, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      let answer: { error?: string; traceback?: string } | undefined;
      try {
        answer = JSON.parse(out) as { error?: string };
      } catch {
        reject(new RefereeError(`referee ${op} exited ${code} without an answer`, err.slice(-4000)));
        return;
      }
      if (code !== 0 || answer.error) reject(new RefereeError(`referee ${op}: ${answer.error}`, `${answer.traceback ?? ''}\n${err.slice(-4000)}`));
      else resolve(answer as T);
    });
    child.stdin.end(JSON.stringify({ ...request, op }));
  });
}
