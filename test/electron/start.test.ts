// `npm start` on a machine without the Electron binary (this one; forced with
// ELECTRON_OVERRIDE_DIST_PATH so the test means the same where Electron is installed): it prints
// one line with the reason and the address, and that address serves the UI.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { start } from '../../electron/launcher/start.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function launch(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'nw-start-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Netwright UI</title>');
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'start.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'no-electron-here'), NETWRIGHT_RENDERER_DIR: rendererDir, NETWRIGHT_USER_DATA: join(dir, 'ud') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const firstLine = new Promise<string>((done, fail) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n')) done(stdout.split('\n')[0]!);
    });
    child.on('exit', (code) => fail(new Error(`start.mjs exited with ${code} before printing: ${stderr}`)));
  });
  firstLine.catch(() => undefined); // awaited by the tests that expect a line
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, firstLine, exited, output: () => ({ stdout, stderr }) };
}

describe('npm start', () => {
  it('falls back to browser mode, prints one line with the reason and the address, and serves it', async () => {
    const run = launch(['--port', '0']);
    try {
      const line = await run.firstLine;
      expect(line).toMatch(/^Electron is not available \(its binary was not downloaded: .*no-electron-here\/electron does not exist\); running in browser mode: open http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
      const url = line.slice(line.indexOf('http://'));
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Netwright UI</title>');
      expect((await fetch(url.replace(/\?token=.*/, ''))).status).toBe(403);
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
    expect(run.output().stdout.trim().split('\n')).toHaveLength(1);
  });

  it('--browser forces browser mode and says so', async () => {
    const run = launch(['--browser']);
    try {
      expect(await run.firstLine).toMatch(/^Running in browser mode \(--browser\): open http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
  });

  it('a bad option prints usage and exits 2', async () => {
    const lines: string[] = [];
    const code = await start(ROOT, ['--nope'], {}, { out: (l) => lines.push(`out: ${l}`), err: (l) => lines.push(`err: ${l}`) });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^err: netwright: unknown option --nope\nusage: npm start/)]);
  });
});
