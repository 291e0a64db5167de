/**
 * The code panel's state: whether it is open and where it is docked, its size, the tab
 * (TypeScript or Keras), the export options it shows as controls, and the edit mode's draft.
 * Layout choices and options persist across sessions; the draft and generated text do not.
 */
import { create } from 'zustand';
import type { CodeLang, CodeMarker, CodeStatement } from '../../shared/ipc.ts';
import type { Strategy } from '../../shared/codegen/keras.ts';

export type Dock = 'right' | 'bottom';

export interface CodeLayout {
  open: boolean;
  dock: Dock;
  /** Width when docked right, height when docked below (px). */
  size: { right: number; bottom: number };
  tab: CodeLang;
  /** Block instances layer by layer instead of as helper functions. */
  inline: boolean;
  /** Include the Train view's settings as a train() function. */
  training: boolean;
  strategy: Strategy;
}

/** What the panel shows for the current graph and options. */
export type Generated =
  | { status: 'idle' | 'loading' }
  | { status: 'ready'; code: string; statements: CodeStatement[]; lang: CodeLang; key: string }
  | { status: 'error'; message: string; problems: string[]; lang: CodeLang; key: string };

export interface CodeState extends CodeLayout {
  generated: Generated;
  /** Edit mode (TypeScript only): the text being edited; null when read-only. */
  draft: string | null;
  /** The graph when editing began: Apply replaces any change made to it since. */
  draftBase: unknown;
  /** Where the last Apply could not map the code to a graph. */
  markers: CodeMarker[];
  applying: boolean;
  /** The TypeScript checker's verdict on the text shown. */
  typeCheck: { status: 'idle' | 'checking' } | { status: 'done'; errors: number; first?: { line: number; message: string } };
}

const KEY = 'netwright.codePanel';
const DEFAULT_LAYOUT: CodeLayout = { open: false, dock: 'right', size: { right: 560, bottom: 300 }, tab: 'ts', inline: false, training: false, strategy: 'default' };

function storedLayout(): CodeLayout {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as Partial<CodeLayout> | null;
    if (!raw || typeof raw !== 'object') return DEFAULT_LAYOUT;
    return {
      open: raw.open === true,
      dock: raw.dock === 'bottom' ? 'bottom' : 'right',
      size: { right: num(raw.size?.right, DEFAULT_LAYOUT.size.right), bottom: num(raw.size?.bottom, DEFAULT_LAYOUT.size.bottom) },
      tab: raw.tab === 'keras' ? 'keras' : 'ts',
      inline: raw.inline === true,
      training: raw.training === true,
      strategy: raw.strategy === 'mirrored' || raw.strategy === 'multiworker' ? raw.strategy : 'default',
    };
  } catch {
    return DEFAULT_LAYOUT;
  }
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 160 && v <= 4000 ? v : fallback;
}

export const useCode = create<CodeState>()(() => ({
  ...storedLayout(),
  generated: { status: 'idle' },
  draft: null,
  draftBase: null,
  markers: [],
  applying: false,
  typeCheck: { status: 'idle' },
}));

/** Changes layout or options and remembers them. */
export function setCodeLayout(patch: Partial<CodeLayout>): void {
  useCode.setState(patch);
  const { open, dock, size, tab, inline, training, strategy } = useCode.getState();
  globalThis.localStorage?.setItem(KEY, JSON.stringify({ open, dock, size, tab, inline, training, strategy }));
}

export function toggleCodePanel(): void {
  setCodeLayout({ open: !useCode.getState().open });
}
