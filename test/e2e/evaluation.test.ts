/**
 * Ensembles and 10-crop testing in real Chromium against the real browser-mode backend: the
 * user-data runs folder is seeded with two small CNNs trained for real on MNIST digits before
 * the page opens; the person ticks them under Evaluate in the runs list, runs the ensemble, then
 * a 10-crop test of one run, and reads the results card, whose numbers must be those the backend
 * answers for the same request (evaluations are deterministic); Stop ends an evaluation.
 * Screenshots in artifacts/screenshots.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whyWorse, type EvaluationReport } from '../../shared/train/evaluation.ts';
import { smallCnn, trainKeptRun } from '../electron/evaluation/runFixtures.ts';
import { hasChromium, recordAnswers, screenshot, SKIP_REASON, startApp, type App } from './harness.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function cellTexts(page: Page, testId: string): Promise<string[]> {
  return (await page.getByTestId('evaluation-card').getByTestId(testId).allTextContents()).map((t) => t.trim());
}

type EvaluationChannel = 'evaluate:ensemble' | 'evaluate:multicrop';

describe.skipIf(!hasChromium)('ensemble and 10-crop evaluation in Chromium', () => {
  let app: App;
  let page: Page;
  /** What the backend answered the page, per channel, in order: the card must show exactly these numbers. */
  let answered: ReturnType<typeof recordAnswers<EvaluationChannel>>;
  /** The report of the page's last request on `channel`, which must have been `request`. */
  const lastReport = (channel: EvaluationChannel, request: unknown): EvaluationReport => {
    const last = answered[channel].at(-1);
    expect(last?.request).toEqual(request);
    if (!last) throw new Error(`the page sent no ${channel} request`);
    if (!last.reply.ok) throw new Error(last.reply.message);
    return last.reply.report;
  };
  beforeAll(async () => {
    app = await startApp();
    answered = recordAnswers(app, ['evaluate:ensemble', 'evaluate:multicrop']);
    const runsDir = join(app.userDataDir, 'runs');
    await trainKeptRun(runsDir, 'digits-a', smallCnn('CNN 8x3x3', 8, 3), { seed: 3, epochs: 2 });
    await trainKeptRun(runsDir, 'digits-b', smallCnn('CNN 6x5x5', 6, 5), { seed: 4, epochs: 2 });
    page = await app.newPage();
    await page.getByTestId('view-train').click();
    await page.getByTestId('training-view').waitFor();
    await page.locator('[data-testid="runs-list"] tbody tr:nth-child(2)').waitFor({ timeout: 20_000 });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('ticks two runs, runs their ensemble and reads the same numbers as the backend', async () => {
    expect(await page.getByTestId('runs-list').locator('tbody tr').count()).toBe(2);
    const ensembleButton = page.getByTestId('evaluate-ensemble');
    expect(await ensembleButton.isDisabled()).toBe(true);
    const checks = page.getByTestId('evaluate-check');
    await checks.nth(0).check();
    expect(await page.getByTestId('evaluate-multicrop').isEnabled()).toBe(true);
    expect(await ensembleButton.isDisabled()).toBe(true);
    await checks.nth(1).check();
    expect(await ensembleButton.textContent()).toBe('Ensemble of 2 runs');
    expect(await page.getByTestId('evaluate-multicrop').isDisabled()).toBe(true);
    await ensembleButton.click();
    await page.getByTestId('evaluation-progress').waitFor();
    await screenshot(page, 'evaluation-running');
    await page.locator('[data-testid="evaluation-card"][data-status="done"]').waitFor({ timeout: 180_000 });

    // Ticked newest first in the list (digits-b was trained last).
    const r = lastReport('evaluate:ensemble', { runIds: ['digits-b', 'digits-a'] });
    expect(r.data).toEqual({ kind: 'mnist', split: 'test' });
    expect(await cellTexts(page, 'evaluation-accuracy')).toEqual([...r.singles.map((s) => pct(s.accuracy)), pct(r.combined.accuracy)]);
    expect(await page.getByTestId('evaluation-combined').textContent()).toBe(pct(r.combined.accuracy));
    const points = (d: number) => `${d * 100 >= 0.05 ? '+' : ''}${Math.abs(d * 100) < 0.05 ? '0.0' : (d * 100).toFixed(1)} pts`;
    expect(await page.getByTestId('evaluation-delta-best').textContent()).toBe(points(r.combined.accuracy - r.bestSingle.accuracy));
    expect(await page.getByTestId('evaluation-delta-mean').textContent()).toBe(points(r.combined.accuracy - r.meanSingleAccuracy));
    expect(await page.getByTestId('evaluation-passes').textContent()).toBe('2');
    expect(await page.getByTestId('evaluation-time').textContent()).toMatch(/^\d+(\.\d)?×$/);
    expect(await page.getByTestId('evaluation-card').textContent()).toContain(`${r.samples.toLocaleString('en-US')} images of built-in MNIST, test split`);
    for (const s of r.singles) expect(s.accuracy).toBeGreaterThan(0.5);
    console.log(`e2e ensemble on ${r.samples} MNIST test digits: ${r.singles.map((s) => pct(s.accuracy)).join(', ')} -> ${pct(r.combined.accuracy)}; time ${r.timeRatio.toFixed(2)}x`);
    await page.getByTestId('evaluation-card').scrollIntoViewIfNeeded();
    await screenshot(page, 'evaluation-ensemble');
    // The same card in the dark theme (colours come from the theme variables).
    await page.getByTestId('theme').click();
    await screenshot(page, 'evaluation-ensemble-dark');
    await page.getByTestId('theme').click();
  }, 240_000);

  it('runs a 10-crop test of one run; when it hurts, the card says why from the numbers', async () => {
    await page.getByTestId('evaluate-check').nth(0).uncheck();
    const crop = page.getByTestId('evaluate-multicrop');
    expect(await crop.isEnabled()).toBe(true);
    await crop.click();
    await page.locator('[data-testid="evaluation-card"][data-status="done"]').waitFor({ timeout: 180_000 });
    const r = lastReport('evaluate:multicrop', { runId: 'digits-a' });
    expect(await page.getByTestId('evaluation-result').getAttribute('data-kind')).toBe('multicrop');
    expect(await cellTexts(page, 'evaluation-accuracy')).toEqual([pct(r.singles[0]!.accuracy), pct(r.combined.accuracy)]);
    expect(await page.getByTestId('evaluation-passes').textContent()).toBe('10');
    expect(await page.getByTestId('evaluation-views').locator('.nw-eval-view').count()).toBe(10);
    const why = page.getByTestId('evaluation-why');
    expect(await why.count()).toBe(r.combined.accuracy < r.singles[0]!.accuracy ? 1 : 0);
    if (r.combined.accuracy < r.singles[0]!.accuracy) expect(await why.textContent()).toMatch(/score \d+\.\d% on their own/);
    console.log(`e2e 10-crop on ${r.samples} digits: one pass ${pct(r.singles[0]!.accuracy)}, 10-crop ${pct(r.combined.accuracy)}; views ${r.views!.map((v) => pct(v.accuracy)).join(' ')}`);
    await page.getByTestId('evaluation-card').scrollIntoViewIfNeeded();
    await screenshot(page, 'evaluation-multicrop');
    // When the mirrors are to blame, the card offers the 5-crop test; it reads as the backend's.
    const mirrorsBlamed = whyWorse(r)?.startsWith('Mirrored views') ?? false;
    expect(await page.getByTestId('evaluation-no-mirrors').count()).toBe(mirrorsBlamed ? 1 : 0);
    if (mirrorsBlamed) {
      await page.getByTestId('evaluation-no-mirrors').click();
      await page.locator('[data-testid="evaluation-card"][data-status="done"]').waitFor({ timeout: 180_000 });
      const five = lastReport('evaluate:multicrop', { runId: 'digits-a', mirrors: false });
      expect(await page.getByTestId('evaluation-passes').textContent()).toBe('5');
      expect(await cellTexts(page, 'evaluation-accuracy')).toEqual([pct(five.singles[0]!.accuracy), pct(five.combined.accuracy)]);
      // A separate evaluation process gives the five unmirrored views the same scores: evaluations are deterministic.
      expect(five.views!.map((v) => v.accuracy)).toEqual(r.views!.slice(0, 5).map((v) => v.accuracy));
      console.log(`e2e 5-crop (no mirrors): ${pct(five.combined.accuracy)}`);
      await screenshot(page, 'evaluation-fivecrop');
    }
  }, 400_000);

  it('Stop ends an evaluation in progress and says so', async () => {
    await page.getByTestId('evaluate-check').nth(0).check();
    await page.getByTestId('evaluate-ensemble').click();
    await page.getByTestId('evaluation-stop').click();
    await page.locator('[data-testid="evaluation-card"][data-status="stopped"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('evaluation-error').textContent()).toBe('the evaluation (ensemble of 2 runs) was stopped');
    // The buttons are back: another evaluation can start.
    expect(await page.getByTestId('evaluate-ensemble').isEnabled()).toBe(true);
  }, 60_000);
});
