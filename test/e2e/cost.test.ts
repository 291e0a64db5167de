/**
 * The computational-cost lesson in real Chromium: the case study's 5x5 'same' convolution from
 * 28x28x192 to 28x28x32 shows 120,422,400 multiply-adds; the inspector offers a 1x1 bottleneck,
 * shows 2,408,448 + 10,035,200 = 12,443,648 for 16 channels, inserts it as one undo step, and the
 * summary (per layer and total) agrees with `netwright summary --macs` on the saved file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, openProject, screenshot, SCREENSHOTS, selectNode, SKIP_REASON } from './harness.ts';
import { appForSuite } from './steps.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { parseProject } from '../../shared/graph/load.ts';
import { formatSummary } from '../../shared/summary.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').trim();

/** The MACs cell of the summary row whose layer is `name`. */
async function rowMacs(page: Page, name: string): Promise<string> {
  const row = page.locator('.nw-summary-table tbody tr', { has: page.locator(`td:first-child:text-matches("^${name} ")`) });
  return ((await row.locator('[data-testid="layer-macs"]').textContent()) ?? '').trim();
}

/** Clicks the toasts away so a screenshot shows what is under them. */
async function dismissToasts(page: Page): Promise<void> {
  for (let i = 0; i < 10 && (await page.locator('.nw-toast').count()) > 0; i++) await page.locator('.nw-toast').first().click();
}

