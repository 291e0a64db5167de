/**
 * End-to-end harness: the real browser-mode server and backend handlers (temporary user-data
 * folder), the built renderer (built here when dist/renderer is missing), and Debian's Chromium
 * driven by playwright-core. Tests skip with a clear message when /usr/bin/chromium is absent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startBrowserServer, type BrowserServer } from '../../electron/browserServer.ts';
import { createHandlers } from '../../electron/backend/handlers.ts';
import type { BackendEvent, Channel, Handlers, Responses } from '../../shared/ipc.ts';
import { listTemplates, loadTemplate } from '../../electron/templates.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.NETWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'artifacts', 'screenshots');
export const hasChromium = existsSync(CHROMIUM);
export const SKIP_REASON = `e2e tests skipped: no Chromium at ${CHROMIUM} (install it with: apt-get install -y chromium)`;

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Builds the renderer once if dist/renderer is missing. */
export function ensureRendererBuilt(): string {
  const dir = join(ROOT, 'dist', 'renderer');
  if (!existsSync(join(dir, 'index.html'))) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  }
  return dir;
}

export interface App {
  server: BrowserServer;
  /** The backend the page talks to, for checks from the test side (e.g. the recovery journal). */
  handlers: Handlers;
  browser: Browser;
  context: BrowserContext;
  /** The temporary folder holding workDir and userDataDir (removed by close). */
  base: string;
  /** A folder for saved files, also where the in-app dialog starts. */
  workDir: string;
  userDataDir: string;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts the server over a fresh user-data folder and a browser. Backend events (training,
 * experiments) reach the page as in the app, and `onEvent` on the test side. The page keeps its
 * real CSP; `bypassCSP` is for the benchmark, which injects frame counters as script text.
 */
export async function startApp(options: { bypassCSP?: boolean; onEvent?: (event: BackendEvent) => void } = {}): Promise<App> {
  const rendererDir = ensureRendererBuilt();
  const base = mkdtempSync(join(tmpdir(), 'netwright-e2e-'));
  const workDir = join(base, 'work');
  const userDataDir = join(base, 'user');
  mkdirSync(workDir);
  mkdirSync(userDataDir);
  const templatesDir = join(ROOT, 'templates');
  let live: BrowserServer | undefined;
  const handlers = createHandlers({
    mode: 'browser',
    version: 'e2e',
    userDataDir,
    templatesDir,
    // The template library (parameters, blocks, repeats) exactly as the app serves it.
    templates: { list: async () => listTemplates(templatesDir), load: async (id, params) => loadTemplate(id, (params ?? {}) as never, templatesDir) },
    home: workDir,
    fallbackReason: 'e2e test',
    broadcast: (event) => {
      options.onEvent?.(event);
      live?.broadcast(event);
    },
  });
  const server = (live = await startBrowserServer({ port: 0, host: '127.0.0.1', rendererDir, handlers }));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, bypassCSP: options.bypassCSP === true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    server,
    handlers,
    browser,
    context,
    base,
    workDir,
    userDataDir,
    async newPage() {
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error('[page error]', e.message));
      page.on('console', (m) => m.type() === 'error' && console.error('[page console]', m.text()));
      await page.goto(server.url);
      await page.waitForSelector('.react-flow__renderer');
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** A screenshot in the dark theme: `t` switches the theme, the page repaints, `t` switches back. */
export async function screenshotDark(page: Page, name: string): Promise<void> {
  await page.keyboard.press('t');
  await page.waitForTimeout(300);
  await screenshot(page, name);
  await page.keyboard.press('t');
}

/** The text of the summary's total, e.g. '37,633'. */
export async function totalParams(page: Page): Promise<string> {
  return (await page.getByTestId('total-params').textContent()) ?? '';
}

/** Opens `name` from the in-app Open dialog (which starts in the app's workDir). */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.getByTestId('open').click();
  await page.locator('.nw-file-list button', { hasText: name }).dblclick();
}

/** Writes `project` as `name` into the app's workDir and opens it in a new page; returns both. */
export async function openProject(app: App, name: string, project: unknown): Promise<{ page: Page; file: string }> {
  const file = join(app.workDir, name);
  writeFileSync(file, JSON.stringify(project));
  const page = await app.newPage();
  await openFile(page, name);
  return { page, file };
}

/** Drags a kind from the palette onto the canvas at (x, y) in page pixels. */
export async function dragFromPalette(page: Page, kind: string, x: number, y: number): Promise<void> {
  await page.locator(`.nw-palette-item[data-kind="${kind}"]`).dragTo(page.getByTestId('canvas'), { targetPosition: await canvasOffset(page, x, y) });
}

async function canvasOffset(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = (await page.getByTestId('canvas').boundingBox())!;
  return { x: x - box.x, y: y - box.y };
}

/** Wires the output port of the node named `from` to the input port of the node named `to`. */
export async function wire(page: Page, from: string, to: string): Promise<void> {
  const source = page.locator(`.react-flow__node:has(.nw-node[data-name="${from}"]) .react-flow__handle.source`);
  const target = page.locator(`.react-flow__node:has(.nw-node[data-name="${to}"]) .react-flow__handle.target`);
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Clicks the node with Keras name `name` (selecting it). */
export async function selectNode(page: Page, name: string): Promise<void> {
  await page.locator(`.nw-node[data-name="${name}"] .nw-node-head`).click();
}

/** A request the page sent on a bridge channel, and the backend's reply to it. */
export interface Answer<C extends Channel> {
  request: unknown;
  reply: Responses[C];
}

/**
 * Wraps the app's handlers of `channels` so every request the page sends on them is kept with its
 * reply, in order: a test then checks that the page shows exactly what it was answered.
 */
export function recordAnswers<C extends Channel>(app: App, channels: readonly C[]): { [K in C]: Answer<K>[] } {
  const answered = Object.fromEntries(channels.map((c) => [c, []])) as unknown as { [K in C]: Answer<K>[] };
  for (const channel of channels) {
    const handle = app.handlers[channel] as (request: unknown) => Promise<Responses[C]>;
    (app.handlers as Record<Channel, unknown>)[channel] = async (request: unknown) => {
      const reply = await handle(request);
      (answered[channel] as Answer<C>[]).push({ request, reply });
      return reply;
    };
  }
  return answered;
}
