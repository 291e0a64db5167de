/**
 * The one typed bridge between the UI and the backend. Each request channel has a zod schema
 * for its payload (the backend validates every payload with it) and a response type. The
 * Electron preload exposes exactly `NetwrightApi`; browser mode carries the same calls over a
 * WebSocket. Channels are contracts: add, never rename.
 */
import { z } from 'zod';
import type { Project } from './graph/schema.ts';

const path = z.string().min(1).max(4096);
/** Projects cross the bridge as plain objects; the backend re-validates them with ProjectSchema. */
const projectPayload = z.record(z.string(), z.unknown());

/** Request payload schemas, one per channel. */
export const REQUESTS = {
  /** Version, mode (electron | browser), platform, and why Electron is not used where it is not. */
  'app:info': z.object({}),
  /** The templates under templates/ (id, name, description, kind: network | block). */
  'templates:list': z.object({}),
  /** A template expanded to a project, with optional template parameters (input shape, classes, ...). */
  'templates:load': z.object({ id: z.string().min(1).max(200), params: z.record(z.string(), z.unknown()).optional() }),
  /** Open a project: with `path`, that file; without, ask the user (native dialog in Electron). */
  'project:open': z.object({ path: path.optional() }),
  /** Save atomically. Without `path` (or with saveAs) ask the user where. */
  'project:save': z.object({ project: projectPayload, path: path.optional(), saveAs: z.boolean().optional() }),
  'project:recent': z.object({}),
  /** Journal of unsaved edits (null clears it after a save or a discard). */
  'recovery:write': z.object({ project: projectPayload.nullable(), path: path.nullable().optional() }),
  'recovery:read': z.object({}),
  /** Lists a folder, for the in-app file dialog of browser mode. */
  'fs:list': z.object({ path: path.optional() }),
  /** The UI reports unsaved work; the Electron window then asks it before closing (close-requested). */
  'app:set-dirty': z.object({ dirty: z.boolean() }),
  /** The UI's answer to 'close-requested': the person chose to close (after saving or discarding). */
  'app:confirm-close': z.object({}),
} as const;

export type Channel = keyof typeof REQUESTS;
export type RequestOf<C extends Channel> = z.input<(typeof REQUESTS)[C]>;

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  platform: string;
  /** Present in browser mode: why the Electron window is not used. */
  fallbackReason?: string;
}

export interface TemplateInfo {
  id: string;
  name: string;
  description: string;
  kind: 'network' | 'block';
  /** Template parameters with their defaults, e.g. { input: [64, 64, 3], classes: 6 }. */
  params: Record<string, unknown>;
}

export type OpenResult =
  | { ok: true; path: string; project: Project; migrated: string[] }
  | { ok: false; path?: string; message: string }
  | { ok: false; cancelled: true };

export type SaveResult = { ok: true; path: string } | { ok: false; message: string } | { ok: false; cancelled: true };

export interface Recovery {
  project: Project;
  /** The file the unsaved edits belong to, if it had been saved before. */
  path: string | null;
  savedAt: string;
}

export interface DirEntry {
  name: string;
  path: string;
  dir: boolean;
}

/** What each channel answers. */
export interface Responses {
  'app:info': AppInfo;
  'templates:list': TemplateInfo[];
  'templates:load': { ok: true; project: Project } | { ok: false; message: string };
  'project:open': OpenResult;
  'project:save': SaveResult;
  'project:recent': string[];
  'recovery:write': { ok: true };
  'recovery:read': Recovery | null;
  'fs:list': { path: string; parent: string | null; entries: DirEntry[] } | { ok: false; message: string };
  'app:set-dirty': { ok: true };
  'app:confirm-close': { ok: true };
}

/** Events the backend pushes to the UI. */
export type BackendEvent =
  /** A menu item was chosen in the Electron window (new, open, save, undo, ...). */
  | { type: 'menu'; command: MenuCommand }
  /**
   * The window is about to close and the UI said it has unsaved work ('app:set-dirty'); the UI
   * asks the person and calls 'app:confirm-close' to let the window close.
   */
  | { type: 'close-requested' };

export type MenuCommand =
  | 'new'
  | 'open'
  | 'save'
  | 'save-as'
  | 'undo'
  | 'redo'
  | 'copy'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'select-all'
  | 'auto-layout'
  | 'zoom-to-fit'
  | 'toggle-theme'
  | 'help';

/** The API the renderer sees: one async function per channel, plus an event subscription. */
export type NetwrightApi = {
  [C in Channel]: (request: RequestOf<C>) => Promise<Responses[C]>;
} & {
  onEvent(listener: (event: BackendEvent) => void): () => void;
};

/** Handlers the backend implements: a missing one is a compile error. */
export type Handlers = {
  [C in Channel]: (request: z.output<(typeof REQUESTS)[C]>) => Promise<Responses[C]>;
};

/** Validates a payload for `channel`; returns a message naming the field on failure. */
export function parseRequest<C extends Channel>(
  channel: C,
  payload: unknown,
): { ok: true; value: z.output<(typeof REQUESTS)[C]> } | { ok: false; message: string } {
  if (!Object.hasOwn(REQUESTS, channel)) return { ok: false, message: `unknown channel "${String(channel)}"` };
  const parsed = REQUESTS[channel].safeParse(payload ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as z.output<(typeof REQUESTS)[C]> };
  const issue = parsed.error.issues[0]!;
  return { ok: false, message: `${channel}: ${issue.path.join('.') || 'payload'}: ${issue.message}` };
}

export const CHANNELS = Object.keys(REQUESTS) as Channel[];

/** Browser mode's WebSocket carries the same calls as JSON: a request names its channel... */
export interface WireRequest {
  id: number;
  channel: string;
  payload: unknown;
}

/** ...and gets exactly one response with the same id (null when the request had no usable id). */
export type WireResponse = { id: number | null; ok: true; value: unknown } | { id: number | null; ok: false; error: string };

/** Pushed by the backend at any time; has no id. */
export interface WireEvent {
  event: BackendEvent;
}
