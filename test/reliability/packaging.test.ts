// Packaging without an Electron binary: electron-builder.yml is loaded and validated by
// electron-builder's own loader and schema, its file patterns are matched by electron-builder's own
// matcher (what goes into app.asar, what is unpacked beside it), the afterPack hook is resolved the
// way electron-builder resolves it and flips exactly the promised fuses (with a stand-in
// @electron/fuses, then with the real one on a synthetic fuse wire), and `npm run dist`'s pre-check
// fails fast with a clear message when Electron cannot be downloaded.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDistPrerequisites } from '../../electron/packaging/precheck.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { resolveFunction } = require('app-builder-lib/out/util/resolve.js');
const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js');
const { DebugLogger } = require('builder-util');
const realFuses = require('@electron/fuses') as typeof import('@electron/fuses');

const config = await getConfig(ROOT, 'electron-builder.yml', null);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** electron-builder's own glob matcher for a list of patterns, as it applies them from the app folder. */
function matcher(patterns: string[]): (relative: string) => boolean {
  const filter = new FileMatcher(ROOT, ROOT, (s: string) => s, patterns).createFilter();
  return (relative) => filter(join(ROOT, relative), { isDirectory: () => false });
}
const flat = (entry: unknown): string[] => (Array.isArray(entry) ? entry.flatMap(flat) : typeof entry === 'string' ? [entry] : flat((entry as { filter: unknown }).filter));

describe('electron-builder.yml', () => {
  it('passes electron-builder 26\'s own schema', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // ...which does catch mistakes:
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, targett: 'deb' } }, new DebugLogger(false))).rejects.toThrow(/configuration\.linux/);
  });

  it('names the app and targets AppImage + deb, nsis and dmg', () => {
    expect(config.appId).toMatch(/^[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)+$/);
    expect(config.productName).toBe('Netwright');
    expect(flat(config.linux.target).sort()).toEqual(['AppImage', 'deb']);
    expect(flat(config.win.target)).toEqual(['nsis']);
    expect(flat(config.mac.target)).toEqual(['dmg']);
    expect(config.linux.maintainer).toMatch(/<.+@.+>/); // deb refuses to build without one
    expect(pkg.scripts.dist).toMatch(/^tsx electron\/packaging\/precheck\.ts && npm run build && electron-builder --config electron-builder\.yml$/);
  });

  it('packs the built app, the templates, package.json and runtime modules into an asar, not the sources', () => {
    expect(config.asar).toBe(true);
    const packed = matcher(flat(config.files));
    for (const file of ['package.json', 'dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'templates/happy_model.json', 'node_modules/zod/package.json', 'node_modules/h5wasm/package.json']) {
      expect(packed(file), file).toBe(true);
    }
    for (const file of ['electron/main.ts', 'shared/ipc.ts', 'test/reliability/packaging.test.ts', 'renderer/App.tsx', 'dist/electron/main.cjs.map', 'node_modules/monaco-editor/package.json', 'README.md']) {
      expect(packed(file), file).toBe(false);
    }
    // Every template on disk is covered.
    for (const t of readdirSync(join(ROOT, 'templates'))) expect(packed(`templates/${t}`), t).toBe(true);
  });

  it('unpacks tfjs-node-gpu\'s native files (binding and libtensorflow on every OS) and the wasm binaries', () => {
    const unpacked = matcher(flat(config.asarUnpack));
    const gpu = 'node_modules/@tensorflow/tfjs-node-gpu';
    const native = [
      `${gpu}/lib/napi-v8/tfjs_binding.node`,
      `${gpu}/lib/napi-v9/tfjs_binding.node`,
      `${gpu}/deps/lib/libtensorflow.so.2`,
      `${gpu}/deps/lib/libtensorflow.so.2.9.1`,
      `${gpu}/deps/lib/libtensorflow_framework.so.2`,
      `${gpu}/deps/lib/libtensorflow.2.dylib`,
      `${gpu}/deps/lib/tensorflow.dll`,
      `${gpu}/lib/napi-v8/tensorflow.dll`,
      `${gpu}/deps/include/tensorflow/c/c_api.h`,
    ];
    for (const file of native) expect(unpacked(file), file).toBe(true);
    // The wasm binaries that are really installed (tfjs wasm backend, h5wasm).
    const wasmDir = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
    const wasm = readdirSync(join(ROOT, wasmDir)).filter((f) => f.endsWith('.wasm'));
    expect(wasm.length).toBeGreaterThanOrEqual(3);
    for (const f of wasm) expect(unpacked(`${wasmDir}/${f}`), f).toBe(true);
    // Plain JavaScript stays inside the asar.
    for (const file of [`${gpu}/dist/index.js`, 'dist/electron/main.cjs', 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.node.js', 'templates/happy_model.json']) {
      expect(unpacked(file), file).toBe(false);
    }
  });
});

/** A stand-in @electron/fuses whose enum values are the option names, so calls read plainly. */
function fakeFuses() {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const names = ['RunAsNode', 'EnableCookieEncryption', 'EnableNodeOptionsEnvironmentVariable', 'EnableNodeCliInspectArguments', 'EnableEmbeddedAsarIntegrityValidation', 'OnlyLoadAppFromAsar', 'LoadBrowserProcessSpecificV8Snapshot', 'GrantFileProtocolExtraPrivileges'];
  return {
    calls,
    module: {
      FuseVersion: { V1: 'v1' },
      FuseV1Options: Object.fromEntries(names.map((n) => [n, n])),
      flipFuses: async (path: string, options: Record<string, unknown>) => void calls.push([path, options]),
    },
  };
}

