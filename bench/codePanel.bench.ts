/**
 * Code panel benchmark (not a test), in real Chromium against the built renderer and the real
 * browser-mode backend, on ResNet-50: the time from the click on "Code" to the module's text on
 * screen, cold (Monaco's chunk loads, the first generation) and warm (panel closed and opened
 * again), and from a graph edit to the new text; each with the longest main-thread task. The
 * baseline, in the same run: the same module generated in this process by emitTypeScript (what
 * the backend does for the panel), so the ratio is what the panel adds around the generator.
 *   node --import tsx bench/codePanel.bench.ts [--rounds 5]   (build first: npm run build:renderer)
 */
import { cpus, loadavg } from 'node:os';
import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { hasChromium, ROOT, SKIP_REASON, startApp, totalParams } from '../test/e2e/harness.ts';
import { loadTemplateLibrary } from '../electron/templates.ts';
import { emitTypeScript } from '../shared/codegen/typescript.ts';
import { expandTemplate } from '../shared/templates/expand.ts';

const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) || 5 : 5;

interface Timing {
  /** From the action to the text on screen, ms. */
  total: number;
  /** Longest 'longtask' entry (tasks over 50 ms), ms. */
  longestTask: number;
}

// Page-side probes, as strings (tsx would wrap functions with helpers the page does not have):
// long tasks (over 50 ms) on the page's main thread between start and stop.
const PROBE_START = `(() => {
  const p = { tasks: [] };
  p.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) p.tasks.push(e.duration); });
  p.observer.observe({ type: 'longtask' });
  window.__probe = p;
})()`;
const PROBE_STOP = `(() => {
  const p = window.__probe;
  p.observer.takeRecords().forEach((e) => p.tasks.push(e.duration));
  p.observer.disconnect();
  return Math.max(0, ...p.tasks);
})()`;

/** Runs `act` and waits until `shown` (a locator) is visible; the time between, in ms. */
async function timed(page: Page, act: () => Promise<void>, shown: ReturnType<Page['locator']>): Promise<Timing> {
  await page.evaluate(PROBE_START);
  const t0 = performance.now();
  await act();
  await shown.first().waitFor({ timeout: 60_000 });
  const total = performance.now() - t0;
  return { total, longestTask: (await page.evaluate(PROBE_STOP)) as number };
}

async function openPanel(page: Page): Promise<Timing> {
  return timed(page, () => page.getByTestId('toggle-code').click(), page.locator('.nw-code-panel .view-line', { hasText: "import * as tf from '@tensorflow/tfjs'" }));
}

async function closePanel(page: Page): Promise<void> {
  await page.getByTestId('code-close').click();
  await page.getByTestId('code-panel').waitFor({ state: 'detached' });
}

/** Switches "Blocks as functions" (a new module) until the status shows the new module's line count. */
async function toggleInline(page: Page, lines: number): Promise<Timing> {
  await page.waitForTimeout(200);
  return timed(page, () => page.getByTestId('code-helpers').click(), page.getByTestId('code-status').filter({ hasText: `${lines} lines` }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function rendererSize(): { total: number; main: number } {
  const dir = join(ROOT, 'dist', 'renderer', 'assets');
  let total = 0;
  let main = 0;
  for (const f of readdirSync(dir)) {
    const size = statSync(join(dir, f)).size;
    total += size;
    if (/^index-.*\.js$/.test(f)) main += size;
  }
  return { total, main };
}

async function main(): Promise<void> {
  if (!hasChromium) {
    console.log(SKIP_REASON);
    return;
  }
  console.log(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${rounds} rounds (warm figures are medians)`);
  const size = rendererSize();
  console.log(`renderer bundle: entry chunk ${(size.main / 1024).toFixed(0)} KiB; all assets ${(size.total / 1024 / 1024).toFixed(1)} MiB (Monaco and its workers load on first open)`);

  // Baseline: the generator alone, in this process, on the same graph.
  const library = loadTemplateLibrary().templates;
  const expanded = expandTemplate(library.get('resnet50')!, {}, library);
  if (!expanded.ok) throw new Error(expanded.message);
  const emitTimes: number[] = [];
  for (let i = 0; i < rounds + 1; i++) {
    const t0 = performance.now();
    emitTypeScript(expanded.project, { blocks: library });
    emitTimes.push(performance.now() - t0);
  }
  const emitWarm = median(emitTimes.slice(1));
  const lines = (inline: boolean) => emitTypeScript(expanded.project, inline ? {} : { blocks: library }).split('\n').length;

  const app = await startApp();
  try {
    const page = await app.newPage();
    await page.getByTestId('palette-search').fill('resnet-50');
    await page.getByTestId('palette-search').press('Enter');
    for (let i = 0; i < 600 && (await totalParams(page)) !== '23,600,006'; i++) await page.waitForTimeout(100);
    if ((await totalParams(page)) !== '23,600,006') throw new Error('ResNet-50 did not load');
    await page.waitForTimeout(500);

    const cold = await openPanel(page);
    console.log(`open, cold:  ${cold.total.toFixed(0).padStart(5)} ms to text · longest task ${cold.longestTask.toFixed(0)} ms`);
    const warm: Timing[] = [];
    const edits: Timing[] = [];
    for (let i = 0; i < rounds; i++) {
      await closePanel(page);
      await page.waitForTimeout(200);
      warm.push(await openPanel(page));
      edits.push(await toggleInline(page, lines(true)));
      edits.push(await toggleInline(page, lines(false)));
      console.log(`round ${i + 1}: open ${warm[i]!.total.toFixed(0).padStart(5)} ms (task ${warm[i]!.longestTask.toFixed(0)} ms) · new module after an option change ${edits[2 * i]!.total.toFixed(0)} / ${edits[2 * i + 1]!.total.toFixed(0)} ms`);
    }
    const w = median(warm.map((t) => t.total));
    const e = median(edits.map((t) => t.total));
    console.log('');
    console.log(`baseline: emitTypeScript(ResNet-50) in-process ${emitWarm.toFixed(1)} ms (median)`);
    console.log(`open → text, cold     ${cold.total.toFixed(0).padStart(5)} ms   ${(cold.total / emitWarm).toFixed(0)}x the generator`);
    console.log(`open → text, warm     ${w.toFixed(0).padStart(5)} ms   ${(w / emitWarm).toFixed(0)}x the generator`);
    console.log(`option → new text     ${e.toFixed(0).padStart(5)} ms   ${(e / emitWarm).toFixed(0)}x the generator`);
    console.log(`longest main-thread task while opening warm: ${median(warm.map((t) => t.longestTask)).toFixed(0)} ms (cold ${cold.longestTask.toFixed(0)} ms)`);
  } finally {
    await app.close();
  }
}

await main();
