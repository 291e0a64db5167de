/**
 * Where a drag frame goes (a tool, not a benchmark): opens the generated 1,000-layer graph fitted
 * in view, drags a node for a few seconds under Chromium's trace and JS profiler, and prints the
 * main-thread time per trace event and the JS functions with the most self time.
 *   node --import tsx bench/editorProfile.ts [--zoom fit|1] [--drag-ms 2000]
 */
import type { Page } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasChromium, openFile, SKIP_REASON, startApp } from '../test/e2e/harness.ts';
import { analyzeGraph } from '../shared/graph/analyze.ts';
import { circleDrag, grabPoint } from './drag.ts';
import { generatedGraph } from './generatedGraph.ts';

const arg = (name: string, dflt: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1]! : dflt);
const dragMs = Number(arg('--drag-ms', '2000'));
const zoom = arg('--zoom', 'fit');

interface TraceEvent { name: string; ph: string; dur?: number; tid: number; pid: number; args?: { name?: string } }
interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }

const drag = async (page: Page, ms: number) => circleDrag(page, await grabPoint(page), ms);

async function main(): Promise<void> {
  if (!hasChromium) return console.log(SKIP_REASON);
  const big = generatedGraph(1000);
  const app = await startApp({ bypassCSP: true });
  try {
    writeFileSync(join(app.workDir, 'big.json'), JSON.stringify(big));
    const page = await app.newPage();
    await openFile(page, 'big.json');
    const total = analyzeGraph(big).totals.total.toLocaleString('en-US');
    await page.waitForFunction(`document.querySelector('[data-testid="total-params"]')?.textContent === ${JSON.stringify(total)}`);
    await page.waitForTimeout(800);
    if (zoom === '1') {
      await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('0');
      await page.waitForTimeout(800);
    }
    await drag(page, 800);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await app.browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'viz'] });
    await cdp.send('Profiler.start');
    const moves = await drag(page, dragMs);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    const trace = JSON.parse((await app.browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };

    const events = trace.traceEvents;
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const byName = new Map<string, { ms: number; n: number }>();
    for (const e of events) {
      if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || !e.dur) continue;
      const r = byName.get(e.name) ?? { ms: 0, n: 0 };
      r.ms += e.dur / 1000;
      r.n++;
      byName.set(e.name, r);
    }
    console.log(`${moves} mouse moves in ${dragMs} ms, zoom ${zoom}`);
    console.log('main thread, by trace event (inclusive, nested events overlap):');
    for (const [name, r] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 22)) console.log(`  ${r.ms.toFixed(0).padStart(6)} ms  ${String(r.n).padStart(5)}x  ${name}`);

    // JS self time per function from the sampling profile.
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const byFn = new Map<string, number>();
    for (const n of profile.nodes) {
      const us = self.get(n.id) ?? 0;
      const f = n.callFrame;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      byFn.set(key, (byFn.get(key) ?? 0) + us);
    }
    console.log('JS self time (sampled):');
    for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  } finally {
    await app.close();
  }
}

await main();
