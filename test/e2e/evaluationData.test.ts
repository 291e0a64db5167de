/**
 * Evaluating kept runs on data the person chooses, in real Chromium against the real browser-mode
 * backend: two small CNNs trained for real on MNIST digits; the person ticks them, sees their own
 * test data under the evaluation bar, opens Choose…, picks a .npy pair with the Data card's
 * fields and file dialog, first images that do not fit (refused with the file named), then other
 * MNIST digits written as x.npy / y.npy; the ensemble and a 10-crop test then run on those, and
 * the card names the data and its count, with the accuracies the backend answered.
 * Screenshots in artifacts/screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../shared/train/evaluation.ts';
import { loadDataset } from '../../electron/trainer/data/index.ts';
import { smallCnn, trainKeptRun } from '../electron/evaluation/runFixtures.ts';
import { patchDataset, writeNpy } from '../electron/trainer/fixtures.ts';
import { hasChromium, recordAnswers, screenshot, SKIP_REASON, startApp, type App } from './harness.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const FROM = 600;
const COUNT = 300;

type Recorded = 'evaluate:ensemble' | 'evaluate:multicrop' | 'evaluate:data';

describe.skipIf(!hasChromium)('choosing the data to evaluate kept runs on, in Chromium', () => {
  let app: App;
  let page: Page;
  let digitsDir: string;
  let patchesDir: string;
  let answered: ReturnType<typeof recordAnswers<Recorded>>;
  const lastReport = (channel: 'evaluate:ensemble' | 'evaluate:multicrop', request: unknown): EvaluationReport => {
    const last = answered[channel].at(-1);
    expect(last?.request).toEqual(request);
    const reply = last?.reply as { ok: true; report: EvaluationReport } | { ok: false; message: string } | undefined;
    if (!reply) throw new Error(`the page sent no ${channel} request`);
    if (!reply.ok) throw new Error(reply.message);
    return reply.report;
  };

  beforeAll(async () => {
    app = await startApp();
    answered = recordAnswers(app, ['evaluate:ensemble', 'evaluate:multicrop', 'evaluate:data']);
    const runsDir = join(app.userDataDir, 'runs');
    // Trained first, so it is the last row: 16x16 digits, another input than the other two.
    await trainKeptRun(runsDir, 'small-input', smallCnn('CNN 16x16', 4, 3, 16), { limit: 100 });
    await trainKeptRun(runsDir, 'digits-a', smallCnn('CNN 8x3x3', 8, 3), { seed: 3 });
    await trainKeptRun(runsDir, 'digits-b', smallCnn('CNN 6x5x5', 6, 5), { seed: 4 });
    // Other digits than the runs' own test data: MNIST test digits 600-899 as a .npy pair.
    const test = await loadDataset({ kind: 'mnist', split: 'test' }, {});
    digitsDir = join(app.workDir, 'digits');
    mkdirSync(digitsDir);
    writeNpy(join(digitsDir, 'digits_x.npy'), test.images.slice(FROM * 784, (FROM + COUNT) * 784), [COUNT, 28, 28, 1]);
    writeNpy(join(digitsDir, 'digits_y.npy'), Int32Array.from(test.labels.slice(FROM, FROM + COUNT)), [COUNT]);
    // Images that do not fit the runs: 8x8 patches in 3 classes.
    const patches = patchDataset(60, 3);
    patchesDir = join(app.workDir, 'patches');
    mkdirSync(patchesDir);
    writeNpy(join(patchesDir, 'patch_x.npy'), patches.images, [60, 8, 8, 1]);
    writeNpy(join(patchesDir, 'patch_y.npy'), patches.labels, [60]);
    page = await app.newPage();
    await page.getByTestId('view-train').click();
    await page.getByTestId('training-view').waitFor();
    await page.locator('[data-testid="runs-list"] tbody tr:nth-child(3)').waitFor({ timeout: 20_000 });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  /** Picks a file in the Data card's own file dialog, opened by the Browse… beside `field`. */
  async function browseTo(field: string, folder: string, file: string): Promise<void> {
    await page.getByTestId(field).locator('xpath=..').getByRole('button', { name: 'Browse…' }).click();
    const files = page.getByTestId('data-path-dialog');
    await files.getByLabel('Folder').fill(folder);
    await files.locator('button', { hasText: file }).click();
    await files.locator('button', { hasText: 'Choose' }).click();
    await files.waitFor({ state: 'detached' });
  }

  it("shows the ticked runs' own test data, then refuses data of another shape and class count, naming the file", async () => {
    const line = page.getByTestId('evaluation-data-line');
    expect(await page.getByTestId('evaluation-data-choose').isDisabled()).toBe(true);
    const checks = page.getByTestId('evaluate-check');
    await checks.nth(0).check();
    await checks.nth(1).check();
    await page.locator('[data-testid="evaluation-data-line"][data-status="fits"]').waitFor({ timeout: 30_000 });
    const own = answered['evaluate:data'].at(-1)!;
    expect(own.request).toEqual({ runIds: ['digits-b', 'digits-a'] });
    const ownReply = own.reply as { ok: true; label: string; count: number };
    expect(await page.getByTestId('evaluation-data-name').textContent()).toBe('built-in MNIST, test split');
    expect(await page.getByTestId('evaluation-data-count').textContent()).toBe(`${ownReply.count.toLocaleString('en-US')} images`);
    expect(await line.textContent()).toContain('the runs’ own test data');

    await page.getByTestId('evaluation-data-choose').click();
    const dialog = page.getByTestId('evaluation-data-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('evaluation-data-mode-other').check();
    await dialog.getByTestId('eval-data-kind').selectOption('npy');
    await browseTo('eval-data-path', patchesDir, 'patch_x.npy');
    await browseTo('eval-data-y', patchesDir, 'patch_y.npy');
    await dialog.locator('[data-testid="evaluation-fit"][data-fits="false"]').waitFor({ timeout: 30_000 });
    const x = join(patchesDir, 'patch_x.npy');
    expect(await dialog.getByTestId('evaluation-dialog-problem').allTextContents()).toEqual([
      `${x} (labels patch_y.npy) holds 8x8x1 images, but the 2 runs (digits-b, digits-a) take 28x28x1.`,
      `${x} (labels patch_y.npy) has 3 classes (0, 1, 2), but the 2 runs (digits-b, digits-a) predict 10 (0, 1, 2, 3, 4, …).`,
    ]);
    // The data as the Data card shows it: its own count and classes.
    expect(await dialog.getByTestId('data-view').textContent()).toContain('60 images3 classesas 8x8x1');
    expect(await dialog.getByTestId('evaluation-data-use').isDisabled()).toBe(true);
    await screenshot(page, 'evaluation-data-misfit');
  }, 120_000);

  it('picks other digits as a .npy pair; the ensemble runs on them and the card names them', async () => {
    const dialog = page.getByTestId('evaluation-data-dialog');
    await browseTo('eval-data-path', digitsDir, 'digits_x.npy');
    await browseTo('eval-data-y', digitsDir, 'digits_y.npy');
    await dialog.locator('[data-testid="evaluation-fit"][data-fits="true"]').waitFor({ timeout: 30_000 });
    expect(await dialog.getByTestId('evaluation-fit-ok').textContent()).toBe('✓ Fits the ticked runs: 28x28x1 input, 10 classes.');
    expect(await dialog.getByTestId('data-view').textContent()).toContain(`${COUNT} images10 classesas 28x28x1`);
    await screenshot(page, 'evaluation-data-dialog');
    await dialog.getByTestId('evaluation-data-use').click();
    await dialog.waitFor({ state: 'detached' });

    const npy = { kind: 'npy', x: join(digitsDir, 'digits_x.npy'), y: join(digitsDir, 'digits_y.npy') };
    await page.locator('[data-testid="evaluation-data-line"][data-status="fits"]').waitFor({ timeout: 30_000 });
    expect(answered['evaluate:data'].at(-1)!.request).toEqual({ runIds: ['digits-b', 'digits-a'], data: npy });
    expect(await page.getByTestId('evaluation-data-name').textContent()).toBe('digits_x.npy + digits_y.npy');
    expect(await page.getByTestId('evaluation-data-count').textContent()).toBe(`${COUNT} images`);
    expect(await page.getByTestId('evaluation-data-line').textContent()).toContain('chosen');

    await page.getByTestId('evaluate-ensemble').click();
    await page.locator('[data-testid="evaluation-card"][data-status="done"]').waitFor({ timeout: 180_000 });
    const r = lastReport('evaluate:ensemble', { runIds: ['digits-b', 'digits-a'], data: npy });
    expect(r.samples).toBe(COUNT);
    const card = page.getByTestId('evaluation-card');
    expect(await card.getByTestId('evaluation-data-label').textContent()).toBe('digits_x.npy + digits_y.npy');
    expect(await card.getByTestId('evaluation-data-samples').textContent()).toBe(`${COUNT} images`);
    expect(await card.getByTestId('evaluation-data').textContent()).toContain('(chosen data)');
    expect((await card.getByTestId('evaluation-accuracy').allTextContents()).map((t) => t.trim())).toEqual([...r.singles.map((s) => pct(s.accuracy)), pct(r.combined.accuracy)]);
    expect(await card.textContent()).toContain(`${COUNT} images of digits_x.npy + digits_y.npy`);
    for (const s of r.singles) expect(s.accuracy).toBeGreaterThan(0.5);
    console.log(`e2e ensemble on ${COUNT} chosen digits (.npy): ${r.singles.map((s) => pct(s.accuracy)).join(', ')} -> ${pct(r.combined.accuracy)}`);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'evaluation-data-ensemble');
  }, 240_000);

  it("a 10-crop test on the chosen data, then back to the runs' own test data", async () => {
    await page.getByTestId('evaluate-check').nth(0).uncheck();
    await page.locator('[data-testid="evaluation-data-line"][data-status="fits"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('evaluate-multicrop').click();
    await page.locator('[data-testid="evaluation-card"][data-status="done"]').waitFor({ timeout: 180_000 });
    const npy = { kind: 'npy', x: join(digitsDir, 'digits_x.npy'), y: join(digitsDir, 'digits_y.npy') };
    const r = lastReport('evaluate:multicrop', { runId: 'digits-a', data: npy });
    const card = page.getByTestId('evaluation-card');
    expect(await card.getByTestId('evaluation-data-label').textContent()).toBe('digits_x.npy + digits_y.npy');
    expect(await card.getByTestId('evaluation-data-samples').textContent()).toBe(`${COUNT} images`);
    expect((await card.getByTestId('evaluation-accuracy').allTextContents()).map((t) => t.trim())).toEqual([pct(r.singles[0]!.accuracy), pct(r.combined.accuracy)]);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'evaluation-data-multicrop');

    await page.getByTestId('evaluation-data-own').click();
    await page.locator('[data-testid="evaluation-data-line"][data-status="fits"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('evaluation-data-name').textContent()).toBe('built-in MNIST, test split');
    expect(answered['evaluate:data'].at(-1)!.request).toEqual({ runIds: ['digits-a'] });
    // The card still says which data its numbers are on.
    expect(await card.getByTestId('evaluation-data-label').textContent()).toBe('digits_x.npy + digits_y.npy');
  }, 240_000);

  it('chosen data that does not fit a newly ticked run: the line says what differs and the test cannot start', async () => {
    await page.getByTestId('evaluation-data-choose').click();
    const dialog = page.getByTestId('evaluation-data-dialog');
    await dialog.getByTestId('evaluation-data-mode-other').check();
    await dialog.getByTestId('eval-data-kind').selectOption('npy');
    const x = join(digitsDir, 'digits_x.npy');
    await dialog.getByTestId('eval-data-path').fill(x);
    await dialog.getByTestId('eval-data-y').fill(join(digitsDir, 'digits_y.npy'));
    await dialog.locator('[data-testid="evaluation-fit"][data-fits="true"]').waitFor({ timeout: 30_000 });
    await dialog.getByTestId('evaluation-data-use').click();
    const checks = page.getByTestId('evaluate-check');
    await checks.nth(1).uncheck();
    await checks.nth(2).check();
    await page.locator('[data-testid="evaluation-data-line"][data-status="problem"]').waitFor({ timeout: 30_000 });
    const problem = `${x} (labels digits_y.npy) holds 28x28x1 images, but run small-input (CNN 16x16) takes 16x16x1.`;
    expect(await page.getByTestId('evaluation-data-problem').allTextContents()).toEqual([problem]);
    const crop = page.getByTestId('evaluate-multicrop');
    expect(await crop.isDisabled()).toBe(true);
    expect(await crop.getAttribute('title')).toBe(`The data does not fit: ${problem}`);
    await page.getByTestId('runs-list').scrollIntoViewIfNeeded();
    await screenshot(page, 'evaluation-data-line-misfit');
  }, 120_000);

  it('the chosen data is remembered across a reload, until the runs\' own is chosen again', async () => {
    const openTrain = async () => {
      await page.reload();
      await page.getByTestId('view-train').click();
      await page.locator('[data-testid="runs-list"] tbody tr:nth-child(3)').waitFor({ timeout: 20_000 });
      await page.getByTestId('evaluate-check').nth(0).check();
      await page.locator('[data-testid="evaluation-data-line"][data-status="fits"]').waitFor({ timeout: 30_000 });
    };
    await openTrain();
    expect(await page.getByTestId('evaluation-data-name').textContent()).toBe('digits_x.npy + digits_y.npy');
    expect(await page.getByTestId('evaluation-data-line').textContent()).toContain('chosen');
    await page.getByTestId('evaluation-data-own').click();
    await expect.poll(() => page.getByTestId('evaluation-data-name').textContent(), { timeout: 30_000 }).toBe('built-in MNIST, test split');
    await openTrain();
    expect(await page.getByTestId('evaluation-data-name').textContent()).toBe('built-in MNIST, test split');
  }, 120_000);
});
