/**
 * Training in real Chromium against the real browser-mode backend and real trainer processes:
 * insert the LeNet-5 template, open the Train view on the built-in MNIST digits (1,000 samples,
 * 2 epochs, so it is quick on CI), press Train, watch the curves grow epoch by epoch, read the
 * final accuracy (well above the 10% of chance), the confusion matrix and a prediction on a
 * dropped digit; then a diverging run is reported as NAN_LOSS with its epoch and batch while the
 * editor keeps the unsaved model. Screenshots go to artifacts/screenshots/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { imageAt, imageToPng, loadDataset } from '../../electron/trainer/data/index.ts';
import { hasChromium, screenshot, screenshotDark, SKIP_REASON, totalParams } from './harness.ts';
import { insertTemplate, openTrainView, pageForSuite } from './steps.ts';

if (!hasChromium) console.warn(SKIP_REASON);

async function setSetting(page: Page, key: string, value: string): Promise<void> {
  const input = page.getByTestId(`train-${key}`);
  await input.fill(value);
}

const percentOf = (text: string | null) => Number((text ?? '').replace('%', '')) / 100;

describe.skipIf(!hasChromium)('training in Chromium', () => {
  const suite = pageForSuite();

  it('trains LeNet-5 on 1,000 MNIST digits: the curves grow, the final accuracy beats chance, predict works', async () => {
    const { app, page } = suite;
    await insertTemplate(page, 'lenet', 'lenet5', '61,706');

    // The data view: ten classes of digits, padded to LeNet-5's 32x32 input, no problems.
    await openTrainView(page);
    expect(await page.locator('.nw-train-datafacts').textContent()).toContain('32x32x1');
    expect(await page.getByTestId('data-problem').count()).toBe(0);
    await expect.poll(() => page.getByTestId('engine-label').textContent()).not.toBe('checking…');

    await setSetting(page, 'epochs', '2');
    await setSetting(page, 'limit', '1000');
    await page.locator('.nw-train-scroll').evaluate((el) => el.scrollTo(0, 0));
    await screenshot(page, 'training-01-setup');
    expect(await page.getByTestId('train-button').isEnabled()).toBe(true);
    await page.getByTestId('train-button').click();

    // The curve grows: one epoch point, then two.
    const epochPoints = async () => Number(await page.getByTestId('chart-loss').getAttribute('data-epoch-points'));
    await expect.poll(() => page.getByTestId('run-phase').textContent(), { timeout: 60_000 }).toBe('training');
    await expect.poll(epochPoints, { timeout: 120_000, interval: 250 }).toBeGreaterThanOrEqual(1);
    expect(Number(await page.getByTestId('chart-loss').getAttribute('data-batch-points'))).toBeGreaterThan(1);
    await screenshot(page, 'training-02-epoch1');
    await expect.poll(() => page.getByTestId('run-phase').textContent(), { timeout: 120_000 }).toBe('done');
    expect(await epochPoints()).toBe(2);
    expect(Number(await page.getByTestId('chart-accuracy').getAttribute('data-epoch-points'))).toBe(2);

    // Final accuracy: far above the 10% of guessing among ten digits.
    const accuracy = percentOf(await page.getByTestId('final-accuracy').textContent());
    const valAccuracy = percentOf(await page.getByTestId('final-val-accuracy').textContent());
    expect(accuracy).toBeGreaterThan(0.3);
    expect(valAccuracy).toBeGreaterThan(0.3);
    // The confusion matrix on MNIST's test part: 10 x 10, the diagonal holding most samples.
    const matrix = page.getByTestId('confusion-matrix');
    expect(await matrix.textContent()).toContain('the test set');
    expect(await matrix.locator('tbody tr').count()).toBe(10);
    const diagonal = (await matrix.locator('td.diag').allTextContents()).reduce((s, t) => s + (Number(t) || 0), 0);
    const all = (await matrix.locator('tbody td:not(.recall)').allTextContents()).reduce((s, t) => s + (Number(t) || 0), 0);
    expect(all).toBe((await loadDataset({ kind: 'mnist', split: 'test' })).count);
    expect(diagonal / all).toBeGreaterThan(0.3);
    await expect.poll(() => page.getByTestId('runs-list').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('runs-list').textContent()).toContain('done');
    await expect.poll(() => page.getByTestId('engine-label').textContent()).toMatch(/Fast CPU|tfjs/);

    // Predict: a real test digit dropped in as a PNG file.
    const test = await loadDataset({ kind: 'mnist', split: 'test', limit: 20 });
    const index = Array.from(test.labels).indexOf(7);
    const file = join(app.workDir, 'seven.png');
    writeFileSync(file, imageToPng(imageAt(test, index), test.shape));
    await page.getByTestId('predict-file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('predict-top').textContent(), { timeout: 60_000 }).toMatch(/^\d\s+\d+\.\d%$/);
    expect(await page.locator('.nw-train-prob').count()).toBe(10);
    await page.getByTestId('run-results').scrollIntoViewIfNeeded();
    await screenshot(page, 'training-03-done');
    await screenshotDark(page, 'training-04-done-dark');
  }, 300_000);

  it('explains the GPU, refuses missing data before training, stops a run within a batch, overlays runs', async () => {
    const { app, page } = suite;
    await page.getByTestId('why-not-gpu').click();
    expect(await page.getByTestId('gpu-doctor').textContent()).toMatch(/tfjs-node-gpu/);

    // Missing data is explained before anything trains.
    await page.getByTestId('data-kind').selectOption('folder');
    await page.getByTestId('data-path').fill(join(app.base, 'no-such-folder'));
    await expect.poll(() => page.getByTestId('data-error').textContent(), { timeout: 20_000 }).toMatch(/no-such-folder does not exist/);
    expect(await page.getByTestId('train-button').isDisabled()).toBe(true);
    await page.getByTestId('data-kind').selectOption('mnist');
    await expect.poll(() => page.getByTestId('class-row').count(), { timeout: 30_000 }).toBe(10);

    // Augmentation: a gallery of the first training image, flipped and rotated.
    await page.getByTestId('aug-rotation').fill('25');
    await page.getByTestId('aug-crop').check();
    await expect.poll(() => page.getByTestId('augment-preview').locator('img').count(), { timeout: 20_000 }).toBe(9);
    await page.getByTestId('train-earlyStopping').check();
    await page.getByTestId('augment-preview').scrollIntoViewIfNeeded();
    await screenshot(page, 'training-05-augmentation');
    await page.getByTestId('aug-rotation').fill('0');
    await page.getByTestId('aug-crop').uncheck();
    await page.getByTestId('train-earlyStopping').uncheck();

    // Stop: the run ends after the batch in progress, and says where.
    await setSetting(page, 'epochs', '30');
    await page.getByTestId('train-button').click();
    await expect.poll(async () => Number(await page.getByTestId('chart-loss').getAttribute('data-batch-points')), { timeout: 120_000, interval: 100 }).toBeGreaterThanOrEqual(2);
    await page.getByTestId('stop-button').click();
    await expect.poll(() => page.getByTestId('run-phase').textContent(), { timeout: 60_000 }).toBe('stopped');
    expect(await page.getByTestId('stopped-at').textContent()).toMatch(/^Stopped after epoch \d+, batch \d+/);
    await expect.poll(() => page.getByTestId('runs-list').locator('tbody tr').count()).toBe(2);

    // Overlay the finished run's validation curves on the stopped one.
    const legend = () => page.getByTestId('chart-loss').locator('.u-legend .u-series').count();
    const before = await legend();
    await page.getByTestId('runs-list').locator('tbody tr', { hasText: 'done' }).locator('input[type="checkbox"]').click();
    await expect.poll(legend).toBe(before + 1);
    await page.getByTestId('run-results').scrollIntoViewIfNeeded();
    await screenshot(page, 'training-06-stopped-compare');
  }, 240_000);

  it('a diverging run says NAN_LOSS with its epoch and batch; the editor keeps the unsaved model', async () => {
    const { page } = suite;
    await page.getByTestId('train-optimizer').selectOption('sgd');
    // Logits keep the cross-entropy finite for a long time; a step of 1e38 overflows float32 at once.
    await setSetting(page, 'learningRate', '1e38');
    await setSetting(page, 'limit', '200');
    await page.getByTestId('train-button').click();
    await expect.poll(() => page.getByTestId('run-phase').textContent(), { timeout: 120_000 }).toBe('failed');
    const error = await page.getByTestId('run-error').textContent();
    expect(error).toMatch(/NAN_LOSS\s*Training diverged at epoch 1, batch (\d+)\..*the loss became (NaN|Infinity|-Infinity) at epoch 1, batch \1 of \d+/s);
    expect(error).toContain('Lower the learning rate');
    await screenshot(page, 'training-07-nan-loss');

    // Back in the editor, the model is there and still unsaved.
    await page.getByTestId('view-design').click();
    expect(await totalParams(page)).toBe('61,706');
    expect(await page.getByTestId('dirty').count()).toBe(1);
    await expect.poll(() => page.getByTestId('runs-list').count()).toBe(0); // the Train view is closed
  }, 180_000);
});
