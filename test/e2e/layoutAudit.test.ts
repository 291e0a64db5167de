/**
 * Layout audit: the views and dialogs a desktop user sees, at the window's default 1440x900 and
 * at 1280x800 and 1024x700, in both themes. Each is screenshotted (layout-<view>-<w>x<h>-<theme>)
 * and checked in the page for what a user calls broken: content sticking out of the toolbar,
 * inspector, summary, Train panels or dialogs; a button label wrapping onto two lines; a dialog
 * larger than the window without its own scroll; text cut off without an ellipsis and a title.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, screenshot, SKIP_REASON } from './harness.ts';
import { insertTemplate, openTrainView, pageForSuite } from './steps.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
];
const THEMES = ['light', 'dark'] as const;

/** The regions checked in every view (those absent from a view are skipped). */
const REGIONS = ['.nw-toolbar', '.nw-palette', '.nw-inspector', '.nw-summary-bar', '.nw-train-left', '.nw-train-right', '.nw-modal'];

/**
 * Runs in the page: lists what is broken inside the regions, one line each. Elements meant to
 * scroll (overflow auto / scroll) may be wider than their box; the canvas, charts and pictures
 * are not text layout and are left out.
 */
function layoutProblems({ regions, toolbarRows }: { regions: string[]; toolbarRows: number }): string[] {
  const problems: string[] = [];
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const describeEl = (el: Element) => {
    const tid = el.getAttribute('data-testid');
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const text = (el.textContent ?? '').trim().slice(0, 40);
    return `${el.tagName.toLowerCase()}${tid ? `[data-testid=${tid}]` : ''}${cls} "${text}"`;
  };
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const skipped = (el: Element) => el.closest('.react-flow, .uplot, svg, canvas, .nw-diagram-preview, .nw-train-samples') !== null;
  // A cut text is readable in full from a title on it or around it that holds its whole text.
  const squash = (t: string | null) => (t ?? '').replace(/\s+/g, ' ').trim();
  const titled = (el: Element) => squash(el.closest('[title]')?.getAttribute('title') ?? null).includes(squash(el.textContent));
  for (const selector of regions) {
    for (const root of Array.from(document.querySelectorAll(selector))) {
      if (!visible(root)) continue;
      for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
        if (!(el instanceof HTMLElement) || skipped(el) || !visible(el)) continue;
        const style = getComputedStyle(el);
        if (style.display === 'inline' || style.display === 'contents') continue;
        const scrolls = (v: string) => v === 'auto' || v === 'scroll';
        // Wider than its box: sticks out (visible) or is cut (hidden) unless ellipsised and titled.
        if (el.scrollWidth > el.clientWidth + 1 && !scrolls(style.overflowX) && el.clientWidth > 0) {
          if (style.overflowX === 'visible') problems.push(`overflows its box by ${el.scrollWidth - el.clientWidth}px: ${describeEl(el)} in ${selector}`);
          else if (style.textOverflow !== 'ellipsis' || !titled(el)) problems.push(`text cut without ${style.textOverflow === 'ellipsis' ? 'a title' : 'an ellipsis'}: ${describeEl(el)} in ${selector}`);
        }
        // A label in a button wraps onto a second line.
        if (el.tagName === 'BUTTON') {
          // Its text and that of inline pieces in it (a block inside, like a fix's detail, may wrap).
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement!;
            if (!(node.textContent ?? '').trim() || (parent !== el && getComputedStyle(parent).display !== 'inline')) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
            if (tops.size > 1) problems.push(`button label wraps onto ${tops.size} lines: ${describeEl(el)} in ${selector}`);
          }
        }
      }
      // A dialog's buttons are in sight, not below the fold of its scroll.
      for (const actions of root.matches('.nw-modal') ? Array.from(root.querySelectorAll('.nw-modal-actions')) : []) {
        const a = actions.getBoundingClientRect();
        const box = root.getBoundingClientRect();
        if (a.bottom > Math.min(vh, box.bottom) + 1) problems.push(`${selector}'s buttons are out of sight (bottom ${Math.round(a.bottom)} of ${Math.round(Math.min(vh, box.bottom))}): ${describeEl(actions)}`);
      }
      // The region itself stays in the window (a dialog larger than it scrolls inside).
      const r = root.getBoundingClientRect();
      if (r.right > vw + 1 || r.bottom > vh + 1 || r.left < -1 || r.top < -1) problems.push(`${selector} leaves the ${vw}x${vh} window: ${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)}`);
      const style = getComputedStyle(root);
      if (root.scrollHeight > root.clientHeight + 1 && !['auto', 'scroll'].includes(style.overflowY)) problems.push(`${selector} is taller than its box without a scroll bar: ${describeEl(root)}`);
    }
  }
  // The toolbar is one row at desktop sizes (two at the 800px window minimum): a lone button
  // wrapped onto another row wastes a strip of the canvas and looks broken.
  const bar = document.querySelector('.nw-toolbar');
  if (bar) {
    const inBar = Array.from(bar.children).filter((c) => visible(c) && getComputedStyle(c).position !== 'fixed');
    const tops = inBar.map((c) => c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2);
    const sorted = [...tops].sort((a, b) => a - b);
    const rows = 1 + sorted.filter((t, i) => i > 0 && t - sorted[i - 1]! > 8).length;
    if (rows > toolbarRows) problems.push(`the toolbar wraps onto ${rows} rows`);
  }
  return problems;
}

