// Edit, crash, relaunch, restore, in real Chromium against the real app process: browser mode is
// started as `npm start` starts it (bin/start.mjs, its own process), a chain of layers is typed
// into the editor, and 2 s after the last edit the server process is killed with SIGKILL. The
// journal must already be on disk; a relaunched server over the same user-data folder offers the
// work back and the editor restores it. Skips with a message when Chromium is absent.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, ensureRendererBuilt, hasChromium, ROOT, SKIP_REASON } from '../e2e/harness.ts';

if (!hasChromium) console.warn(SKIP_REASON);

/** Starts browser mode in its own process; resolves with the process and the address it printed. */
function startServer(userData: string, rendererDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'start.mjs'), '--browser', '--no-build'], {
      cwd: ROOT,
      env: { ...process.env, NETWRIGHT_USER_DATA: userData, NETWRIGHT_RENDERER_DIR: rendererDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const url = /open (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`browser mode exited (${code}) before printing its address: ${err}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const layerCount = (page: Page) => page.locator('.nw-summary-table tbody tr').count();
const totalParams = async (page: Page) => (await page.getByTestId('total-params').textContent()) ?? '';

describe.skipIf(!hasChromium)('unsaved work survives a crash of the app process', () => {
  let browser: Browser;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await browser?.close();
  });

  it('edit, SIGKILL the server 2 s after the last edit, relaunch: the UI offers the work and restores it', { timeout: 180_000 }, async () => {
    const rendererDir = ensureRendererBuilt();
    const userData = mkdtempSync(join(tmpdir(), 'nw-crash-e2e-'));
    const first = await startServer(userData, rendererDir);
    children.push(first.child);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(first.url);
    await page.waitForSelector('.react-flow__renderer');
    for (const kind of ['input', 'conv2d', 'globalaveragepooling2d', 'dense']) {
      await page.getByTestId('palette-search').fill(kind);
      await page.getByTestId('palette-search').press('Enter');
    }
    await expect.poll(() => totalParams(page)).toBe('1,226');
    expect(await layerCount(page)).toBe(4);

    // The promise: journaled within ~2 s of the last edit. Then the process dies without warning.
    await page.waitForTimeout(2000);
    await killHard(first.child);
    const journal = JSON.parse(readFileSync(join(userData, 'recovery.json'), 'utf8')) as { project: { nodes: unknown[] } };
    expect(journal.project.nodes).toHaveLength(4);
    await page.close();

    const second = await startServer(userData, rendererDir);
    children.push(second.child);
    const again = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await again.goto(second.url);
    await again.getByTestId('recovery').waitFor();
    expect(await again.getByTestId('recovery').textContent()).toMatch(/4 layers/);
    await again.getByTestId('restore').click();
    await expect.poll(() => layerCount(again)).toBe(4);
    expect(await totalParams(again)).toBe('1,226');
    await again.close();
    await killHard(second.child);
  });
});
