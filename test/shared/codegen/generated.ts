/**
 * Runs the tools generated code must satisfy: `tsc --strict` over TypeScript modules (one run
 * for all, to stay fast), `python3 -m py_compile` over Python modules, and the recording
 * TensorFlow stand-in (kerasShim/) that lists what a Python module builds when executed.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './tempDir.ts';

export interface ToolResult {
  status: number | null;
  output: string;
}

function run(command: string, args: string[], env: Record<string, string> = {}): ToolResult {
  const r = spawnSync(command, args, { cwd: REPO, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return { status: null, output: String(r.error) };
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** `tsc --noEmit --strict` over `files` as a user's project would compile them. */
export function typecheck(files: string[]): ToolResult {
  const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
  return run(process.execPath, [
    tsc, '--ignoreConfig', '--noEmit', '--strict', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler',
    '--lib', 'es2022,dom', '--types', 'node', '--skipLibCheck', ...files,
  ]);
}

/** `python3 -m py_compile` over `files`. */
export function pyCompile(files: string[]): ToolResult {
  return run('python3', ['-m', 'py_compile', ...files], { PYTHONDONTWRITEBYTECODE: '1', PYTHONPYCACHEPREFIX: join(REPO, '.netwright-tmp/pycache') });
}

/** What one generated Python module records when its main() runs. */
export type PyRecord =
  | { class: string; kwargs: Record<string, unknown>; inputs: string[] }
  | { model: string; inputs: unknown; outputs: unknown }
  | { strategy: string }
  | { scope: 'enter' | 'exit' }
  | { compile: { optimizer: { class: string; kwargs: Record<string, unknown> }; loss: string; metrics: string[] } }
  | { summary: true };

/** Executes main() of each module against the recording stand-in; path -> records. */
export function recordKeras(files: string[]): { result: ToolResult; records: Record<string, PyRecord[]> } {
  const result = run('python3', [join(REPO, 'test/shared/codegen/kerasShim/record.py'), ...files], { PYTHONDONTWRITEBYTECODE: '1' });
  let records: Record<string, PyRecord[]> = {};
  if (result.status === 0) records = JSON.parse(result.output) as Record<string, PyRecord[]>;
  return { result, records };
}
