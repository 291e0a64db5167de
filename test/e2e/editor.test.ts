/**
 * The node editor in real Chromium against the real browser-mode backend: build the HappyModel
 * from the palette by drag and wire, undo to empty and redo, save, reload and reopen; a refused
 * wire; a mismatched Add and its fix-it; the ResNet-50 template; copy/paste between tabs;
 * recovery of unsaved work. Screenshots go to artifacts/screenshots/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dragFromPalette, hasChromium, openProject, screenshot, selectNode, SKIP_REASON, totalParams, wire } from './harness.ts';
import { appForSuite } from './steps.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const HAPPY = [
  ['Input', 'input_1'],
  ['ZeroPadding2D', 'zero_padding2d'],
  ['Conv2D', 'conv2d'],
  ['BatchNormalization', 'batch_normalization'],
  ['Activation', 'activation'],
  ['MaxPooling2D', 'max_pooling2d'],
  ['Flatten', 'flatten'],
  ['Dense', 'dense'],
] as const;

async function edgeLabels(page: Page): Promise<string[]> {
  return (await page.locator('.react-flow__edge-text').allTextContents()).sort();
}

/** Layers as the summary table lists them (the canvas draws only what is in view). */
async function nodeNames(page: Page): Promise<string[]> {
  return (await page.locator('.nw-summary-table tbody tr td:first-child').allTextContents()).sort();
}

async function layerCount(page: Page): Promise<number> {
  return page.locator('.nw-summary-table tbody tr').count();
}

async function fill(page: Page, selector: string, value: string): Promise<void> {
  const input = page.locator(selector);
  await input.click();
  await input.fill(value);
}

