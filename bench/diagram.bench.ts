/**
 * Export-diagram preview benchmark (not a test), in real Chromium against the built renderer: the
 * longest main-thread block while ResNet-50's expanded preview is computed. Before: ELK's bundled
 * build laying out the same ELK graph on the page's main thread, as the dialog did until the
 * layout moved to a worker (only the layout call: the old path also built the graph and SVG on
 * this thread, so "before" is a lower bound). After: the dialog itself, ELK in its worker, from
 * the click on "Expanded" to the new picture shown. Blocks are measured two ways: the longest
 * 'longtask' entry (tasks over 50 ms) and the longest gap between animation frames.
 *   node --import tsx bench/diagram.bench.ts [--rounds 3]   (build first: npm run build:renderer)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { hasChromium, SKIP_REASON, startApp, totalParams } from '../test/e2e/harness.ts';
import { loadTemplateLibrary } from '../electron/templates.ts';
import { placeWithElk, type ElkEngine } from '../shared/diagram/elk.ts';
import { buildDiagramGraph } from '../shared/diagram/graph.ts';
import { analyzeGraph } from '../shared/graph/analyze.ts';
import { expandTemplate } from '../shared/templates/expand.ts';

const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) || 3 : 3;

interface Blocks {
  /** Longest 'longtask' entry in ms (0 when no task took over 50 ms). */
  longestTask: number;
  /** Longest interval between two animation frames in ms. */
  longestFrameGap: number;
  /** From the start to the result (before: layout done; after: the new picture on screen), ms. */
  total: number;
}

// Page-side probes, as strings: tsx would wrap functions with helpers the page does not have.
const PROBE_START = `(() => {
  const p = { tasks: [], frames: [], stop: false, t0: performance.now() };
  p.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) p.tasks.push(e.duration); });
  p.observer.observe({ type: 'longtask' });
  const tick = (t) => { p.frames.push(t); if (!p.stop) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  window.__probe = p;
})()`;
// Two more frames after the result, so the gap that ends with it is counted; then the numbers.
const PROBE_STOP = `new Promise((resolve) => {
  const p = window.__probe;
  const total = performance.now() - p.t0;
  requestAnimationFrame(() => requestAnimationFrame(() => {
    p.stop = true;
    p.observer.takeRecords().forEach((e) => p.tasks.push(e.duration));
    p.observer.disconnect();
    let gap = 0;
    for (let i = 1; i < p.frames.length; i++) gap = Math.max(gap, p.frames[i] - p.frames[i - 1]);
    resolve({ longestTask: Math.max(0, ...p.tasks), longestFrameGap: gap, total });
  }));
})`;

const sizeText = (page: Page) => page.getByTestId('diagram-size').textContent();

/** After: the dialog switching from collapsed to expanded, ELK in the worker. */
async function dialogExpanded(page: Page): Promise<Blocks> {
  await page.getByTestId('diagram-groups-collapsed').check();
  await page.waitForFunction(`/· 7 cards/.test(document.querySelector('[data-testid="diagram-size"]').textContent)`, undefined, { timeout: 60_000 });
  await page.waitForTimeout(300);
  await page.evaluate(PROBE_START);
  await page.getByTestId('diagram-groups-expanded').check();
  await page.waitForFunction(
    `/· 177 cards/.test(document.querySelector('[data-testid="diagram-size"]').textContent) && (() => { const i = document.querySelector('[data-testid="diagram-preview"] img'); return i.complete && i.naturalWidth > 0; })()`,
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await page.evaluate(PROBE_STOP)) as Blocks;
}

/** Before: the same ELK graph laid out by the bundled build on the page's main thread. */
async function mainThreadExpanded(page: Page, elkInput: unknown): Promise<Blocks> {
  await page.evaluate(`window.__elkInput = ${JSON.stringify(elkInput)}`);
  await page.waitForTimeout(300);
  await page.evaluate(PROBE_START);
  // As drawPreview did: a short wait so "Laying out…" paints, then ELK on this thread.
  await page.evaluate(`new Promise((r) => setTimeout(r, 30)).then(() => new window.ELK().layout(structuredClone(window.__elkInput))).then(() => undefined)`);
  return (await page.evaluate(PROBE_STOP)) as Blocks;
}

