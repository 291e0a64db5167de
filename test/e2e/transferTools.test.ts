/**
 * Transfer learning from the editor in real Chromium: with nothing selected the inspector offers a
 * new head for N classes with the body frozen (one undo step) and "Unfreeze all"; the counts it
 * shows are the ones the saved file gives Keras-style analysis, worked out by hand here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, openProject, screenshot, SKIP_REASON, totalParams } from './harness.ts';
import { appForSuite } from './steps.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { parseProject } from '../../shared/graph/load.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const status = async (page: Page) => ((await page.getByTestId('transfer-tools-status').textContent()) ?? '').trim();
const clearSelection = (page: Page) => page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });

describe.skipIf(!hasChromium)('transfer learning from the inspector in Chromium', () => {
  const suite = appForSuite();

  it('puts a new 3-class head on a frozen body as one undo step, and unfreezes all', async () => {
    // 8x8x1 -> Conv2D 4 3x3 (40 params) -> 6x6x4 -> Flatten 144 -> Dense 10 (1,450): 1,490 in all.
    const { page, file } = await openProject(suite.app, 'transfer-tools.json', {
      schemaVersion: 1,
      name: 'transfer-tools',
      nodes: [
        { id: 'x', kind: 'Input', name: 'input_1', params: { shape: [8, 8, 1] }, position: { x: 0, y: 0 } },
        { id: 'c', kind: 'Conv2D', name: 'conv2d', params: { filters: 4, kernelSize: [3, 3] }, position: { x: 0, y: 140 } },
        { id: 'f', kind: 'Flatten', name: 'flatten', params: {}, position: { x: 0, y: 280 } },
        { id: 'd', kind: 'Dense', name: 'dense', params: { units: 10, activation: 'softmax' }, position: { x: 0, y: 420 } },
      ],
      edges: [
        { id: 'e1', source: 'x', target: 'c' },
        { id: 'e2', source: 'c', target: 'f' },
        { id: 'e3', source: 'f', target: 'd' },
      ],
    });
    await expect.poll(() => totalParams(page)).toBe('1,490');
    await page.getByTestId('transfer-tools').waitFor();
    expect(await status(page)).toBe('Every layer trains. 1,490 of 1,490 parameters train.');
    expect(await page.getByTestId('transfer-tools-classes').inputValue()).toBe('10');
    expect(await page.getByTestId('transfer-tools-unfreeze').count()).toBe(0);

    // A class count that is not a whole number of 1 or more cannot be applied.
    await page.getByTestId('transfer-tools-classes').fill('0');
    expect(await page.getByTestId('transfer-tools-new-head').isDisabled()).toBe(true);
    await page.getByText('Classes must be a whole number, 1 or more.').waitFor();

    // New head for 3 classes: Dense 144*3 + 3 = 435 trains; the conv's 40 are frozen.
    await page.getByTestId('transfer-tools-classes').fill('3');
    await page.getByTestId('transfer-tools-new-head').click();
    await expect.poll(() => totalParams(page)).toBe('475');
    await clearSelection(page);
    await expect.poll(() => status(page)).toBe('1 layer frozen. 435 of 475 parameters train.');
    expect(await page.getByTestId('transfer-tools-classes').inputValue()).toBe('3');
    await expect.poll(() => page.locator('.nw-toast').first().textContent()).toMatch(/for 3 classes; 1 layer frozen: 435 of 475 parameters train/);
    await screenshot(page, 'transfer-tools-01-new-head');

    // The saved file says the same, read by the shared analysis.
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('dirty').count()).toBe(0);
    const saved = parseProject(readFileSync(file, 'utf8'));
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.project.nodes.find((n) => n.name === 'conv2d')!.trainable).toBe(false);
    expect(analyzeGraph(saved.project).totals).toMatchObject({ total: 475, trainable: 435 });

    // One undo step brings back the 10-class head with nothing frozen; redo re-applies it.
    await page.keyboard.press('Control+z');
    await expect.poll(() => totalParams(page)).toBe('1,490');
    await expect.poll(() => status(page)).toBe('Every layer trains. 1,490 of 1,490 parameters train.');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => status(page)).toBe('1 layer frozen. 435 of 475 parameters train.');

    // Unfreeze all: one undo step too.
    await page.getByTestId('transfer-tools-unfreeze').click();
    await expect.poll(() => status(page)).toBe('Every layer trains. 475 of 475 parameters train.');
    await page.keyboard.press('Control+z');
    await expect.poll(() => status(page)).toBe('1 layer frozen. 435 of 475 parameters train.');
    await screenshot(page, 'transfer-tools-02-undo-unfreeze');
  });
});
