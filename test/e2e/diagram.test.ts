/**
 * Diagram export and template notes in real Chromium against the real browser-mode backend:
 * ResNet-50's idea and source in the palette and the inspector (model and block), the template id
 * kept in the saved file; the Export diagram dialog with its live preview; the whole graph as PNG
 * and SVG, and a selected block with its outside input. Exported files are decoded and parsed;
 * copies of the PNGs and screenshots go to artifacts/screenshots/ to look at. The preview lays out
 * in the ELK worker the editor's auto-layout started (the app ships and starts one): frames keep
 * coming while it works, a newer choice or closing stops it, and what it shows is byte for byte
 * the SVG the backend writes.
 */
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { PNG } from 'pngjs';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, ROOT, SCREENSHOTS, screenshot, SKIP_REASON, startApp, totalParams, type App } from './harness.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The dialog's size line, e.g. "1,006 × 1,444 px · 7 cards", as numbers. */
async function previewSize(page: Page): Promise<{ width: number; height: number; cards: number }> {
  const text = (await page.getByTestId('diagram-size').textContent()) ?? '';
  const m = /([\d,]+) × ([\d,]+) (?:px|units) · (\d+) cards/.exec(text);
  if (!m) throw new Error(`no size in "${text}"`);
  const n = (s: string) => Number(s.replace(/,/g, ''));
  return { width: n(m[1]!), height: n(m[2]!), cards: n(m[3]!) };
}

function readPng(path: string): PNG {
  const bytes = readFileSync(path);
  expect([...bytes.subarray(0, 8)]).toEqual(SIGNATURE);
  return PNG.sync.read(bytes);
}

/** Strict XML parse of an SVG file: its size, texts and number of layer / group cards. */
function readSvg(path: string): { width: number; height: number; texts: string[]; layers: number; groups: number } {
  const fail = (m: string) => {
    throw new Error(`${path}: XML: ${m}`);
  };
  const doc = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(readFileSync(path, 'utf8'), 'image/svg+xml');
  const root = doc.documentElement!;
  expect(root.nodeName).toBe('svg');
  const gs = Array.from(doc.getElementsByTagName('g'));
  return {
    width: Number(root.getAttribute('width')),
    height: Number(root.getAttribute('height')),
    texts: Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent ?? ''),
    layers: gs.filter((g) => g.getAttribute('class') === 'layer').length,
    groups: gs.filter((g) => g.getAttribute('class') === 'group').length,
  };
}

/** Exports from the open dialog through the in-app file dialog; returns the written path. */
async function exportAs(page: Page, app: App, fileName: string): Promise<string> {
  await page.getByTestId('diagram-export').click();
  await page.getByTestId('file-name').fill(fileName);
  await page.getByTestId('file-confirm').click();
  const path = join(app.workDir, fileName);
  const toast = page.locator('.nw-toast', { hasText: `Exported the diagram to ${path} (` });
  await expect.poll(() => toast.count(), { timeout: 30_000 }).toBe(1);
  expect(await toast.textContent()).toMatch(new RegExp(`\\((PNG|SVG), [\\d,]+ × [\\d,]+( px)?, \\d+(\\.\\d)? [KM]B\\)`));
  await toast.click(); // dismissed, so the next export's toast is the only one with its path
  expect(await page.getByTestId('diagram-dialog').count()).toBe(0);
  return path;
}

/** Selects a collapsed block on the canvas, once the fitted view draws it. */
async function clickBlock(page: Page, name: string): Promise<void> {
  const node = page.locator('.nw-group-node', { hasText: name });
  await expect.poll(() => node.count(), { timeout: 15_000 }).toBe(1);
  await node.click();
}