describe.skipIf(!hasChromium)('the node editor in Chromium', () => {
  const suite = appForSuite();

  it('builds the HappyModel by drag and wire, undoes to empty, redoes, saves, reloads and reopens it', async () => {
    const { app } = suite;
    const page = await app.newPage();
    await screenshot(page, '01-empty');
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    // Two columns of four, top to bottom.
    for (const [i, [kind]] of HAPPY.entries()) {
      const col = i < 4 ? 0 : 1;
      const row = i % 4;
      await dragFromPalette(page, kind, canvas.x + 200 + col * 300, canvas.y + 70 + row * 130);
    }
    expect(await page.locator('.nw-node').count()).toBe(8);
    for (let i = 0; i + 1 < HAPPY.length; i++) await wire(page, HAPPY[i]![1], HAPPY[i + 1]![1]);
    expect(await page.locator('.react-flow__edge').count()).toBe(7);

    // A refused wire says why at the cursor: a Dense layer cannot take the 64x64x32 image.
    await wire(page, 'conv2d', 'dense');
    await expect.poll(() => page.locator('.nw-refusal').textContent()).toContain('Dense expects a flat vector');
    await screenshot(page, '02-refused-wire');
    await page.locator('.nw-refusal button', { hasText: 'Dismiss' }).click();
    expect(await page.locator('.react-flow__edge').count()).toBe(7);

    // Parameters through the generated inspector form.
    await selectNode(page, 'zero_padding2d');
    for (let k = 0; k < 4; k++) await fill(page, `[data-param="padding"] input >> nth=${k}`, '3');
    await selectNode(page, 'conv2d');
    await fill(page, '[data-param="kernelSize"] input >> nth=0', '7');
    await fill(page, '[data-param="kernelSize"] input >> nth=1', '7');
    await expect.poll(() => page.getByTestId('explain').textContent()).toContain('floor((70 - 7)/1) + 1 = 64');
    expect(await page.getByTestId('explain').textContent()).toContain('(7*7*3 + 1)*32 = 4,736');
    // Validated as you type: zero filters is refused at the field, then fixed.
    await fill(page, '[data-param="filters"] input', '0');
    await expect.poll(() => page.locator('[data-param="filters"] .nw-field-error').textContent()).toMatch(/filters/i);
    await fill(page, '[data-param="filters"] input', '32');
    await selectNode(page, 'dense');
    await fill(page, '[data-param="units"] input', '1');
    await page.locator('[data-param="activation"] select').selectOption('sigmoid');

    await expect.poll(() => totalParams(page)).toBe('37,633');
    expect(await page.getByTestId('trainable-params').textContent()).toBe('37,569');
    expect(await page.getByTestId('non-trainable-params').textContent()).toBe('64');
    const labels = await edgeLabels(page);
    expect(labels).toEqual(['32768', '32x32x32', '64x64x3', '64x64x32', '64x64x32', '64x64x32', '70x70x3'].sort());
    expect(await page.getByTestId('dirty').count()).toBe(1);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('l');
    await page.waitForTimeout(1200);
    // Summary table hidden (S) for a larger view of the graph, then shown again.
    await page.keyboard.press('s');
    await page.keyboard.press('f');
    await page.waitForTimeout(500);
    await screenshot(page, '03-happy-model');
    await page.keyboard.press('s');
    const built = await nodeNames(page);

    // Undo every step back to the empty canvas, then redo them all.
    let steps = 0;
    while (await page.getByTestId('undo').isEnabled()) {
      await page.keyboard.press('Control+z');
      steps++;
      expect(steps).toBeLessThan(200);
    }
    expect(await page.locator('.nw-node').count()).toBe(0);
    expect(await totalParams(page)).toBe('0');
    expect(await page.getByTestId('dirty').count()).toBe(0);
    await screenshot(page, '04-undone-to-empty');
    for (let i = 0; i < steps; i++) await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => totalParams(page)).toBe('37,633');
    expect(await nodeNames(page)).toEqual(built);

    // Save through the in-app dialog (browser mode has no native one).
    await page.getByTestId('save').click();
    await fill(page, '[data-testid="file-name"]', 'happy.json');
    await page.getByTestId('file-confirm').click();
    await expect.poll(() => page.getByTestId('dirty').count()).toBe(0);
    const file = join(app.workDir, 'happy.json');
    expect(existsSync(file)).toBe(true);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { nodes: unknown[]; edges: unknown[] };
    expect(saved.nodes).toHaveLength(8);
    expect(saved.edges).toHaveLength(7);

    // Reload: a clean page, then open the file again from the recent list.
    await page.reload();
    await page.waitForSelector('.react-flow__renderer');
    expect(await page.locator('.nw-node').count()).toBe(0);
    await page.locator('button', { hasText: 'Recent' }).click();
    await page.locator('.nw-menu button', { hasText: 'happy.json' }).click();
    await expect.poll(() => totalParams(page)).toBe('37,633');
    expect(await nodeNames(page)).toEqual(built);
    // Edge labels are drawn from 45% zoom up: hide the summary (S) so the fitted graph is large enough.
    await page.waitForTimeout(300);
    await page.keyboard.press('s');
    await page.keyboard.press('f');
    await expect.poll(() => edgeLabels(page)).toEqual(labels);
    await page.waitForTimeout(400);
    expect(await page.getByTestId('model-name').inputValue()).toBe('happy');
    await screenshot(page, '05-reopened');
    await page.keyboard.press('s');
    await page.close();
  });

  it('shows a mismatched Add and repairs it with the projection fix-it', async () => {
    const { app } = suite;
    const { page } = await openProject(app, 'mismatch.json', {
      schemaVersion: 1,
      name: 'residual',
      nodes: [
        { id: 'x', kind: 'Input', name: 'input_1', params: { shape: [32, 32, 3] }, position: { x: 0, y: 0 } },
        { id: 'c', kind: 'Conv2D', name: 'conv_a', params: { filters: 16, kernelSize: [3, 3], padding: 'same' }, position: { x: 0, y: 130 } },
        { id: 'b', kind: 'BatchNormalization', name: 'bn_a', params: {}, position: { x: 0, y: 260 } },
        { id: 'add', kind: 'Add', name: 'add', params: {}, position: { x: 0, y: 390 } },
      ],
      edges: [
        { id: 'e1', source: 'x', target: 'c' },
        { id: 'e2', source: 'c', target: 'b' },
        { id: 'e3', source: 'b', target: 'add', targetPort: 'in0' },
        { id: 'e4', source: 'x', target: 'add', targetPort: 'in1' },
      ],
    });
    await page.waitForSelector('.nw-node[data-name="add"]');
    const addNode = page.locator('.nw-node[data-name="add"]');
    await expect.poll(() => addNode.getAttribute('class')).toContain('has-error');
    expect(await addNode.textContent()).toContain('received 32x32x16 and 32x32x3');

    // Wiring the Add back into the conv would be a cycle: refused.
    await wire(page, 'add', 'conv_a');
    await expect.poll(() => page.locator('.nw-refusal').textContent()).toContain('cycle');
    await page.locator('.nw-refusal button', { hasText: 'Dismiss' }).click();

    await selectNode(page, 'add');
    const diagnostic = page.locator('.nw-diagnostic[data-code="SHAPE_MISMATCH"]');
    expect(await diagnostic.textContent()).toContain('32x32x16 and 32x32x3');
    await screenshot(page, '06-mismatched-add');
    await diagnostic.locator('button[data-fix="Insert 1x1 conv + BN projection"]').click();
    await expect.poll(() => addNode.getAttribute('class')).not.toContain('has-error');
    // conv_a (3*3*3+1)*16 = 448, bn_a 64, projection (3+1)*16 = 64 and its BN 64.
    expect(await totalParams(page)).toBe('640');
    expect(await page.locator('.nw-node').count()).toBe(6);
    await page.keyboard.press('f');
    await page.waitForTimeout(400);
    await screenshot(page, '07-fixed-add');
    // The fix is one undo step.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.nw-node').count()).toBe(4);
    await page.close();
  });

  it('inserts the ResNet-50 template from the palette: 23,600,006 parameters', async () => {
    const { app } = suite;
    const page = await app.newPage();
    await page.getByTestId('palette-search').fill('resnet-50');
    const item = page.locator('.nw-palette-item.template').first();
    expect(await item.textContent()).toMatch(/ResNet-?50/i);
    await page.getByTestId('palette-search').press('Enter');
    await expect.poll(() => totalParams(page), { timeout: 20_000 }).toBe('23,600,006');
    expect(await page.getByTestId('trainable-params').textContent()).toBe('23,546,886');
    expect(await page.locator('.nw-error-count').count()).toBe(0);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.waitForTimeout(500);
    await screenshot(page, '08-resnet50');
    // The blocks arrive collapsed; expand one in place.
    // ResNet-50's 8 block groups (conv block and identity blocks per stage), once the view fits.
    await expect.poll(() => page.locator('.nw-group-node').count()).toBeGreaterThanOrEqual(8);
    await page.locator('.nw-group-node', { hasText: 'res3a' }).dblclick();
    await expect.poll(() => page.locator('.nw-group-frame', { hasText: 'res3a' }).count()).toBe(1);
    expect(await page.locator('.nw-group-node', { hasText: 'res3a' }).count()).toBe(0);
    await page.keyboard.press('f');
    await page.waitForTimeout(400);
    expect(await totalParams(page)).toBe('23,600,006');
    await page.keyboard.press('t');
    const frame = (await page.locator('.nw-group-frame', { hasText: 'res3a' }).boundingBox())!;
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    for (let i = 0; i < 12; i++) {
      // Zoom in on the expanded block (wheel zooms around the pointer).
      await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 4);
      await page.mouse.wheel(0, -120);
    }
    await page.waitForTimeout(400);
    expect(canvas.width).toBeGreaterThan(0);
    await screenshot(page, '09-resnet50-expanded-dark');
    await page.keyboard.press('t');
    await page.close();
  });

  it('inserts a parameterised block after the selected layer, grouped and wired', async () => {
    const { app } = suite;
    const page = await app.newPage();
    await page.getByTestId('palette-search').fill('input');
    await page.getByTestId('palette-search').press('Enter');
    await page.getByTestId('palette-search').fill('identity');
    const entry = page.locator('.nw-palette-item.template', { hasText: 'identity' }).first();
    await entry.locator('.nw-palette-insert').click();
    await fill(page, '[data-template-param="filters"]', '16x16x3');
    await entry.locator('button[type="submit"]').click();
    // 1x1: (3+1)*16 = 64; 3x3: (9*16+1)*16 = 2,320; 1x1: (16+1)*3 = 51; BN 4*(16+16+3) = 140.
    // (The block is laid out in the ELK worker first, which a busy machine may take seconds to start.)
    await expect.poll(() => totalParams(page), { timeout: 20_000 }).toBe('2,575');
    expect(await page.locator('.nw-error-count').count()).toBe(0);
    expect(await page.locator('.nw-group-frame').count()).toBe(1);
    await page.waitForTimeout(300);
    await screenshot(page, '13-block-inserted');
    // Group everything (Ctrl+G asks for a name in-app), then undo it.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+g');
    await fill(page, '[data-testid="text-dialog-input"]', 'stem and block');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.nw-group-frame').count()).toBe(2);
    expect(await page.locator('.nw-group-frame', { hasText: 'stem and block' }).count()).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.nw-group-frame').count()).toBe(1);
    await page.close();
  });

  it('copies a selection in one tab and pastes it in another', async () => {
    const { app } = suite;
    const a = await app.newPage();
    const b = await app.newPage();
    await a.bringToFront();
    await a.locator('button', { hasText: 'Recent' }).click();
    await a.locator('.nw-menu button', { hasText: 'happy.json' }).click();
    await expect.poll(() => totalParams(a)).toBe('37,633');
    await a.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await a.keyboard.press('Control+a');
    await a.keyboard.press('Control+c');

    await b.bringToFront();
    await b.locator('.react-flow__pane').click({ position: { x: 300, y: 200 } });
    await b.keyboard.press('Control+v');
    await expect.poll(() => totalParams(b)).toBe('37,633');
    expect(await layerCount(b)).toBe(8);
    // Duplicate in the second tab doubles it.
    await b.keyboard.press('Control+d');
    await expect.poll(() => totalParams(b)).toBe('75,266');
    await a.close();
    await b.close();
  });

  it('types a chain from the palette and keeps unsaved edits in the recovery journal', async () => {
    const { app } = suite;
    const page = await app.newPage();
    // With a layer selected, Enter in the palette inserts below it and wires it.
    for (const kind of ['input', 'conv2d', 'globalaveragepooling2d', 'dense']) {
      await page.getByTestId('palette-search').fill(kind);
      await page.getByTestId('palette-search').press('Enter');
    }
    expect(await layerCount(page)).toBe(4);
    expect(await page.locator('.nw-summary-table td', { hasText: 'global_average_pooling2d[0][0]' }).count()).toBe(1);
    // 64x64x3 -> conv 3x3, 32: (27+1)*32 = 896; GAP -> 32; Dense 10: (32+1)*10 = 330.
    await expect.poll(() => totalParams(page)).toBe('1,226');
    // The last layer typed is scrolled into view.
    await expect.poll(() => page.locator('.nw-node[data-kind="Dense"]').count()).toBe(1);
    await screenshot(page, '10-typed-chain');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    expect(await page.locator('.nw-help').textContent()).toContain('Undo');
    await screenshot(page, '12-help');
    await page.keyboard.press('Escape');
    expect(await page.locator('.nw-help').count()).toBe(0);
    // The journal is written about 1.5 s after the last edit.
    await expect.poll(async () => (await app.handlers['recovery:read']({}))?.project.nodes.length, { timeout: 15_000 }).toBe(4);
    const again = await app.context.newPage();
    await again.goto(app.server.url);
    await again.getByTestId('restore').click();
    await expect.poll(() => layerCount(again)).toBe(4);
    expect(await totalParams(again)).toBe('1,226');
    expect(await again.getByTestId('dirty').count()).toBe(1);
    await screenshot(again, '11-recovered');
    await again.close();

    // Unsaved work is never dropped silently: New asks first (Cancel keeps it)...
    await page.locator('.nw-toolbar button', { hasText: 'New' }).click();
    await page.locator('.nw-modal', { hasText: 'Save your changes?' }).locator('button', { hasText: 'Cancel' }).click();
    expect(await layerCount(page)).toBe(4);
    // ...and closing the tab raises the browser's beforeunload prompt.
    const dialog = new Promise<string>((resolve) => page.once('dialog', (d) => { resolve(d.type()); void d.dismiss(); }));
    await page.close({ runBeforeUnload: true });
    expect(await dialog).toBe('beforeunload');
    expect(page.isClosed()).toBe(false);
    await page.close();
  });
});
