/**
 * The drag both editor benchmarks make: press on the first visible layer node and move it round
 * an ellipse for a while, as a person dragging would, then let go.
 */
import type { Page } from 'playwright-core';

/** Where to press on the first visible layer node: `dy` px below its top, or its middle when absent. */
export async function grabPoint(page: Page, dy?: number): Promise<{ x: number; y: number }> {
  const box = (await page.locator('.react-flow__node-layer').first().boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + (dy ?? box.height / 2) };
}

/** Drags from `at` round a 120 x 80 px ellipse for `ms`; returns the number of mouse moves. */
export async function circleDrag(page: Page, at: { x: number; y: number }, ms: number): Promise<number> {
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  const start = Date.now();
  let moves = 0;
  while (Date.now() - start < ms) {
    const a = (moves / 30) * Math.PI;
    await page.mouse.move(at.x + 120 * Math.cos(a), at.y + 80 * Math.sin(a));
    moves++;
  }
  await page.mouse.up();
  return moves;
}
