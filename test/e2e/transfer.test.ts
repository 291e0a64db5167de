/**
 * Transfer learning and resume in real Chromium, against the real browser-mode backend and real
 * trainer processes. A LeNet-5 run (300 MNIST digits, 1 epoch) is seeded through the handlers
 * before the page opens; in the Train view it is chosen as initial weights for LeNet-5, the preview
 * lists the layers that will be loaded, "New head, freeze body" gives a fresh softmax head (one undo
 * step; frozen layers marked in the editor, the summary's trainable count drops to the head's), a
 * 1-epoch run reports the loaded layers, and "Continue training" takes that run to epoch 2; the
 * checkpoint chosen as a model.json in the file dialog, with c3 widened, lists c3 and f5 as differing.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTemplate } from '../../electron/templates.ts';
import type { Handlers } from '../../shared/ipc.ts';
import type { TrainEvent } from '../../shared/train/events.ts';
import { hasChromium, ROOT, screenshot, screenshotDark, SKIP_REASON } from './harness.ts';
import { appForSuite, insertTemplate, openTrainView } from './steps.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const SETTINGS = { epochs: 1, limit: 300, batchSize: 32 };

describe.skipIf(!hasChromium)('transfer learning and resume in Chromium', () => {
  const events: TrainEvent[] = [];
  const suite = appForSuite({ onEvent: (event) => event.type === 'train' && events.push(event.event) });
  let page: Page;
  let handlers: Handlers;
  let sourceRun = '';

  beforeAll(async () => {
    handlers = suite.app.handlers;

    // The source run: LeNet-5 on 300 digits for 1 epoch, through the same handler the Train button calls.
    const lenet = loadTemplate('lenet5', {}, join(ROOT, 'templates'));
    if (!lenet.ok) throw new Error(lenet.message);
    const started = await handlers['train:start']({ project: lenet.project as unknown as Record<string, unknown>, data: { kind: 'mnist' }, settings: SETTINGS as never });
    if (!started.ok) throw new Error(started.message);
    sourceRun = started.runId;
    for (;;) {
      const end = events.find((e) => e.runId === sourceRun && (e.type === 'done' || e.type === 'error'));
      if (end?.type === 'error') throw new Error(end.message);
      if (end) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    page = await suite.app.newPage();
  }, 120_000);

  it('starts LeNet-5 from a run with a new frozen-body head: preview, summary, loaded layers', async () => {
    await insertTemplate(page, 'lenet', 'lenet5', '61,706');
    await openTrainView(page);

    // The kept run is offered as initial weights; unchanged LeNet-5: all five layers will load.
    const select = page.getByTestId('weights-source');
    await expect.poll(() => select.locator(`option[value="run:${sourceRun}"]`).count(), { timeout: 20_000 }).toBe(1);
    await select.selectOption(`run:${sourceRun}`);
    await expect.poll(() => page.getByTestId('weights-loaded-row').count(), { timeout: 20_000 }).toBe(5);
    expect(await page.getByTestId('weights-skipped-row').count()).toBe(0);

    // New head for MNIST's 10 classes, body frozen: the head starts fresh, 4 layers load.
    await page.getByTestId('new-head-button').click();
    await expect.poll(() => page.getByTestId('weights-loaded-row').allTextContents()).toEqual(['c1✓ loadedsame name and shape', 'c3✓ loadedsame name and shape', 'f5✓ loadedsame name and shape', 'f6✓ loadedsame name and shape']);
    expect(await page.getByTestId('weights-skipped-row').allTextContents()).toEqual(['head+ not in sourcestarts fresh']);
    // Only the head trains: 84 * 10 + 10 = 850 of LeNet-5's 61,706 parameters.
    expect(await page.getByTestId('transfer-trainable').textContent()).toBe('850 trainable · 60,856 non-trainable · 4 layers frozen');
    await page.getByTestId('transfer-panel').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'transfer-01-preview');

    // In the editor: the summary updated by itself and the frozen layers show it.
    await page.getByTestId('view-design').click();
    expect(await page.getByTestId('trainable-params').textContent()).toBe('850');
    expect(await page.getByTestId('non-trainable-params').textContent()).toBe('60,856');
    expect(await page.getByTestId('frozen-badge').count()).toBe(4);
    // Close enough to read the node faces (LeNet-5 is tall: Fit zooms far out).
    for (let i = 0; i < 3; i++) await page.locator('.react-flow__controls-zoomin').click();
    await page.waitForTimeout(300);
    await screenshot(page, 'transfer-02-frozen-editor');
    // One undo step takes the whole edit back, and redo brings it again.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('trainable-params').textContent()).toBe('61,706');
    expect(await page.getByTestId('frozen-badge').count()).toBe(0);
    await page.keyboard.press('Control+y');
    await expect.poll(() => page.getByTestId('trainable-params').textContent()).toBe('850');

    // Train 1 epoch from those weights: the run says which layers it loaded.
    await page.getByTestId('view-train').click();
    await page.getByTestId('train-epochs').fill('1');
    await page.getByTestId('train-limit').fill('300');
    await expect.poll(() => page.getByTestId('train-button').isEnabled()).toBe(true);
    await page.getByTestId('train-button').click();
    await expect.poll(() => page.getByTestId('weights-report-count').textContent(), { timeout: 60_000 }).toBe('4');
    expect(await page.getByTestId('weights-report').textContent()).toBe(`Initial weights from run ${sourceRun} (epoch 1): 4 layers loaded (c1, c3, f5, f6); fresh: head (not in source).`);
    await expect.poll(() => page.getByTestId('run-phase').textContent(), { timeout: 90_000 }).toBe('done');
    const run = events.find((e) => e.type === 'weights' && e.runId !== sourceRun);
    expect(run).toMatchObject({ matched: ['c1', 'c3', 'f5', 'f6'], skipped: [{ layer: 'head' }] });
    await page.getByTestId('run-results').evaluate((el) => el.scrollIntoView());
    await screenshot(page, 'transfer-03-trained');
  }, 200_000);

  it('continues the finished run to epoch 2 in the same run', async () => {
    const runId = (await page.getByTestId('run-results').locator('h3 .mono').textContent())!;
    expect(await page.getByTestId('continue-epochs').inputValue()).toBe('2');
    await page.getByTestId('continue-button').click();
    await expect.poll(() => page.getByTestId('run-phase').textContent(), { timeout: 30_000 }).toMatch(/loading data|training/);
    await expect.poll(() => page.getByTestId('run-phase').textContent(), { timeout: 90_000 }).toBe('done');
    expect(Number(await page.getByTestId('chart-loss').getAttribute('data-epoch-points'))).toBe(2);
    expect(await page.getByTestId('resumed-note').textContent()).toContain('after epoch 1');
    expect(await page.getByTestId('resumed-note').textContent()).toContain('optimizer state');
    const record = await handlers['train:run']({ id: runId });
    expect(record.curves.map((c) => c.epoch)).toEqual([1, 2]);
    await screenshot(page, 'transfer-04-continued');
    // The preview and the report in the dark theme.
    await page.getByTestId('transfer-panel').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshotDark(page, 'transfer-05-dark');
  }, 150_000);

  it('takes a model.json from the file dialog; a wider c3 shows which layers differ in shape', async () => {
    await page.getByTestId('view-design').click();
    await page.locator('.nw-node[data-name="c3"] .nw-node-head').click();
    await page.locator('[data-param="filters"] input').fill('20');
    await expect.poll(() => page.locator('.nw-node[data-name="c3"] .nw-node-summary').textContent()).toContain('20');

    await page.getByTestId('view-train').click();
    await page.getByTestId('weights-source').selectOption('file');
    const dialog = page.getByTestId('data-path-dialog');
    await dialog.getByLabel('Folder').fill(join(suite.app.userDataDir, 'runs', sourceRun, 'checkpoints', 'epoch-1'));
    await dialog.locator('button', { hasText: 'model.json' }).click();
    await dialog.locator('button', { hasText: 'Choose' }).click();
    await expect.poll(() => page.getByTestId('weights-loaded-row').locator('td:first-child').allTextContents(), { timeout: 20_000 }).toEqual(['c1', 'f6']);
    expect(await page.getByTestId('weights-skipped-row').allTextContents()).toEqual([
      'c3≠ shape differssaved 5x5x6x16, model needs 5x5x6x20',
      'f5≠ shape differssaved 400x120, model needs 500x120',
      'head+ not in sourcestarts fresh',
    ]);
    expect(await page.getByTestId('weights-preview').textContent()).toContain('From epoch-1/model.json: 2 of 5 layers with weights receive them.');
    await page.getByTestId('transfer-panel').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'transfer-06-file-shape-differs');
  }, 60_000);
});