describe.skipIf(!hasChromium)('the computational-cost lesson in Chromium', () => {
  const suite = appForSuite();

  it('offers a 1x1 bottleneck on the 5x5 conv, shows 120,422,400 -> 12,443,648, applies it as one undo step', async () => {
    const { app } = suite;
    const { page, file } = await openProject(app, 'cost.json', {
      schemaVersion: 1,
      name: 'cost',
      nodes: [
        { id: 'x', kind: 'Input', name: 'input_1', params: { shape: [28, 28, 192] }, position: { x: 0, y: 0 } },
        { id: 'c5', kind: 'Conv2D', name: 'conv2d', params: { filters: 32, kernelSize: [5, 5], padding: 'same' }, position: { x: 0, y: 140 } },
      ],
      edges: [{ id: 'e1', source: 'x', target: 'c5' }],
    });
    await page.waitForSelector('.nw-node[data-name="conv2d"]');

    // Before: the summary per layer and in total, and the badge on the expensive node.
    await expect.poll(() => text(page, 'total-macs')).toBe('120,422,400');
    expect(await rowMacs(page, 'conv2d')).toBe('120,422,400');
    expect(await rowMacs(page, 'input_1')).toBe('0');
    const badge = page.locator('.nw-node[data-name="conv2d"] [data-testid="cost-badge"]');
    expect(await badge.textContent()).toBe('120M MACs');
    expect(await badge.getAttribute('title')).toContain('16 channels would save 89.7%');
    expect(await page.locator('.nw-node[data-name="input_1"] [data-testid="cost-badge"]').count()).toBe(0);

    // The inspector of the conv: its MACs, the offer with the suggested 16 channels and the numbers.
    await selectNode(page, 'conv2d');
    const fix = page.getByTestId('bottleneck-fixit');
    await fix.waitFor();
    expect(await text(page, 'macs-now')).toBe('120,422,400');
    expect(await page.getByTestId('bottleneck-channels').inputValue()).toBe('16');
    expect(await text(page, 'macs-bottleneck')).toBe('2,408,448');
    expect(await text(page, 'macs-conv')).toBe('10,035,200');
    expect(await text(page, 'macs-after')).toBe('12,443,648');
    // 120,422,400 - 12,443,648 = 107,978,752; weights (5*5*192+1)*32 = 153,632 -> 3,088 + 12,832.
    const saving = await text(page, 'macs-saving');
    expect(saving).toContain('Saves 107,978,752 multiply-adds (89.7%)');
    expect(saving).toContain('parameters −137,712 (the 1x1 adds 3,088)');
    expect(await fix.textContent()).toContain('153,632');
    expect(await page.locator('.nw-facts dd', { hasText: '120,422,400' }).count()).toBe(1);
    await fix.scrollIntoViewIfNeeded();
    await screenshot(page, 'cost-01-offer');
    await fix.screenshot({ path: join(SCREENSHOTS, 'cost-01b-offer-closeup.png') });
    await page.locator('.nw-node[data-name="conv2d"]').screenshot({ path: join(SCREENSHOTS, 'cost-01c-badge-closeup.png') });

    // Another width recomputes: 8 channels = 1,204,224 + 5,017,600 = 6,221,824; 0 is refused.
    const channels = page.getByTestId('bottleneck-channels');
    await channels.fill('8');
    await expect.poll(() => text(page, 'macs-after')).toBe('6,221,824');
    expect(await text(page, 'macs-bottleneck')).toBe('1,204,224');
    await channels.fill('0');
    await expect.poll(() => page.getByTestId('insert-bottleneck').isDisabled()).toBe(true);
    expect(await fix.locator('.nw-field-error').textContent()).toContain('16 is suggested');
    await channels.fill('16');
    await expect.poll(() => text(page, 'insert-bottleneck')).toBe('Insert 1x1 bottleneck (16 channels)');

    // Apply: one 1x1 conv more, the toast states the saving, the summary's total drops by it.
    await page.getByTestId('insert-bottleneck').click();
    await expect.poll(() => page.locator('.nw-node').count()).toBe(3);
    await expect.poll(() => page.locator('.nw-toast').first().textContent()).toContain('120,422,400 → 12,443,648 MACs per sample, 107,978,752 fewer (−89.7%)');
    await expect.poll(() => text(page, 'total-macs')).toBe('12,443,648');
    expect(await rowMacs(page, 'conv2d')).toBe('10,035,200');
    const bottleneckName = (await page.locator('.nw-node.is-selected').getAttribute('data-name'))!;
    expect(await rowMacs(page, bottleneckName)).toBe('2,408,448');
    expect(await page.locator('[data-testid="cost-badge"]').count()).toBe(0);
    expect(await page.locator('.nw-error-count').count()).toBe(0);
    await page.keyboard.press('f');
    await page.waitForTimeout(400);
    await screenshot(page, 'cost-02-applied');
    await dismissToasts(page);
    await screenshot(page, 'cost-02b-applied-summary');

    // The same numbers from `netwright summary --macs` (formatSummary) on the saved file.
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('dirty').count()).toBe(0);
    const saved = parseProject(readFileSync(file, 'utf8'));
    if (!saved.ok) throw new Error(saved.error.message);
    const cli = formatSummary('cost', analyzeGraph(saved.project), { macs: true });
    expect(cli).toContain('Total MACs: 12,443,648');
    expect(cli).toMatch(new RegExp(`${bottleneckName} \\(Conv2D\\).*2,408,448`));
    expect(cli).toMatch(/conv2d \(Conv2D\).*10,035,200/);

    // One undo step takes it back; redo re-applies it.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.nw-node').count()).toBe(2);
    await expect.poll(() => text(page, 'total-macs')).toBe('120,422,400');
    expect(await rowMacs(page, 'conv2d')).toBe('120,422,400');
    await selectNode(page, 'conv2d');
    expect(await text(page, 'macs-now')).toBe('120,422,400');
    expect(await page.locator('.nw-node[data-name="conv2d"] [data-testid="cost-badge"]').count()).toBe(1);
    await dismissToasts(page);
    await screenshot(page, 'cost-03-undone');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => text(page, 'total-macs')).toBe('12,443,648');

    // Dark theme: the offer stays readable.
    await page.keyboard.press('Control+z');
    await selectNode(page, 'conv2d');
    await page.getByTestId('theme').click();
    await fix.scrollIntoViewIfNeeded();
    await dismissToasts(page);
    await screenshot(page, 'cost-04-offer-dark');
    await page.getByTestId('theme').click();
    await page.close();
  });
});