async function themeIs(page: Page, theme: string): Promise<void> {
  const current = async () => ((await page.evaluate(() => document.documentElement.getAttribute('data-theme'))) === 'dark' ? 'dark' : 'light');
  if ((await current()) !== theme) {
    await page.locator('body').click({ position: { x: 2, y: 2 }, force: true }).catch(() => undefined);
    await page.keyboard.press('t');
  }
  await expect.poll(current).toBe(theme);
}

/** Screenshots the current state as layout-<view>-<w>x<h>-<theme> and collects its problems. */
async function audit(page: Page, view: string, size: { width: number; height: number }, theme: string, found: string[]): Promise<void> {
  await page.waitForTimeout(120);
  await screenshot(page, `layout-${view}-${size.width}x${size.height}-${theme}`);
  const toolbarRows = size.width < 1024 ? 2 : 1;
  for (const p of await page.evaluate(layoutProblems, { regions: REGIONS, toolbarRows })) found.push(`${view} ${size.width}x${size.height} ${theme}: ${p}`);
}

describe.skipIf(!hasChromium)('layout audit', () => {
  const suite = pageForSuite();

  it('Design view with ResNet-50, its dialogs and the help overlay fit every window size in both themes', async () => {
    const { page } = suite;
    await insertTemplate(page, 'resnet-50', 'resnet50', '23,600,006');
    const found: string[] = [];
    // Open on an unsaved model asks first; saving it once lets Open and Import show their dialogs.
    const narrow = VIEWPORTS[2]!;
    await page.setViewportSize(narrow);
    await page.getByTestId('open').click();
    await page.getByTestId('discard').waitFor();
    await audit(page, 'unsaved-dialog', narrow, 'light', found);
    await page.getByRole('dialog', { name: 'Unsaved changes' }).getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('save').click();
    // A long name, as people give: the toolbar shortens it with an ellipsis and shows it whole in a title.
    await page.getByTestId('file-name').fill('resnet50-baseline-64px-six-classes-signs-dataset-experiment-3.json');
    await page.getByTestId('file-confirm').click();
    await expect.poll(() => page.getByTestId('dirty').count()).toBe(0);
    for (const size of VIEWPORTS) {
      await page.setViewportSize(size);
      for (const theme of THEMES) {
        await page.keyboard.press('Escape');
        await themeIs(page, theme);
        await audit(page, 'design', size, theme, found);
        await page.locator('.nw-summary-table tbody tr').nth(2).click();
        await page.locator('.nw-inspector-head').waitFor();
        await audit(page, 'design-selected', size, theme, found);
        await page.getByTestId('export-diagram').click();
        await expect.poll(() => page.getByTestId('diagram-size').textContent(), { timeout: 20_000 }).toMatch(/cards/);
        await audit(page, 'export-diagram', size, theme, found);
        await page.getByTestId('diagram-dialog').getByRole('button', { name: 'Cancel' }).click();
        await page.getByTestId('open').click();
        await page.locator('.nw-file-dialog').waitFor();
        await audit(page, 'open-dialog', size, theme, found);
        await page.locator('.nw-file-dialog').getByRole('button', { name: 'Cancel' }).click();
        await page.getByTestId('import-model').click();
        await page.locator('.nw-file-dialog').waitFor();
        await audit(page, 'import-dialog', size, theme, found);
        await page.locator('.nw-file-dialog').getByRole('button', { name: 'Cancel' }).click();
        await page.locator('body').click({ position: { x: 2, y: 2 }, force: true }).catch(() => undefined);
        await page.keyboard.press('?');
        await page.locator('.nw-help').waitFor();
        await audit(page, 'help', size, theme, found);
        await page.locator('.nw-help').getByRole('button', { name: 'Close' }).click();
      }
    }
    expect(found).toEqual([]);
  }, 120_000);

  it('Train view: data, settings, a finished run and the runs list fit every window size in both themes', async () => {
    const { app } = suite;
    const page = await app.newPage();
    await insertTemplate(page, 'lenet', 'lenet5', '61,706');
    await openTrainView(page);
    // One epoch on 200 digits: a real finished run for the results card and the runs list.
    await page.getByTestId('train-epochs').fill('1');
    await page.getByTestId('train-limit').fill('200');
    await page.getByTestId('train-button').click();
    await expect.poll(() => page.getByTestId('run-phase').textContent(), { timeout: 60_000 }).toBe('done');
    await expect.poll(() => page.getByTestId('runs-list').locator('tbody tr').count()).toBe(1);
    const found: string[] = [];
    // Also at the window's 800px minimum, where the two charts once overflowed the results card.
    for (const size of [...VIEWPORTS, { width: 800, height: 600 }]) {
      await page.setViewportSize(size);
      for (const theme of THEMES) {
        await themeIs(page, theme);
        await page.locator('.nw-train-scroll').evaluate((el) => el.scrollTo(0, 0));
        await page.locator('.nw-train-right').evaluate((el) => el.scrollTo(0, 0));
        await audit(page, 'train', size, theme, found);
        await page.locator('.nw-train-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await page.getByTestId('runs-list').scrollIntoViewIfNeeded();
        await audit(page, 'train-runs', size, theme, found);
      }
    }
    expect(found).toEqual([]);
  }, 120_000);

  it('the checks find each kind of breakage in a deliberately broken fixture, and pass a sound one', async () => {
    const { page } = suite;
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.evaluate(() => {
      // Styles go through CSSOM (the page's CSP refuses style attributes in markup).
      const add = (parent: Element, tag: string, css: string, text = '', attrs: Record<string, string> = {}) => {
        const el = document.createElement(tag);
        el.style.cssText = css;
        el.textContent = text;
        for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
        parent.append(el);
        return el;
      };
      const panel = add(document.body, 'div', 'position: fixed; left: 0; top: 0; width: 320px; z-index: 999; background: white', '', { class: 'nw-audit-fixture' });
      const box = add(panel, 'div', 'width: 100px', '', { 'data-testid': 'sticks-out' });
      add(box, 'div', 'width: 200px', 'wider than its box');
      add(panel, 'button', 'width: 70px; white-space: normal', 'Export diagram now', { 'data-testid': 'wrapping-button' });
      add(panel, 'div', 'width: 60px; overflow: hidden; white-space: nowrap', 'cut without an ellipsis', { 'data-testid': 'no-ellipsis' });
      add(panel, 'div', 'width: 60px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis', 'ellipsis, no title', { 'data-testid': 'no-title' });
      add(panel, 'div', 'width: 60px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis', 'sound: ellipsis and title', { 'data-testid': 'sound', title: 'sound: ellipsis and title' });
      const dialog = add(document.body, 'div', 'position: fixed; left: 400px; top: 0; width: 300px; height: 900px; max-height: none; overflow: visible; z-index: 999', '', { class: 'nw-modal nw-audit-dialog' });
      add(dialog, 'div', 'height: 860px', 'a long dialog');
      add(dialog, 'div', '', '', { class: 'nw-modal-actions' }).append(Object.assign(document.createElement('button'), { textContent: 'Close' }));
    });
    const problems = (await page.evaluate(layoutProblems, { regions: ['.nw-audit-fixture', '.nw-audit-dialog'], toolbarRows: 1 })).join('\n');
    await page.evaluate(() => document.querySelectorAll('.nw-audit-fixture, .nw-audit-dialog').forEach((el) => el.remove()));
    expect(problems).toMatch(/overflows its box by 100px: div\[data-testid=sticks-out\]/);
    expect(problems).toMatch(/button label wraps onto [2-9] lines: button\[data-testid=wrapping-button\]/);
    expect(problems).toMatch(/text cut without an ellipsis: div\[data-testid=no-ellipsis\]/);
    expect(problems).toMatch(/text cut without a title: div\[data-testid=no-title\]/);
    expect(problems).toMatch(/\.nw-audit-dialog's buttons are out of sight/);
    expect(problems).toMatch(/\.nw-audit-dialog leaves the 1024x700 window/);
    expect(problems).toMatch(/\.nw-audit-dialog is taller than its box without a scroll bar/);
    expect(problems).not.toMatch(/sound/);
  });
});