async function openDialog(page: Page): Promise<void> {
  await page.getByTestId('export-diagram').click();
  await page.getByTestId('diagram-preview').locator('img').waitFor();
  await expect.poll(() => page.getByTestId('diagram-preview').locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
}

/** Loads ResNet-50 from the palette and waits for its total. */
async function loadResNet50(page: Page): Promise<void> {
  await page.getByTestId('palette-search').fill('resnet-50');
  await page.getByTestId('palette-search').press('Enter');
  await expect.poll(() => totalParams(page), { timeout: 20_000 }).toBe('23,600,006');
}

/**
 * In the page, so no round trip lets the layout finish first: asks for the expanded layout, waits
 * for six animation frames from the first one saying "Laying out…" (`before`: the frames ahead of
 * it), then clicks Collapsed or Cancel while the layout is still in progress.
 */
async function expandThen(page: Page, then: 'collapsed' | 'cancel'): Promise<{ before: string[]; frames: string[]; busy: string | null }> {
  return page.evaluate(
    (then) =>
      new Promise((resolve) => {
        const before: string[] = [];
        const frames: string[] = [];
        const tick = () => {
          const text = document.querySelector('[data-testid="diagram-size"]')?.textContent ?? '';
          if (frames.length === 0 && text !== 'Laying out…' && before.length < 10) before.push(text);
          else frames.push(text);
          if (frames.length < 6) return requestAnimationFrame(tick);
          const busy = document.querySelector('[data-testid="diagram-preview"]')!.getAttribute('aria-busy');
          if (then === 'collapsed') document.querySelector<HTMLInputElement>('[data-testid="diagram-groups-collapsed"]')!.click();
          else [...document.querySelectorAll<HTMLButtonElement>('.nw-modal-actions button')].find((b) => b.textContent === 'Cancel')!.click();
          resolve({ before, frames, busy });
        };
        document.querySelector<HTMLInputElement>('[data-testid="diagram-groups-expanded"]')!.click();
        requestAnimationFrame(tick);
      }),
    then,
  );
}

/** ELK workers the page starts (the editor's auto-layout and the diagram preview share one). */
function watchElkWorkers(page: Page): { started: () => number; closed: () => number } {
  const workers: { worker: Worker; closed: boolean }[] = [];
  page.on('worker', (worker) => {
    if (!/elk-worker/.test(worker.url())) return;
    const entry = { worker, closed: false };
    workers.push(entry);
    worker.on('close', () => (entry.closed = true));
  });
  return { started: () => workers.length, closed: () => workers.filter((w) => w.closed).length };
}

describe.skipIf(!hasChromium)('diagram export and template notes in Chromium', () => {
  let app: App;
  let page: Page;
  let elkWorkers: ReturnType<typeof watchElkWorkers>;
  beforeAll(async () => {
    app = await startApp();
    page = await app.newPage();
    elkWorkers = watchElkWorkers(page);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('ships one ELK build: the worker script the editor and the preview share, no in-process bundle', () => {
    // The built renderer the app serves (startApp builds it when missing).
    const elkFiles = readdirSync(join(ROOT, 'dist', 'renderer', 'assets')).filter((f) => /elk/i.test(f) && f.endsWith('.js'));
    expect(elkFiles.filter((f) => f.startsWith('elk-worker'))).toHaveLength(1);
    expect(elkFiles.filter((f) => f.includes('bundled'))).toEqual([]);
  });

  it('shows a template idea and source in the palette and the inspector, and keeps the template id in the file', async () => {
    await page.getByTestId('palette-search').fill('resnet-50');
    await page.locator('.nw-palette-item.template[data-template="resnet50"]').hover();
    const details = page.getByTestId('template-details');
    await expect.poll(() => details.getAttribute('data-template')).toBe('resnet50');
    expect(await details.locator('.nw-template-source').textContent()).toContain('arXiv:1512.03385');
    await screenshot(page, 'diagram-01-palette-template');
    await details.locator('button', { hasText: 'More' }).click();
    await screenshot(page, 'diagram-02-palette-template-more');
    // Sources are searchable: an author finds the templates of their paper.
    await page.getByTestId('palette-search').fill('szegedy');
    expect((await page.locator('.nw-palette-item.template').allTextContents()).join(' ')).toMatch(/GoogLeNet.*Inception module|Inception module.*GoogLeNet/);

    await page.getByTestId('palette-search').fill('resnet-50');
    await page.getByTestId('palette-search').press('Enter');
    await expect.poll(() => totalParams(page), { timeout: 20_000 }).toBe('23,600,006');
    // The template was laid out by the app's one ELK worker, started for it.
    expect(elkWorkers.started()).toBe(1);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    const about = page.getByTestId('template-about');
    await expect.poll(() => about.getAttribute('data-template')).toBe('resnet50');
    expect(await about.textContent()).toContain('Deep Residual Learning for Image Recognition');
    await page.waitForTimeout(300);
    await screenshot(page, 'diagram-03-inspector-model-template');

    await clickBlock(page, 'res3a');
    await expect.poll(() => about.getAttribute('data-template')).toBe('resnet_conv_block');
    expect(await about.textContent()).toContain('projection shortcut');
    await screenshot(page, 'diagram-04-inspector-block-template');

    await page.getByTestId('save').click();
    await page.getByTestId('file-name').fill('resnet.json');
    await page.getByTestId('file-confirm').click();
    await expect.poll(() => page.locator('.nw-toast', { hasText: 'Saved' }).count()).toBeGreaterThan(0);
    const saved = JSON.parse(readFileSync(join(app.workDir, 'resnet.json'), 'utf8')) as Record<string, unknown>;
    expect(saved.fromTemplate).toBe('resnet50');
  });

  it('exports the whole graph as a collapsed PNG and an expanded dark SVG', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    // The preview lays out on the worker the auto-layout started: no second ELK worker.
    await openDialog(page);
    expect(elkWorkers.started()).toBe(1);
    expect(elkWorkers.closed()).toBe(0);
    expect(await page.getByTestId('diagram-scope-selection').isDisabled()).toBe(true);
    expect(await page.getByTestId('diagram-groups-collapsed').isChecked()).toBe(true);
    const collapsed = await previewSize(page);
    expect(collapsed.cards).toBe(7); // input_1 and the six stages
    await screenshot(page, 'diagram-05-dialog-whole');
    const pngPath = await exportAs(page, app, 'ResNet50.png');
    const png = readPng(pngPath);
    expect({ width: png.width, height: png.height }).toEqual({ width: collapsed.width, height: collapsed.height });
    copyFileSync(pngPath, join(SCREENSHOTS, 'diagram-export-resnet50-collapsed.png'));

    await openDialog(page);
    expect(elkWorkers.started()).toBe(1);
    await page.getByTestId('diagram-format-svg').check();
    await page.getByTestId('diagram-groups-expanded').check();
    await page.getByTestId('diagram-theme-dark').check();
    await expect.poll(async () => (await previewSize(page)).cards, { timeout: 20_000 }).toBe(177);
    await page.waitForTimeout(300);
    await screenshot(page, 'diagram-06-dialog-expanded-dark');
    const expanded = await previewSize(page);
    const svg = readSvg(await exportAs(page, app, 'ResNet50.svg'));
    expect({ width: svg.width, height: svg.height }).toEqual({ width: expanded.width, height: expanded.height });
    expect(svg.layers).toBe(177);
    expect(svg.texts.join('\n')).toContain('Total params: 23,600,006');
  });

  it('exports a selected block with the layer feeding it from outside, as PNG and SVG', async () => {
    await clickBlock(page, 'res3a');
    await openDialog(page);
    expect(await page.getByTestId('diagram-scope-selection').isChecked()).toBe(true);
    await page.getByTestId('diagram-format-png').check();
    await page.getByTestId('diagram-theme-light').check();
    await page.getByTestId('diagram-groups-expanded').check();
    await expect.poll(async () => (await previewSize(page)).cards).toBe(13); // 12 layers and the outside input
    await page.waitForTimeout(300);
    await screenshot(page, 'diagram-07-dialog-selection');
    const size = await previewSize(page);
    const pngPath = await exportAs(page, app, 'res3a.png');
    const png = readPng(pngPath);
    expect({ width: png.width, height: png.height }).toEqual({ width: size.width, height: size.height });
    copyFileSync(pngPath, join(SCREENSHOTS, 'diagram-export-res3a-selection.png'));

    await clickBlock(page, 'res3a');
    await openDialog(page);
    await page.getByTestId('diagram-format-svg').check();
    await page.getByTestId('diagram-groups-expanded').check();
    const svg = readSvg(await exportAs(page, app, 'res3a.svg'));
    expect(svg.layers).toBe(13);
    expect(svg.texts).toContain('activation_9');
    expect(svg.texts.some((t) => t.includes('from Activation'))).toBe(true);
    expect(svg.texts.join('\n')).toContain('Selection: 12 layers');
    expect(svg.texts).not.toContain('res4a_branch2a');
  });

  it('lays out off the page thread: frames keep coming meanwhile, a newer choice supersedes the older, closing stops it', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await openDialog(page);
    expect(await page.getByTestId('diagram-groups-collapsed').isChecked()).toBe(true);
    const closedBefore = elkWorkers.closed();
    // Frames are painted while ELK works in its worker, each saying "Laying out…" (ELK on the
    // page's thread held every frame until the 177 cards were laid out).
    const seen = await expandThen(page, 'collapsed');
    expect(seen.before.length).toBeLessThanOrEqual(2);
    expect(seen.frames).toEqual(Array(6).fill('Laying out…'));
    expect(seen.busy).toBe('true');
    // The newer (collapsed) request terminated the worker busy with the expanded one, so that
    // older result can never arrive and replace the newer preview.
    await expect.poll(() => elkWorkers.closed(), { timeout: 10_000 }).toBe(closedBefore + 1);
    await expect.poll(async () => (await previewSize(page)).cards, { timeout: 20_000 }).toBe(7);
    expect(await page.getByTestId('diagram-groups-collapsed').isChecked()).toBe(true);
    expect(await page.getByTestId('diagram-preview').getAttribute('aria-busy')).toBe('false');

    // Closing the dialog mid-layout terminates the worker; reopened, a new one lays out.
    expect((await expandThen(page, 'cancel')).frames).toEqual(Array(6).fill('Laying out…'));
    expect(await page.getByTestId('diagram-dialog').count()).toBe(0);
    await expect.poll(() => elkWorkers.closed(), { timeout: 10_000 }).toBe(closedBefore + 2);
    const started = elkWorkers.started();
    await openDialog(page);
    expect(elkWorkers.started()).toBe(started + 1);
    expect((await previewSize(page)).cards).toBe(7);
    // To look at: the collapsed picture dimmed while the expanded one lays out.
    await page.getByTestId('diagram-groups-expanded').check();
    await screenshot(page, 'diagram-08-dialog-laying-out');
    await expect.poll(async () => (await previewSize(page)).cards, { timeout: 20_000 }).toBe(177);
    await page.locator('.nw-modal-actions button', { hasText: 'Cancel' }).click();

    // The editor's Auto layout runs on the worker the preview left idle: it starts no other.
    const workers = elkWorkers.started();
    await page.getByTestId('auto-layout').click();
    await expect.poll(() => page.getByTestId('undo').getAttribute('title'), { timeout: 20_000 }).toBe('Undo Auto layout (Ctrl+Z)');
    expect(elkWorkers.started()).toBe(workers);
    expect(await page.locator('.nw-toast', { hasText: 'Auto layout failed' }).count()).toBe(0);
  });

  it('previews byte for byte the SVG the export writes (ELK in the page worker, ELK in the backend)', async () => {
    // The app's CSP keeps blob: out of connect-src; this page reads the preview back with fetch.
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    try {
      const other = await context.newPage();
      await other.goto(app.server.url);
      await other.waitForSelector('.react-flow__renderer');
      await loadResNet50(other);
      await other.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
      await openDialog(other);
      await other.getByTestId('diagram-format-svg').check();
      await other.getByTestId('diagram-groups-expanded').check();
      await expect.poll(async () => (await previewSize(other)).cards, { timeout: 20_000 }).toBe(177);
      const shown = await other.getByTestId('diagram-preview').locator('img').evaluate(async (img: HTMLImageElement) => (await fetch(img.src)).text());
      const written = readFileSync(await exportAs(other, app, 'preview-check.svg'), 'utf8');
      expect(shown.length).toBeGreaterThan(10_000);
      expect(shown).toBe(written);
    } finally {
      await context.close();
    }
  });
});
