/**
 * The code panel in real Chromium against the real browser-mode backend: ResNet-50's TypeScript
 * equals what `netwright export` writes for the same saved graph; it type-checks against the
 * app's tfjs typings; clicking a node highlights its statement and putting the cursor in a
 * statement selects its node; editing a filter count in code and applying it changes the node and
 * the summary, and undo brings the graph back; code that cannot be mapped is marked, the graph
 * untouched. Screenshots in both themes at 1440x900 and at the 1024x700 layout-audit size.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { loadTemplate } from '../../electron/templates.ts';
import { writeCheckpoint } from '../../electron/trainer/checkpoint.ts';
import { compileToTfjs } from '../../shared/compile/toTfjs.ts';
import { validateProject } from '../../shared/graph/load.ts';
import { tiny } from '../shared/codegen/fixtures.ts';
import { hasChromium, ROOT, screenshot, screenshotDark, selectNode, SKIP_REASON, totalParams } from './harness.ts';
import { insertTemplate, pageForSuite } from './steps.ts';

if (!hasChromium) console.warn(SKIP_REASON);

/** What `netwright export <file> --lang ts` prints (stdout; the CLI drops the final newline). */
function cliExport(file: string, ...flags: string[]): string {
  const lang = flags.includes('--lang') ? [] : ['--lang', 'ts'];
  return execFileSync(process.execPath, [join(ROOT, 'bin', 'netwright.mjs'), 'export', file, ...lang, ...flags], { cwd: ROOT, encoding: 'utf8' });
}

/** The panel's text, copied with its Copy button as a person would, read back from the clipboard. */
async function copiedText(page: Page): Promise<string> {
  await page.getByTestId('code-copy').click();
  return page.evaluate(() => navigator.clipboard.readText());
}

/** The editor's rendered line that contains `text` (Monaco draws only lines in view). */
function viewLine(page: Page, text: string) {
  return page.locator('.nw-code-panel .view-line').filter({ hasText: text });
}

/** True when a selection highlight is drawn at the height of the rendered line containing `text`. */
async function highlightedAt(page: Page, text: string): Promise<boolean> {
  const line = await viewLine(page, text).first().boundingBox();
  if (!line) return false;
  const marks = await page.locator('.nw-code-panel .nw-code-selected').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
  return marks.some((top) => Math.abs(top - line.y) < 2);
}

