/**
 * The plain-vs-residual experiment in real Chromium against the real browser-mode backend and
 * real trainer processes: in the Train view, on 200 built-in MNIST digits, 2 epochs, the narrowest
 * width, one click trains both 20-layer networks in turn; the overlay chart then holds both runs'
 * training and validation curves with a point per epoch, the table two rows of numbers, the runs
 * list both runs; after a page reload the experiment is listed and reopens with the same numbers;
 * Stop ends a second experiment in its first network. Screenshots go to artifacts/screenshots/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, screenshot, screenshotDark, SKIP_REASON } from './harness.ts';
import { openTrainView, pageForSuite } from './steps.ts';

if (!hasChromium) console.warn(SKIP_REASON);

/** The table as text: per row, the cells after the network's name. */
async function tableRows(page: Page): Promise<string[][]> {
  return page.getByTestId('experiment-table').locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

/** "plain loss:2,plain val_loss:2,..." -> { 'plain loss': 2, ... } */
async function linePoints(page: Page, metric: 'loss' | 'accuracy'): Promise<Record<string, number>> {
  const text = (await page.getByTestId('experiment-panel').getByTestId(`chart-${metric}`).getAttribute('data-lines')) ?? '';
  return Object.fromEntries(text.split(',').filter(Boolean).map((p) => [p.slice(0, p.lastIndexOf(':')), Number(p.slice(p.lastIndexOf(':') + 1))]));
}

describe.skipIf(!hasChromium)('the plain-vs-residual experiment in Chromium', () => {
  const suite = pageForSuite();

  it('one click trains both networks; the chart overlays both runs, the table compares them, and the experiment reopens after a reload', async () => {
    const { page } = suite;
    // No model in the editor is needed: the experiment brings its own two networks.
    await openTrainView(page);
    // Validation on 20% of 200 digits; no 10,000-image test pass, to keep it quick.
    await page.getByTestId('data-test-split').uncheck();
    await page.getByTestId('train-epochs').fill('2');
    await page.getByTestId('train-limit').fill('200');
    await page.getByTestId('experiment-width').selectOption('quarter');
    expect(await page.getByTestId('experiment-launch').textContent()).toContain('Trains a 20-layer plain stack and the same stack with shortcuts on this data, same settings and seed');

    await page.getByTestId('experiment-button').click();
    const panel = page.getByTestId('experiment-panel');
    await panel.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('experiment-status').textContent()).toBe('training');
    // While the plain network trains the residual one waits; the Train button is held back.
    await expect.poll(() => page.getByTestId('experiment-progress-plain').getAttribute('data-status'), { timeout: 60_000 }).toBe('running');
    expect(await page.getByTestId('experiment-progress-residual').getAttribute('data-status')).toBe('waiting');
    expect(await page.getByTestId('train-button').isDisabled()).toBe(true);
    await expect.poll(async () => (await linePoints(page, 'loss'))['plain loss'], { timeout: 90_000, interval: 250 }).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'experiment-01-running');

    await expect.poll(() => page.getByTestId('experiment-status').textContent(), { timeout: 150_000 }).toBe('done');
    // Both runs' training and validation curves, a point per epoch each, in both charts.
    for (const metric of ['loss', 'accuracy'] as const) {
      const val = metric === 'loss' ? 'val_loss' : 'val_accuracy';
      expect(await linePoints(page, metric)).toEqual({ [`plain ${metric}`]: 2, [`plain ${val}`]: 2, [`residual ${metric}`]: 2, [`residual ${val}`]: 2 });
    }
    const legend = await panel.getByTestId('chart-loss').locator('.u-legend .u-series').allTextContents();
    expect(legend.join('|')).toMatch(/plain loss.*plain val_loss.*residual loss.*residual val_loss/);

    // The table: two rows, params and MACs from the graphs, finite losses and accuracies.
    const rows = await tableRows(page);
    expect(rows).toHaveLength(2);
    expect(rows[0]![0]).toMatch(/Plain\s+PlainNet20/);
    expect(rows[1]![0]).toMatch(/Residual\s+ResNet20/);
    const num = (t: string) => Number(t.replace(/[,%]/g, ''));
    for (const [, params, macs, epochs, loss, acc, valLoss, valAcc] of rows) {
      expect(params).toMatch(/^\d{1,3}(,\d{3})+$/);
      expect(macs).toMatch(/^\d+(\.\d+)? [kMG]$/);
      expect(epochs).toBe('2');
      expect(Number.isFinite(num(loss!)) && num(loss!) > 0).toBe(true);
      expect(Number.isFinite(num(valLoss!)) && num(valLoss!) > 0).toBe(true);
      for (const a of [acc!, valAcc!]) {
        expect(a).toMatch(/^\d+\.\d%$/);
        expect(num(a)).toBeLessThanOrEqual(100);
      }
    }
    // The shortcut projections add weights: the residual network is the larger one.
    expect(num(rows[1]![1]!)).toBeGreaterThan(num(rows[0]![1]!));
    console.log(`plain vs residual, 160 MNIST digits (40 validation), 2 epochs, 4-8-16 filters: final training loss plain ${rows[0]![4]} (val ${rows[0]![6]}), residual ${rows[1]![4]} (val ${rows[1]![6]})`);
    expect(await page.getByTestId('experiment-verdict').textContent()).toContain(`${rows[0]![4]} for the plain stack and ${rows[1]![4]} for the residual one`);

    // Both runs are in the runs list, and the experiment in its own list.
    await expect.poll(() => page.getByTestId('runs-list').locator('tbody tr').count()).toBe(2);
    const runs = await page.getByTestId('runs-list').textContent();
    expect(runs).toContain('PlainNet20');
    expect(runs).toContain('ResNet20');
    expect(await page.getByTestId('experiments-list').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('train-button').isDisabled()).toBe(true); // the editor's graph is empty
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'experiment-02-done');

    // A reload forgets everything in the page: the experiment comes back from the backend's kept JSON.
    await page.reload();
    await page.waitForSelector('.react-flow__renderer');
    await page.getByTestId('view-train').click();
    const row = page.getByTestId('experiments-list').locator('tbody tr');
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('experiment-panel').count()).toBe(0);
    await row.click();
    await expect.poll(async () => (await linePoints(page, 'loss'))['residual loss'], { timeout: 20_000 }).toBe(2);
    expect(await tableRows(page)).toEqual(rows);
    await screenshotDark(page, 'experiment-03-reopened-dark');

    // The Stop button stops an experiment in its first network: the second never starts.
    // 2,000 digits: 50 batches in epoch 1, so Stop lands well inside it.
    await page.getByTestId('train-epochs').fill('20');
    await page.getByTestId('train-limit').fill('2000');
    await page.getByTestId('experiment-button').click();
    await expect.poll(() => page.getByTestId('experiment-progress-plain').textContent(), { timeout: 60_000, interval: 100 }).toMatch(/epoch 1\/20 · batch [1-9]/);
    expect(await page.getByTestId('stop-button').isEnabled()).toBe(true);
    await page.getByTestId('stop-button').click();
    await expect.poll(() => page.getByTestId('experiment-status').textContent(), { timeout: 60_000 }).toBe('stopped');
    expect(await page.getByTestId('experiment-progress-plain').textContent()).toMatch(/stopped in epoch 1, batch \d+/);
    expect(await page.getByTestId('experiment-no-curves').textContent()).toContain('no epoch finished');
    expect(await page.getByTestId('experiment-progress-residual').textContent()).toContain('not started: the experiment was stopped');
    await expect.poll(() => page.getByTestId('experiments-list').locator('tbody tr').count()).toBe(2);
    await expect.poll(() => page.getByTestId('runs-list').locator('tbody tr').count()).toBe(3);
    await screenshot(page, 'experiment-04-stopped');
  }, 240_000);
});
