/**
 * Steps several e2e tests take the same way: one app (and page) for a whole describe block,
 * inserting a template from the palette, and opening the Train view on its default data, the
 * built-in MNIST digits. (Plain page actions without test hooks live in harness.ts.)
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startApp, totalParams, type App } from './harness.ts';

/**
 * Starts the app before the tests of the calling describe block and closes it after them. The
 * field is set once the block runs: read it inside tests and hooks, not while tests are collected.
 * Hooks the block adds later run after the start (vitest runs beforeAll hooks in order).
 */
export function appForSuite(options?: Parameters<typeof startApp>[0]): { app: App } {
  const suite = {} as { app: App };
  beforeAll(async () => {
    suite.app = await startApp(options);
  });
  afterAll(async () => {
    await suite.app?.close();
  });
  return suite;
}

/** As appForSuite, with one page opened on the app for all the block's tests to share. */
export function pageForSuite(options?: Parameters<typeof startApp>[0]): { app: App; page: Page } {
  const suite = appForSuite(options) as { app: App; page: Page };
  beforeAll(async () => {
    suite.page = await suite.app.newPage();
  });
  return suite;
}

/** Inserts the palette's template `id`, found by searching `search`; waits for the summary's total. */
export async function insertTemplate(page: Page, search: string, id: string, total: string): Promise<void> {
  await page.getByTestId('palette-search').fill(search);
  await page.locator(`.nw-palette-item[data-template="${id}"]`).dblclick();
  await expect.poll(() => totalParams(page), { timeout: 20_000 }).toBe(total);
}

/** Opens the Train view, which starts on the built-in MNIST digits, and waits for their ten classes. */
export async function openTrainView(page: Page): Promise<void> {
  await page.getByTestId('view-train').click();
  await page.getByTestId('training-view').waitFor();
  expect(await page.getByTestId('data-kind').inputValue()).toBe('mnist');
  await expect.poll(() => page.getByTestId('class-row').count(), { timeout: 30_000 }).toBe(10);
}
