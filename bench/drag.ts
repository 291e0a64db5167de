/**
 * The drag both editor benchmarks make: press on the layer node nearest the canvas middle and move it round
 * an ellipse for a while, as a person dragging would, then let go.
 */
import type { Page } from 'playwright-core';

/**
 * Where to press on the layer node nearest the middle of the canvas (away from its edges, where
 * React Flow would pan the view along with the drag): `dy` px below its top, or its middle when
 * absent or when the node is drawn shorter than that (fitted far out a node is ~8 px tall: a press
 * 12 px down lands on the pane and pans instead of dragging).
 */
export async function grabPoint(page: Page, dy?: number): Promise<{ x: number; y: number }> {
  // A string, not a function: tsx would wrap a function with helpers the page does not have.
  const box = (await page.evaluate(`(() => {
    const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
    const cx = pane.x + pane.width / 2, cy = pane.y + pane.height / 2;
    let best = null, bestD = Infinity;
    for (const n of document.querySelectorAll('.react-flow__node-layer')) {
      const r = n.getBoundingClientRect();
      const d = Math.hypot(r.x + r.width / 2 - cx, r.y + r.height / 2 - cy);
      if (d < bestD) { bestD = d; best = { x: r.x, y: r.y, width: r.width, height: r.height }; }
    }
    return best;
  })()`)) as { x: number; y: number; width: number; height: number };
  return { x: box.x + box.width / 2, y: box.y + Math.min(dy ?? Infinity, box.height / 2) };
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
