/**
 * Modal dialogs in real Chromium: Escape closes the open one (file dialog, group-name question,
 * Export diagram, keyboard help), and while one is open the editor's shortcuts stay off (Delete does not delete
 * the selected layer behind the file dialog; Ctrl+Z does not undo behind the name question).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, openProject, selectNode, SKIP_REASON } from './harness.ts';
import { appForSuite } from './steps.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const layers = (page: Page) => page.locator('.nw-node').count();

describe.skipIf(!hasChromium)('modal dialogs in Chromium', () => {
  const suite = appForSuite();

  it('Escape closes the file dialog, the name question and the help; shortcuts wait while one is open', async () => {
    const { page } = await openProject(suite.app, 'dialogs.json', {
      schemaVersion: 1,
      name: 'dialogs',
      nodes: [
        { id: 'x', kind: 'Input', name: 'input_1', params: { shape: [8, 8, 1] }, position: { x: 0, y: 0 } },
        { id: 'f', kind: 'Flatten', name: 'flatten', params: {}, position: { x: 0, y: 140 } },
        { id: 'd', kind: 'Dense', name: 'dense', params: { units: 2, activation: 'softmax' }, position: { x: 0, y: 280 } },
      ],
      edges: [
        { id: 'e1', source: 'x', target: 'f' },
        { id: 'e2', source: 'f', target: 'd' },
      ],
    });
    await expect.poll(() => layers(page)).toBe(3);
    const dialog = page.locator('[role="dialog"]');

    // The file dialog (Ctrl+O in browser mode): Delete is the dialog's, not the graph's.
    await selectNode(page, 'dense');
    await page.keyboard.press('Control+o');
    await page.getByTestId('file-folder').waitFor();
    await page.locator('.nw-file-list button').first().focus();
    await page.keyboard.press('Delete');
    expect(await layers(page)).toBe(3);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    // Closed, the shortcuts are back: Delete deletes the selected layer, Ctrl+Z brings it back.
    await page.keyboard.press('Delete');
    await expect.poll(() => layers(page)).toBe(2);
    await page.keyboard.press('Control+z');
    await expect.poll(() => layers(page)).toBe(3);

    // The name question of Ctrl+G: Ctrl+Z typed there does not undo the graph; Escape cancels.
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+g');
    const input = page.getByTestId('text-dialog-input');
    await input.waitFor();
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.locator('.nw-group-node').count()).toBe(0);
    expect(await layers(page)).toBe(3);

    // The Export diagram dialog: Delete stays the dialog's; Escape closes it.
    await selectNode(page, 'dense');
    await page.getByTestId('export-diagram').click();
    await page.getByTestId('diagram-dialog').waitFor();
    await page.getByTestId('diagram-dialog').locator('button').first().focus();
    await page.keyboard.press('Delete');
    expect(await layers(page)).toBe(3);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('diagram-dialog').count()).toBe(0);

    // The keyboard help: ? opens it, Escape closes it.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await page.locator('.nw-help').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.nw-help').count()).toBe(0);
  });
});
