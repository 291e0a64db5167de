/**
 * "Import model…" in real Chromium (browser mode, in-app file dialog): a tfjs model.json saved by
 * tfjs from the LeNet-5 template opens as an unsaved model whose summary total equals
 * analyzeGraph of the imported project and Keras' 61,706; a Lambda model is refused with its
 * message while the open model stays as it was; unsaved work is asked about before it is replaced.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import type { ImportModelResult } from '../../shared/ipc.ts';
import { thousands } from '../../shared/summary.ts';
import { templateLibrary, templateProjects } from '../shared/codegen/templateProjects.ts';
import { regularizedKerasModel, saveTfjsProject, sequentialWithLambda } from '../electron/import/tfjsFiles.ts';
import { hasChromium, screenshot, SKIP_REASON, totalParams } from './harness.ts';
import { appForSuite } from './steps.ts';

if (!hasChromium) console.warn(SKIP_REASON);

async function importFile(page: Page, name: string): Promise<void> {
  await page.getByTestId('import-model').click();
  await page.getByRole('dialog', { name: /Import a model/ }).waitFor();
  await page.locator('.nw-file-list button', { hasText: name }).dblclick();
}

const toastText = async (page: Page, text: string | RegExp) => {
  const toast = page.locator('.nw-toast', { hasText: text }).first();
  await toast.waitFor();
  return (await toast.textContent()) ?? '';
};

describe.skipIf(!hasChromium)('importing a model in Chromium', () => {
  const suite = appForSuite();
  let small: { text: string; params: number };
  beforeAll(async () => {
    // model.json and its weights of the LeNet-5 template, as tfjs' model.save() writes them.
    await saveTfjsProject(templateProjects(templateLibrary()).find((c) => c.id === 'lenet5')!.project, suite.app.workDir);
    writeFileSync(join(suite.app.workDir, 'lambda.json'), sequentialWithLambda());
    small = regularizedKerasModel();
    writeFileSync(join(suite.app.workDir, 'small_cnn.json'), small.text);
  });

  it('imports model.json as an unsaved model with the same total as analyzeGraph and Keras; a Lambda model leaves it untouched', async () => {
    const { app } = suite;
    const page = await app.newPage();
    await page.getByTestId('import-model').click();
    const dialog = page.getByRole('dialog', { name: /Import a model/ });
    await dialog.waitFor();
    // The dialog lists the models (.json and .h5), not the weight shards (once the folder's listing has arrived).
    await expect.poll(() => page.locator('.nw-file-list button.file').allTextContents()).toEqual(['lambda.json', 'model.json', 'small_cnn.json']);
    await screenshot(page, 'import-dialog');
    await page.locator('.nw-file-list button', { hasText: 'model.json' }).first().dblclick();

    // What the backend imported from the same file, for the numbers the editor must show.
    const expected = (await app.handlers['project:import']({ path: join(app.workDir, 'model.json') })) as ImportModelResult;
    if (!expected.ok) throw new Error('the backend could not import model.json');
    const total = analyzeGraph(expected.project).totals.total;
    expect(total).toBe(61_706); // LeNet-5 as Keras counts it

    const toast = await toastText(page, 'Imported');
    expect(toast).toContain(`Imported "${expected.project.name}" from model.json (tfjs Layers model.json): ${expected.project.nodes.length} layers, 61,706 parameters.`);
    expect(toast).toContain('weights were read, but a Netwright project keeps only the architecture');
    await expect.poll(() => totalParams(page)).toBe(thousands(total));
    expect(await page.locator('.nw-node').count()).toBe(expected.project.nodes.length);
    for (const n of expected.project.nodes) expect(await page.locator(`.nw-node[data-name="${n.name}"]`).count()).toBe(1);
    // Unsaved, under the model's name: Save will ask where.
    expect(await page.getByTestId('dirty').count()).toBe(1);
    expect((await page.getByTestId('title').textContent())?.replace('●', '').trim()).toBe(expected.project.name);
    await screenshot(page, 'import-lenet5');

    // A Lambda model: refused by name, and the imported LeNet-5 stays, still unsaved.
    await page.locator('.nw-toast').first().click();
    await importFile(page, 'lambda.json');
    const error = await toastText(page, 'Could not import');
    expect(error).toContain(join(app.workDir, 'lambda.json'));
    expect(error).toContain('layer "scale" is a Lambda layer: it holds Python code, which Netwright never runs');
    expect(await page.locator('.nw-modal').count()).toBe(0); // nothing asked: the open work was never at stake
    expect(await totalParams(page)).toBe('61,706');
    expect(await page.locator('.nw-node').count()).toBe(expected.project.nodes.length);
    expect(await page.getByTestId('dirty').count()).toBe(1);
    await screenshot(page, 'import-lambda-refused');
    await page.locator('.nw-toast').first().click();

    // A good model while LeNet-5 is unsaved: the person is asked; Cancel keeps LeNet-5.
    await importFile(page, 'small_cnn.json');
    await page.getByTestId('discard').waitFor();
    await screenshot(page, 'import-ask-unsaved');
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await totalParams(page)).toBe('61,706');

    // Don't save: the Keras model replaces it, with its warning about the regularizer.
    await importFile(page, 'small_cnn.json');
    await page.getByTestId('discard').click();
    const second = await toastText(page, 'small_cnn');
    expect(second).toContain(`from small_cnn.json (Keras model.to_json()): 4 layers, ${thousands(small.params)} parameters.`);
    expect(second).toContain('Only the architecture was imported (the file has no weights).');
    expect(second).toMatch(/1 warning:\s*• layer "c1": kernel_regularizer is not kept/);
    await expect.poll(() => totalParams(page)).toBe(thousands(small.params));
    await screenshot(page, 'import-keras-warnings');

    // Save asks where, suggesting the model's name.
    await page.getByTestId('save').click();
    expect(await page.getByTestId('file-name').inputValue()).toBe('small_cnn.json');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.close();
  });
});
