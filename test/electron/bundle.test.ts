// The Electron bundles are self-contained: main.cjs loads under a stand-in `electron` module (CJS,
// as Electron loads it), registers every channel and opens the window; preload.cjs requires
// nothing but 'electron', as a sandboxed preload must; evaluation-child.cjs evaluates without tsx.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateEnsemble } from '../../electron/evaluation/ensemble.ts';
import { defaultEvaluationEntry, EVALUATION_BUNDLE, evaluationExecArgv, runEvaluation } from '../../electron/evaluation/process.ts';
import { buildElectron } from '../../electron/launcher/buildElectron.ts';
import { CHANNELS } from '../../shared/ipc.ts';
import { smallCnn, trainKeptRun } from './evaluation/runFixtures.ts';

const ROOT = resolve(import.meta.dirname, '../..');

// Records what main.cjs does, then prints it as JSON once the app is "ready".
const FAKE_ELECTRON = `
const seen = { schemes: [], ipc: [], windows: [], protocols: [], menu: false };
const app = {
  getAppPath: () => process.env.FAKE_APP_PATH, getVersion: () => '0.1.0', isPackaged: true,
  enableSandbox() { seen.sandbox = true; }, requestSingleInstanceLock: () => true, quit() {}, on() { return app; },
  whenReady: () => Promise.resolve().then(() => setTimeout(() => { console.log(JSON.stringify(seen)); process.exit(0); }, 50)),
};
class BrowserWindow {
  constructor(options) { seen.windows.push(options); this.webContents = { send() {}, isCrashed: () => false, on() {}, setWindowOpenHandler() {} }; }
  on() {} once() {} loadURL(url) { seen.url = url; return Promise.resolve(); } isDestroyed() { return false; }
}
module.exports = {
  app, BrowserWindow, shell: {}, dialog: {},
  protocol: { registerSchemesAsPrivileged: (s) => seen.schemes.push(...s), handle: (scheme) => seen.protocols.push(scheme) },
  ipcMain: { handle: (channel) => seen.ipc.push(channel), removeHandler() {} },
  Menu: { buildFromTemplate: (t) => t, setApplicationMenu: () => { seen.menu = true; } },
  session: { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} } },
};`;

describe('electron bundles', () => {
  it('main.cjs runs under a stand-in electron; preload.cjs requires only electron', async () => {
    const app = mkdtempSync(join(tmpdir(), 'nw-bundle-'));
    const [main, preload] = await buildElectron(ROOT, join(app, 'dist', 'electron'));
    mkdirSync(join(app, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(join(app, 'node_modules', 'electron', 'index.js'), FAKE_ELECTRON);
    const out = execFileSync(process.execPath, [main!], { env: { ...process.env, FAKE_APP_PATH: app, NETWRIGHT_USER_DATA: join(app, 'ud') }, encoding: 'utf8' });
    const seen = JSON.parse(out);
    expect(seen.schemes).toEqual([expect.objectContaining({ scheme: 'app' })]);
    expect(seen.sandbox).toBe(true);
    expect(seen.protocols).toEqual(['app']);
    expect([...seen.ipc].sort()).toEqual([...CHANNELS].sort());
    expect(seen.windows).toHaveLength(1);
    expect(seen.windows[0].webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: join(app, 'dist', 'electron', 'preload.cjs') });
    expect(seen.url).toBe('app://netwright/index.html');
    expect(seen.menu).toBe(true);
    const requires = [...readFileSync(preload!, 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
  });
});

// The packaged app's evaluation process: dist/electron/evaluation-child.cjs runs under plain node
// (no tsx), laid out as in the app (<app>/dist/electron beside <app>/node_modules), and evaluates
// real run folders (tiny CNNs trained here on 300 MNIST digits) exactly as the sources do in process.
describe('the bundled evaluation process', () => {
  it('ensembles and 10-crop-tests two real runs without tsx, as the in-process evaluation does', async () => {
    const app = mkdtempSync(join(tmpdir(), 'nw-eval-bundle-'));
    try {
      const outputs = await buildElectron(ROOT, join(app, 'dist', 'electron'));
      const child = outputs.find((f) => f.endsWith(EVALUATION_BUNDLE))!;
      expect(child).toBe(join(app, 'dist', 'electron', 'evaluation-child.cjs'));
      symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
      const text = readFileSync(child, 'utf8');
      const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
      const outside = [...new Set([...text.matchAll(/\b(?:require|import)\(["']([^"']+)["']\)/g)].map((m) => m[1]!))].filter((r) => !builtins.has(r));
      for (const p of outside) expect(['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm']).toContain(p);
      expect(text).not.toMatch(/require\(["']tsx/);
      // The bundle beside the running code is the default entry; it needs no node flags.
      expect(defaultEvaluationEntry(pathToFileURL(join(app, 'dist', 'electron', 'main.cjs')).href)).toBe(child);
      expect(evaluationExecArgv(child)).toEqual([]);
      expect(process.env.NODE_OPTIONS ?? '').not.toContain('tsx');

      const runsDir = join(app, 'runs');
      for (const [i, id] of ['a', 'b'].entries()) await trainKeptRun(runsDir, id, smallCnn(`cnn_${id}`, 4, 3), { limit: 300, seed: 7 + i });
      const paths = ['a', 'b'].map((id) => join(runsDir, id));
      const data = { kind: 'mnist', split: 'test' } as const;
      const bundled = await runEvaluation({ type: 'ensemble', paths, data, options: { engine: 'cpu', limit: 200 } }, { entry: child });
      const inProcess = await evaluateEnsemble(paths, data, { engine: 'cpu', limit: 200 });
      expect(bundled.samples).toBe(200);
      for (const m of bundled.members) expect(m.accuracy).toBeGreaterThan(0.3); // trained (chance: 10%)
      expect(bundled.members.map((m) => m.accuracy)).toEqual(inProcess.members.map((m) => m.accuracy));
      expect(bundled.ensemble.accuracy).toBe(inProcess.ensemble.accuracy);
      expect(bundled.ensemble.loss).toBeCloseTo(inProcess.ensemble.loss, 6);
      const crops = await runEvaluation({ type: 'multicrop', path: paths[0]!, data, options: { engine: 'cpu', limit: 200 } }, { entry: child });
      expect(crops.cost.forwardPassesPerImage).toBe(10);
      expect(crops.single.accuracy).toBe(bundled.members[0]!.accuracy);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  }, 120_000);
});
