/**
 * A/B of two renderer builds on the far-zoom drag (a tool, not a benchmark): the generated
 * 1,000-layer graph fitted in view in one page per build, the same drag alternated between them
 * for a few rounds. Besides frames per second it reports the renderer's CPU time per mouse move
 * (thread time from Chromium's trace), which a busy shared machine disturbs far less than fps.
 *   npx tsx bench/editorAB.ts <rendererDirA> <rendererDirB> [--pan] [--rounds 3] [--drag-ms 2500]
 *     [--detail] [--css-b '<css added to page B>']
 * Build B with `npm run build:renderer` and copy dist/renderer away first; --css-b tries a style
 * change on the same build without rebuilding. --pan presses on empty canvas (pans the view).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBrowserServer, type BrowserServer } from '../electron/browserServer.ts';
import { createHandlers } from '../electron/backend/handlers.ts';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, openFile, ROOT, SKIP_REASON } from '../test/e2e/harness.ts';
import { analyzeGraph } from '../shared/graph/analyze.ts';
import { circleDrag, grabPoint } from './drag.ts';
import { generatedGraph } from './generatedGraph.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string, dflt: string) => (flag(name) ? argv[argv.indexOf(name) + 1]! : dflt);
const withValue = new Set(['--rounds', '--drag-ms', '--css-b']);
const dirs = argv.filter((a, i) => !a.startsWith('--') && !withValue.has(argv[i - 1] ?? ''));
const rounds = Number(option('--rounds', '3'));
const dragMs = Number(option('--drag-ms', '2500'));

interface TraceEvent { name: string; ph: string; pid: number; tid: number; tdur?: number; args?: { name?: string } }

/** Thread CPU ms per move of the busiest renderer main thread, and (with --detail) per trace event. */
function cpuPerMove(events: TraceEvent[], moves: number): { main: number; detail: string } {
  const names = new Map<string, string>();
  for (const e of events) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const tasks = new Map<string, number>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && e.tdur && e.name === 'ThreadControllerImpl::RunTask' && names.get(thread) === 'CrRendererMain') tasks.set(thread, (tasks.get(thread) ?? 0) + e.tdur / 1000);
  }
  const [main, ms] = [...tasks].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const byName = new Map<string, number>();
  for (const e of events) if (e.ph === 'X' && e.tdur && `${e.pid}:${e.tid}` === main) byName.set(e.name, (byName.get(e.name) ?? 0) + e.tdur / 1000);
  const detail = [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([k, v]) => `    ${(v / moves).toFixed(2).padStart(6)} ms  ${k}`)
    .join('\n');
  return { main: ms / moves, detail };
}

async function measure(browser: Browser, page: Page, detail: boolean): Promise<{ fps: number; moves: number; cpu: number; detail: string }> {
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const at = flag('--pan') ? { x: pane.x + 8, y: pane.y + 8 } : await grabPoint(page, 12);
  await browser.startTracing(page, { categories: detail ? ['toplevel', 'devtools.timeline', 'blink', 'disabled-by-default-devtools.timeline'] : ['toplevel'] });
  // Strings, not functions: tsx would wrap a function with helpers the page does not have.
  await page.evaluate(`(() => { window.__frames = []; window.__stop = false; const tick = (t) => { window.__frames.push(t); if (!window.__stop) requestAnimationFrame(tick); }; requestAnimationFrame(tick); })()`);
  const moves = await circleDrag(page, at, dragMs);
  const frames = (await page.evaluate('(() => { window.__stop = true; return window.__frames; })()')) as number[];
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const cpu = cpuPerMove(trace.traceEvents, moves);
  return { fps: ((frames.length - 1) * 1000) / (frames[frames.length - 1]! - frames[0]!), moves, cpu: cpu.main, detail: cpu.detail };
}

async function main(): Promise<void> {
  if (!hasChromium) return console.log(SKIP_REASON);
  if (dirs.length === 0) return console.log('usage: npx tsx bench/editorAB.ts <rendererDirA> <rendererDirB> [--pan] [--rounds n] [--drag-ms ms] [--detail] [--css-b css]');
  const big = generatedGraph(1000);
  const total = analyzeGraph(big).totals.total.toLocaleString('en-US');
  const base = mkdtempSync(join(tmpdir(), 'netwright-ab-'));
  const workDir = join(base, 'work');
  const userDataDir = join(base, 'user');
  mkdirSync(workDir);
  mkdirSync(userDataDir);
  writeFileSync(join(workDir, 'big.json'), JSON.stringify(big));
  const handlers = createHandlers({ mode: 'browser', version: 'bench', userDataDir, templatesDir: join(ROOT, 'templates'), home: workDir, fallbackReason: 'benchmark', broadcast: () => undefined });
  const servers: BrowserServer[] = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const pages: Page[] = [];
    for (const [i, rendererDir] of dirs.entries()) {
      const server = await startBrowserServer({ port: 0, host: '127.0.0.1', rendererDir, handlers });
      servers.push(server);
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, bypassCSP: true });
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error(`[page error ${i}]`, e.message));
      await page.goto(server.url);
      await page.waitForSelector('.react-flow__renderer');
      await openFile(page, 'big.json');
      await page.waitForFunction(`document.querySelector('[data-testid="total-params"]')?.textContent === ${JSON.stringify(total)}`, undefined, { timeout: 60_000 });
      // Wait for the fit (below the far view's tiny zoom), then warm up: selection, inspector, layers.
      await page.waitForFunction(`Number(/scale\\(([0-9.]+)/.exec(document.querySelector('.react-flow__viewport').style.transform)?.[1]) < 0.2`, undefined, { timeout: 30_000 });
      if (i === 1 && flag('--css-b')) await page.addStyleTag({ content: option('--css-b', '') });
      await page.waitForTimeout(800);
      await circleDrag(page, await grabPoint(page, 12), 1000);
      pages.push(page);
    }
    const results = dirs.map(() => [] as { fps: number; cpu: number }[]);
    for (let r = 0; r < rounds; r++) {
      for (const [i, page] of pages.entries()) {
        const m = await measure(browser, page, flag('--detail'));
        results[i]!.push(m);
        console.log(`round ${r} ${'AB'[i] ?? i}: ${m.fps.toFixed(1)} fps, ${m.moves} moves, renderer main thread ${m.cpu.toFixed(1)} ms CPU per move, load ${loadavg()[0]!.toFixed(1)}`);
        if (flag('--detail')) console.log(m.detail);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [fpsA, cpuA] = [median(results[0]!.map((m) => m.fps)), median(results[0]!.map((m) => m.cpu))];
    for (const [i, dir] of dirs.entries()) {
      const fps = median(results[i]!.map((m) => m.fps));
      const cpu = median(results[i]!.map((m) => m.cpu));
      console.log(`${'AB'[i] ?? i} ${dir}: median ${fps.toFixed(1)} fps (${(fps / fpsA).toFixed(2)}x A), ${cpu.toFixed(1)} ms CPU per move (${(cpu / cpuA).toFixed(2)}x A)`);
    }
  } finally {
    await browser.close().catch(() => undefined);
    for (const s of servers) await s.close().catch(() => undefined);
    rmSync(base, { recursive: true, force: true });
  }
}

await main();