/** The ELK graph placeWithElk hands its engine for expanded ResNet-50 (captured, not laid out). */
async function expandedElkInput(): Promise<unknown> {
  const library = loadTemplateLibrary().templates;
  const r = expandTemplate(library.get('resnet50')!, {}, library);
  if (!r.ok) throw new Error(r.message);
  let input: unknown;
  const capture: ElkEngine = {
    layout: async (g) => {
      input = structuredClone(g);
      throw new Error('captured');
    },
  };
  await placeWithElk(buildDiagramGraph(r.project, analyzeGraph(r.project), { groups: 'expanded' }), 0, 0, capture).catch(() => undefined);
  return input;
}

const fmt = (b: Blocks) => `longest task ${b.longestTask.toFixed(0).padStart(5)} ms · longest frame gap ${b.longestFrameGap.toFixed(0).padStart(5)} ms · to result ${b.total.toFixed(0).padStart(5)} ms`;
/** Round 1 (cold: first layout in a fresh page or worker) and the median of the others (warm). */
const cold = (xs: Blocks[], key: keyof Blocks) => xs[0]![key];
const warm = (xs: Blocks[], key: keyof Blocks) => {
  const rest = xs.slice(1).map((x) => x[key]).sort((a, b) => a - b);
  return rest.length ? rest[Math.floor(rest.length / 2)]! : NaN;
};

async function main(): Promise<void> {
  if (!hasChromium) {
    console.log(SKIP_REASON);
    return;
  }
  console.log(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${rounds} rounds each (first = cold)`);
  const elkInput = await expandedElkInput();
  const bundledSource = readFileSync(createRequire(import.meta.url).resolve('elkjs/lib/elk.bundled.js'), 'utf8');
  // bypassCSP: the probes and the baseline's ELK go in as script text.
  const app = await startApp({ bypassCSP: true });
  try {
    const page = await app.newPage();
    await page.getByTestId('palette-search').fill('resnet-50');
    await page.getByTestId('palette-search').press('Enter');
    await page.waitForFunction(`document.querySelector('[data-testid="total-params"]')?.textContent === '23,600,006'`, undefined, { timeout: 60_000 });
    if ((await totalParams(page)) !== '23,600,006') throw new Error('ResNet-50 did not load');

    const after: Blocks[] = [];
    await page.getByTestId('export-diagram').click();
    for (let i = 0; i < rounds; i++) {
      after.push(await dialogExpanded(page));
      console.log(`after  (worker)      round ${i + 1}: ${fmt(after[i]!)}   [${await sizeText(page)}]`);
    }
    await page.locator('.nw-modal-actions button', { hasText: 'Cancel' }).click();

    await page.addScriptTag({ content: bundledSource });
    const before: Blocks[] = [];
    for (let i = 0; i < rounds; i++) {
      before.push(await mainThreadExpanded(page, elkInput));
      console.log(`before (main thread) round ${i + 1}: ${fmt(before[i]!)}`);
    }

    const row = (label: string, key: keyof Blocks, pick: typeof cold) => {
      const [b, a] = [pick(before, key), pick(after, key)];
      return `${label.padEnd(34)} before ${b.toFixed(0).padStart(5)} ms   after ${a.toFixed(0).padStart(5)} ms   before/after ${(b / Math.max(a, 1)).toFixed(1)}x`;
    };
    console.log('');
    console.log(row('longest task, cold (round 1)', 'longestTask', cold));
    console.log(row('longest task, warm (median)', 'longestTask', warm));
    console.log(row('longest frame gap, cold', 'longestFrameGap', cold));
    console.log(row('longest frame gap, warm (median)', 'longestFrameGap', warm));
    console.log(row('to result, warm (median)', 'total', warm) + '   (before: layout only; after: picture shown)');
  } finally {
    await app.close();
  }
}

await main();
