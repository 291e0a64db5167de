/**
 * PNG sizing of a diagram: pixels per diagram unit, lowered for very large diagrams so the image
 * stays within what browsers and image viewers open (a ResNet-50 with every block open is about
 * 800 x 14,000 units). Shared by the export handler and the dialog's size preview.
 */

/** Most pixels in a PNG diagram, and most along one side. */
export const PNG_MAX_PIXELS = 40_000_000;
export const PNG_MAX_SIDE = 32_000;

/** Default pixels per unit: crisp on slides and in papers. */
export const PNG_DEFAULT_SCALE = 2;

/**
 * The largest scale up to `wanted` that keeps a `width` x `height` diagram within the PNG limits,
 * rounded down to two decimals.
 */
export function pngScale(width: number, height: number, wanted: number = PNG_DEFAULT_SCALE): number {
  const byArea = Math.sqrt(PNG_MAX_PIXELS / Math.max(1, width * height));
  const bySide = PNG_MAX_SIDE / Math.max(1, width, height);
  const scale = Math.min(wanted, byArea, bySide);
  return Math.max(0.01, Math.floor(scale * 100) / 100);
}

/** The pixel size of the PNG of a `width` x `height` diagram at `scale` (as resvg rounds it). */
export function pngSize(width: number, height: number, scale: number): { width: number; height: number } {
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}
