/**
 * Colours and short glyphs per layer category, read by node faces and the palette. The colours
 * themselves live in styles/theme.css as --cat-<category> so each theme can tune them.
 */
import type { LayerCategory } from '../../shared/layers/types.ts';

export const CATEGORY_ORDER: readonly LayerCategory[] = [
  'Input',
  'Convolution',
  'Pooling',
  'Normalization',
  'Activation',
  'Merge',
  'Reshaping',
  'Core',
  'Regularization',
];

/** CSS class carrying the category colour. */
export function categoryClass(category: string): string {
  return `cat-${category.toLowerCase()}`;
}

/** `37633` -> `37,633`. */
export function thousands(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Compact counts for node faces: 23,600,006 -> 23.6M, 4,736 -> 4,736. */
export function compactCount(n: number): string {
  if (n >= 10_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(2)}M`;
  return thousands(n);
}