const hookModule = require(join(ROOT, 'electron', 'packaging', 'afterPack.cjs'));
const context = (platform: string, arch = 1) => ({
  appOutDir: '/out/app',
  electronPlatformName: platform,
  arch,
  packager: { appInfo: { productFilename: 'Netwright' }, executableName: 'netwright' },
});

describe('the afterPack hook flips the fuses', () => {
  const promised = {
    RunAsNode: false,
    EnableNodeOptionsEnvironmentVariable: false,
    EnableNodeCliInspectArguments: false,
    EnableEmbeddedAsarIntegrityValidation: true,
    OnlyLoadAppFromAsar: true,
    EnableCookieEncryption: true,
    GrantFileProtocolExtraPrivileges: false,
  };

  it('is the hook electron-builder resolves from the config', async () => {
    const resolved = await resolveFunction('module', config.afterPack, 'afterPack', ROOT);
    expect(resolved).toBe(hookModule.afterPack);
  });

  it.each([
    ['linux', 1, '/out/app/netwright', false],
    ['win32', 1, '/out/app/Netwright.exe', false],
    ['darwin', 1, '/out/app/Netwright.app', false],
    ['darwin', 3, '/out/app/Netwright.app', true],
  ])('%s (arch %i): exactly the promised fuses on %s', async (platform, arch, path, resign) => {
    const fuses = fakeFuses();
    await hookModule.createAfterPack(fuses.module)(context(platform, arch));
    expect(fuses.calls).toEqual([[path, { version: 'v1', resetAdHocDarwinSignature: resign, ...promised }]]);
  });

  it('the option names exist in the real @electron/fuses', () => {
    for (const name of Object.keys(promised)) expect(realFuses.FuseV1Options[name as keyof typeof realFuses.FuseV1Options], name).toBeTypeOf('number');
  });

  it('with the real @electron/fuses, a binary\'s fuse wire ends up as promised', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nw-fuses-'));
    // Electron 45's wire as shipped: RunAsNode 1, cookies 0, NODE_OPTIONS 1, inspect 1, integrity 0, asar-only 0, snapshot 0, file 1.
    const wire = Buffer.from('10110001', 'latin1');
    writeFileSync(join(out, 'netwright'), Buffer.concat([Buffer.alloc(4096, 7), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), wire, Buffer.alloc(128, 9)]));
    await hookModule.afterPack({ ...context('linux'), appOutDir: out });
    const after = await realFuses.getCurrentFuseWire(join(out, 'netwright'));
    const state = (option: keyof typeof realFuses.FuseV1Options) => String.fromCharCode(after[realFuses.FuseV1Options[option]] as unknown as number);
    expect(Object.fromEntries(Object.keys(promised).map((k) => [k, state(k as keyof typeof realFuses.FuseV1Options)]))).toEqual({
      RunAsNode: '0',
      EnableNodeOptionsEnvironmentVariable: '0',
      EnableNodeCliInspectArguments: '0',
      EnableEmbeddedAsarIntegrityValidation: '1',
      OnlyLoadAppFromAsar: '1',
      EnableCookieEncryption: '1',
      GrantFileProtocolExtraPrivileges: '0',
    });
    expect(state('LoadBrowserProcessSpecificV8Snapshot')).toBe('0'); // untouched
  });
});

describe('npm run dist pre-check', () => {
  const emptyCaches = () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-cache-'));
    return { ELECTRON_BUILDER_CACHE: join(dir, 'eb'), ELECTRON_CACHE: join(dir, 'e'), XDG_CACHE_HOME: join(dir, 'xdg'), HOME: dir };
  };

  it('passes when the Electron zip is cached', async () => {
    const env = emptyCaches();
    const version = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version;
    mkdirSync(join(env.ELECTRON_CACHE, 'a1b2c3'), { recursive: true });
    writeFileSync(join(env.ELECTRON_CACHE, 'a1b2c3', `electron-v${version}-linux-x64.zip`), 'zip');
    const probe = () => Promise.reject(new Error('must not be asked'));
    expect(await checkDistPrerequisites({ root: ROOT, env, platform: 'linux', arch: 'x64', probe })).toEqual({ ok: true, how: expect.stringContaining('cached') });
  });

  it('a download host that never answers gives a clear message after the timeout, not a hang', async () => {
    const result = await checkDistPrerequisites({ root: ROOT, env: emptyCaches(), platform: 'linux', arch: 'x64', probe: () => new Promise(() => undefined), timeoutMs: 200 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/cannot get Electron .* for linux-x64[\s\S]*no answer within 0.2 s[\s\S]*nothing was built[\s\S]*ELECTRON_MIRROR/);
  });

  it('run as npm runs it: exits 1 with the message when the mirror is a silent local port', async () => {
    // A loopback server that accepts connections and never answers: the worst case for a download.
    const server = createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      // Spawned asynchronously: the event loop must stay free to accept the probe's connection.
      const child = await new Promise<{ status: number | null; stderr: string }>((done) => {
        const p = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'electron/packaging/precheck.ts'], {
          cwd: ROOT,
          env: { ...process.env, ...emptyCaches(), ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, NETWRIGHT_DIST_PROBE_TIMEOUT_MS: '1000' },
        });
        let stderr = '';
        p.stderr.on('data', (d) => (stderr += d));
        p.on('exit', (status) => done({ status, stderr }));
      });
      expect(child.status).toBe(1);
      expect(child.stderr).toMatch(/npm run dist: cannot get Electron[\s\S]*127\.0\.0\.1[\s\S]*no answer within 1 s/);
    } finally {
      server.close();
    }
  });
});
