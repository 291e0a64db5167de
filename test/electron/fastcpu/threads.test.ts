// fastcpu with 1 thread (plain SIMD build, unshared memory) and 2 threads (threaded build,
// pthread workers from temp files, shared memory): each in its own process, since the wasm
// backend starts once per process. Both must train like the CPU backend.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'trainOnce.ts');

describe.each([1, 2])('fastcpu with %i thread(s)', (threads) => {
  it('loads, names itself, trains like the CPU backend and lets the process exit', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fixture], {
      encoding: 'utf8',
      env: { ...process.env, NETWRIGHT_FASTCPU_THREADS: String(threads) },
      timeout: 120_000,
    });
    expect(r.signal, 'the process did not end by itself').toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
    expect(line, r.stderr).toBeDefined();
    const out = JSON.parse(line!) as { label: string; threads: number; worst: number };
    expect(out.threads).toBe(threads);
    expect(out.label).toBe(`Fast CPU (wasm SIMD, ${threads} thread${threads === 1 ? '' : 's'})`);
    expect(out.worst).toBeLessThan(1e-4);
  });
});