/** Puts the cursor at the end of the module (its last lines in view), as Ctrl+End does. */
async function endOfCode(page: Page): Promise<void> {
  await page.mouse.move(0, 0); // no hover card over the text
  await page.locator('.nw-code-panel .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
}

async function saveAs(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+Shift+S');
  await page.getByTestId('file-name').fill(name);
  await page.getByTestId('file-confirm').click();
  await expect.poll(() => page.getByTestId('dirty').count()).toBe(0);
}

describe.skipIf(!hasChromium)('the code panel in Chromium', () => {
  const suite = pageForSuite();

  it('shows ResNet-50 as the CLI exports it, type-checked, with selection both ways', async () => {
    const { page, app } = suite;
    await insertTemplate(page, 'resnet', 'resnet50', '23,600,006');
    await saveAs(page, 'resnet50.json');
    await page.getByTestId('toggle-code').click();
    await page.getByTestId('code-panel').waitFor();
    await viewLine(page, "import * as tf from '@tensorflow/tfjs'").first().waitFor({ timeout: 30_000 });
    const text = await copiedText(page);
    expect(text.replace(/\n$/, '')).toBe(cliExport(join(app.workDir, 'resnet50.json')).replace(/\n$/, ''));
    await expect.poll(() => page.getByTestId('code-typecheck').textContent(), { timeout: 60_000 }).toMatch(/^✓ Type-checks against @tensorflow\/tfjs 4\.22\.0/);

    // Summary row -> code: selecting conv1 highlights its statement and scrolls to it.
    await page.locator('.nw-summary-table tbody tr', { hasText: 'conv1 (Conv2D)' }).click();
    await expect.poll(() => highlightedAt(page, "name: 'conv1'")).toBe(true);
    await screenshot(page, 'code-01-resnet50-light');
    await screenshotDark(page, 'code-02-resnet50-dark');

    // Code -> canvas: the cursor in a statement selects its node.
    await viewLine(page, 'identityBlock(res2aConvBlock').first().click();
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBeGreaterThan(0);
    await viewLine(page, "name: 'bn_conv1'").first().click();
    await expect.poll(() => page.locator('.react-flow__node.selected .nw-node').getAttribute('data-name')).toBe('bn_conv1');

    // Canvas -> code, layer by layer: with blocks inline every layer has its statement; a node
    // clicked on the canvas at 100% zoom lights up its own line.
    await page.getByTestId('code-helpers').uncheck();
    await viewLine(page, "name: 'res2a_branch2a'").first().waitFor();
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('0');
    // The summary row scrolls the code to conv1; clicking its line brings conv1 into the canvas' view...
    await page.locator('.nw-summary-table tbody tr', { hasText: 'conv1 (Conv2D)' }).click();
    await viewLine(page, "name: 'conv1'").first().click();
    // ...where clicking another layer's card lights up that layer's own line.
    await page.locator('.nw-node[data-name="conv1"].is-selected').waitFor();
    await page.waitForTimeout(400); // the pan to conv1 settles
    const box = (await page.getByTestId('canvas').boundingBox())!;
    const mini = (await page.locator('.react-flow__minimap').boundingBox())!;
    const other = await page.locator('.nw-node').evaluateAll((els, [b, m]) => {
      const free = els.find((e) => {
        const r = e.getBoundingClientRect();
        const inCanvas = r.width > 40 && r.left > b!.x + 10 && r.right < b!.x + b!.width - 10 && r.top > b!.y + 10 && r.bottom < b!.y + b!.height - 10;
        const underMap = r.right > m!.x && r.bottom > m!.y;
        return inCanvas && !underMap && e.getAttribute('data-name') !== 'conv1';
      });
      return free?.getAttribute('data-name') ?? null;
    }, [box, mini] as const);
    expect(other).not.toBeNull();
    await page.locator(`.nw-node[data-name="${other}"] .nw-node-head`).click();
    await expect.poll(() => highlightedAt(page, `name: '${other}'`)).toBe(true);
    expect(await highlightedAt(page, "name: 'conv1'")).toBe(false);
    await screenshot(page, 'code-03-inline-selected');
    await page.getByTestId('code-helpers').check();
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('f');
  });

  it('applies an edited filter count to the graph as one undoable step', async () => {
    const { page } = suite;
    const project = loadTemplate('resnet50', {}, join(ROOT, 'templates'));
    if (!project.ok) throw new Error(project.message);
    const edited = structuredClone(project.project);
    const conv1 = edited.nodes.find((n) => n.name === 'conv1')!;
    conv1.params = { ...conv1.params, filters: 32 };
    const expected = analyzeGraph(edited).totals.total.toLocaleString('en-US');
    expect(expected).not.toBe('23,600,006');

    await page.locator('.nw-summary-table tbody tr', { hasText: 'conv1 (Conv2D)' }).click();
    await expect.poll(() => highlightedAt(page, "name: 'conv1'")).toBe(true);
    await page.getByTestId('code-edit').click();
    const line = viewLine(page, "name: 'conv1'").first();
    await line.locator('span', { hasText: /^64$/ }).first().dblclick();
    await page.keyboard.type('32');
    await expect.poll(() => viewLine(page, "name: 'conv1', filters: 32").count()).toBe(1);
    await page.getByTestId('code-apply').click();
    await expect.poll(() => totalParams(page), { timeout: 20_000 }).toBe(expected);
    // The changed layer is selected, and the inspector shows its new filter count.
    await expect.poll(() => page.locator('input[name$=".filters"]').first().inputValue()).toBe('32');
    expect(await page.locator('.nw-summary-table tbody tr', { hasText: 'conv1 (Conv2D)' }).textContent()).toContain('(None, 32, 32, 32)');
    await expect.poll(() => page.getByTestId('code-apply').count()).toBe(0);
    await expect.poll(() => viewLine(page, "name: 'conv1', filters: 32").count()).toBe(1);
    await screenshot(page, 'code-04-applied');

    await page.getByTestId('undo').click();
    await expect.poll(() => totalParams(page)).toBe('23,600,006');
    await expect.poll(() => viewLine(page, "name: 'conv1', filters: 64").count()).toBe(1);
  });

  it('marks code it cannot map and leaves the graph alone', async () => {
    const { page } = suite;
    await page.getByTestId('code-edit').click();
    await endOfCode(page);
    const line = viewLine(page, "name: 'fc6'").first();
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type("console.log('hello');");
    // Keys typed into the code are the code's: 'l', 's', 't', 'e' did not lay out, hide the
    // summary, switch the theme or close the panel.
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    await page.locator('.nw-summary-table').waitFor();
    await viewLine(page, "console.log('hello');").waitFor();
    await page.getByTestId('code-apply').click();
    await page.getByTestId('code-markers').waitFor();
    await expect.poll(() => page.locator('.nw-code-panel .squiggly-error').count()).toBeGreaterThan(0);
    expect(await totalParams(page)).toBe('23,600,006');
    await screenshot(page, 'code-05-marker');
    await page.getByTestId('code-cancel').click();

    // The checker knows tfjs' types: a bigint where tf.layers.dense takes a number is a type error.
    await page.getByTestId('code-edit').click();
    await endOfCode(page);
    await viewLine(page, "name: 'fc6'").first().locator('span', { hasText: /^6$/ }).first().dblclick();
    await page.keyboard.type('6n');
    await expect.poll(() => page.getByTestId('code-typecheck').textContent(), { timeout: 30_000 }).toMatch(/^✗ \d+ type errors?/);
    expect(await page.getByTestId('code-type-error').textContent()).toMatch(/bigint.*number/);
    await page.getByTestId('code-cancel').click();
    await expect.poll(() => page.getByTestId('code-typecheck').textContent(), { timeout: 30_000 }).toMatch(/^✓ Type-checks/);
  });

  it('shows the Keras module as the CLI exports it, with the selection highlighted', async () => {
    const { page, app } = suite;
    await page.getByTestId('code-tab-keras').click();
    await expect.poll(() => copiedText(page), { timeout: 30_000 }).toContain('from tensorflow.keras import layers');
    await page.getByTestId('code-strategy').selectOption('mirrored');
    await expect.poll(() => copiedText(page)).toContain('tf.distribute.MirroredStrategy');
    const text = await copiedText(page);
    expect(text.replace(/\n$/, '')).toBe(cliExport(join(app.workDir, 'resnet50.json'), '--lang', 'keras', '--strategy', 'mirrored').replace(/\n$/, ''));
    await page.locator('.nw-summary-table tbody tr', { hasText: 'bn_conv1 (BatchNormalization)' }).click();
    await expect.poll(() => highlightedAt(page, "name='bn_conv1'")).toBe(true);
    await screenshot(page, 'code-06-keras');
    await page.getByTestId('code-strategy').selectOption('default');
    await page.getByTestId('code-tab-ts').click();
  });

  it("exports a finished run's TypeScript with its trained weights", async () => {
    const { page, app } = suite;
    // A finished run as the trainer leaves it (run.json + its latest checkpoint, real tfjs files).
    const run = join(app.userDataDir, 'runs', 'run-tiny');
    mkdirSync(run, { recursive: true });
    const tinyProject = validateProject(tiny);
    if (!tinyProject.ok) throw new Error(tinyProject.error.message);
    await writeCheckpoint(tf, compileToTfjs(tf, tinyProject.project), run, { epoch: 1, classes: ['0', '1'], inputShape: [8, 8, 1], loss: 'binaryCrossentropy', history: [] });
    writeFileSync(join(run, 'run.json'), JSON.stringify({ id: 'run-tiny', createdAt: new Date().toISOString(), status: 'done', project: tinyProject.project, curves: [{ epoch: 1, loss: 0.5, accuracy: 0.75 }] }));

    await page.getByTestId('code-export-trained').click();
    await page.getByTestId('code-run').filter({ hasText: 'tiny' }).click();
    await page.getByTestId('file-name').fill('tiny.ts');
    await page.getByTestId('file-confirm').click();
    await expect.poll(() => page.locator('.nw-toast').filter({ hasText: 'Exported' }).count()).toBe(1);
    for (const f of ['tiny.ts', 'model.json', 'weights.bin']) expect(existsSync(join(app.workDir, f))).toBe(true);
    expect(readFileSync(join(app.workDir, 'tiny.ts'), 'utf8')).toContain('export async function loadTrainedModel(');
  });

  it("exports the same run's Keras module with its trained weights from the Keras tab", async () => {
    const { page, app } = suite;
    await page.getByTestId('code-tab-keras').click();
    expect(await page.getByTestId('code-export-trained').isEnabled()).toBe(true);
    await page.getByTestId('code-export-trained').click();
    await page.getByTestId('code-run').filter({ hasText: 'tiny' }).click();
    await page.getByTestId('file-name').fill('tiny.py');
    await page.getByTestId('file-confirm').click();
    await expect.poll(() => existsSync(join(app.workDir, 'tiny.weights.h5')), { timeout: 30_000 }).toBe(true);
    expect(existsSync(join(app.workDir, 'tiny.py'))).toBe(true);
    expect(readFileSync(join(app.workDir, 'tiny.py'), 'utf8')).toContain('def load_trained_weights(model, path=None):');
    await page.getByTestId('code-tab-ts').click();
  });

  it('docks below the canvas and fits the 1024x700 layout-audit size', async () => {
    const { page } = suite;
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.waitForTimeout(300);
    await screenshot(page, 'code-07-1024-right-light');
    await page.getByTestId('code-dock').click();
    await page.waitForTimeout(300);
    const panel = (await page.getByTestId('code-panel').boundingBox())!;
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    expect(panel.y).toBeGreaterThanOrEqual(canvas.y + canvas.height - 2);
    await screenshot(page, 'code-08-1024-bottom-light');
    await screenshotDark(page, 'code-09-1024-bottom-dark');
    await page.getByTestId('code-dock').click();
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
