/**
 * Helpers of the crash tests: two big, clearly different projects; the writer child bundled once
 * with esbuild (so each of the hundreds of spawns starts in plain node, in tens of milliseconds);
 * and spawn-then-SIGKILL after a random delay.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { ProjectInput } from '../../../shared/graph/schema.ts';

/**
 * A chain of `n` Dense layers, each carrying a `note` of `noteBytes` characters (a free-form field a
 * person might keep): the bytes make the file big while validation stays cheap, so a save's time is
 * mostly writing, which is where a crash hurts.
 */
export function bigProject(name: string, n: number, units: number, noteBytes = 0): ProjectInput {
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: `n${i}`,
    kind: i === 0 ? 'Input' : 'Dense',
    name: `${name}_layer_${i}`,
    ...(noteBytes ? { note: `${name}:${i}:`.padEnd(noteBytes, String.fromCharCode(97 + ((i + units) % 26))) } : {}),
    params: i === 0 ? { shape: [units] } : { units: units + (i % 7), activation: 'relu', useBias: true },
    position: { x: (i % 10) * 220, y: Math.floor(i / 10) * 90 },
  }));
  const edges = nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: `n${i}`, sourcePort: 'out', target: node.id, targetPort: 'in' }));
  return { schemaVersion: 1, name, nodes, edges, groups: [] };
}

/** Bundles writerChild.ts into a temp folder (split per mode, minified); returns the entry .mjs path. */
export async function bundleWriter(): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'nw-writer-'));
  await build({
    entryPoints: { writer: join(import.meta.dirname, 'writerChild.ts') },
    bundle: true,
    splitting: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    // Native modules cannot be bundled; the writer never draws a PNG diagram.
    external: ['@resvg/resvg-js'],
    // CommonJS packages the backend pulls in call require() for Node built-ins; ESM has none of its own.
    banner: { js: "import { createRequire as __nwCreateRequire } from 'node:module'; const require = __nwCreateRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return join(outdir, 'writer.mjs');
}

export function writeVersions(dir: string, versions: unknown[]): string {
  const file = join(dir, 'versions.json');
  writeFileSync(file, JSON.stringify(versions));
  return file;
}

/** Called with each line the child prints; returns a delay in ms to kill after, or null to wait for more. */
export type KillPolicy = (line: string) => number | null;

/** Kill after the first line, `delayMs` later. */
export const afterFirstLine = (delayMs: number): KillPolicy => () => delayMs;

/**
 * Kill inside a save at a uniformly random point, whatever the machine's speed: let `completed`
 * saves finish (the child prints `saved <ms>` after each), then kill after a random part of the
 * last save's duration; with `completed` = 0, within `firstWindowMs` of `ready`.
 */
export function duringSave(completed: number, firstWindowMs: number): KillPolicy {
  let saves = 0;
  return (line) => {
    if (line === 'ready') return completed === 0 ? Math.random() * firstWindowMs : null;
    const ms = /^saved ([\d.]+)$/.exec(line);
    if (!ms) return null;
    saves++;
    return saves === completed ? Math.random() * Number(ms[1]) : null;
  };
}

/**
 * Runs `node script ...args` and SIGKILLs it when `policy` says so. Resolves when it is dead;
 * rejects if it exited on its own (an error in the child).
 */
export function spawnAndKill(script: string, args: string[], policy: KillPolicy): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let buffered = '';
    let scheduled = false;
    let killedByUs = false;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      buffered += d;
      let nl;
      while (!scheduled && (nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const delay = policy(line);
        if (delay === null) continue;
        scheduled = true;
        setTimeout(() => (killedByUs = child.kill('SIGKILL')), delay);
      }
    });
    child.on('exit', (code, signal) => {
      if (killedByUs && signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited by itself (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}
