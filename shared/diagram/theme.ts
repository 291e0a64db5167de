/**
 * Diagram themes: the colours of the page, cards, frames and edges, and one colour per layer
 * category (the editor's palette, renderer/styles/theme.css, so a plotted model looks like the
 * canvas). Fonts are a generic stack: the first installed one is used.
 */
import type { LayerCategory } from '../layers/types.ts';

export type ThemeName = 'light' | 'dark';

export interface DiagramTheme {
  background: string;
  card: string;
  cardStroke: string;
  text: string;
  muted: string;
  edge: string;
  /** Frame fills by nesting depth (cycled). */
  frameFills: readonly string[];
  frameStroke: string;
  frameLabel: string;
  /** Collapsed groups: the card behind the front card. */
  stack: string;
  categories: Record<LayerCategory | 'Group' | 'Unknown', string>;
}

/** Sans-serif stack: DejaVu Sans first (its metrics size the boxes), then common UI fonts. */
export const FONT_FAMILY = "'DejaVu Sans', Verdana, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif";

export const THEMES: Record<ThemeName, DiagramTheme> = {
  light: {
    background: '#ffffff',
    card: '#ffffff',
    cardStroke: '#d5dae3',
    text: '#111827',
    muted: '#6b7280',
    edge: '#8b95a7',
    frameFills: ['#f3f6fb', '#e9eef7', '#dfe6f3'],
    frameStroke: '#c3cbda',
    frameLabel: '#334155',
    stack: '#eef1f6',
    categories: {
      Input: '#0f9d8a',
      Convolution: '#2f6fed',
      Pooling: '#7c4dff',
      Normalization: '#d9822b',
      Activation: '#e0447c',
      Merge: '#16a34a',
      Reshaping: '#6b7280',
      Core: '#0e7490',
      Regularization: '#a16207',
      Group: '#475569',
      Unknown: '#9ca3af',
    },
  },
  dark: {
    background: '#0f141b',
    card: '#1b222c',
    cardStroke: '#323c4a',
    text: '#e5e9f0',
    muted: '#97a1b1',
    edge: '#6d7889',
    frameFills: ['#151c25', '#1a222d', '#202936'],
    frameStroke: '#35404f',
    frameLabel: '#c5cdd9',
    stack: '#242d39',
    categories: {
      Input: '#2dd4bf',
      Convolution: '#6b9bff',
      Pooling: '#a78bfa',
      Normalization: '#f5a35b',
      Activation: '#f472a6',
      Merge: '#4ade80',
      Reshaping: '#9ca3af',
      Core: '#38bdf8',
      Regularization: '#facc15',
      Group: '#94a3b8',
      Unknown: '#6b7280',
    },
  },
};
