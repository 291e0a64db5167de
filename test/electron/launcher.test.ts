// `npm start` decides between Electron and browser mode: Electron only when its package resolves,
// its binary exists (without triggering electron's own re-download) and there is a display.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectron } from '../../electron/launcher/electronBinary.ts';
import { isStale } from '../../electron/launcher/freshness.ts';
import { parseStartArgs } from '../../electron/launcher/start.ts';

/** A project folder with a fake node_modules/electron, optionally with path.txt and the binary. */
function project(opts: { pkg?: boolean; pathTxt?: boolean; binary?: boolean }) {
  const root = mkdtempSync(join(tmpdir(), 'nw-launch-'));
  writeFileSync(join(root, 'package.json'), '{"name":"x"}');
  const pkgDir = join(root, 'node_modules', 'electron');
  if (opts.pkg !== false) {
    mkdirSync(join(pkgDir, 'dist'), { recursive: true });
    writeFileSync(join(pkgDir, 'package.json'), '{"name":"electron","main":"index.js"}');
    // index.js would try to download: it must never be required by the check.
    writeFileSync(join(pkgDir, 'index.js'), 'throw new Error("required electron index.js")');
    if (opts.pathTxt) writeFileSync(join(pkgDir, 'path.txt'), 'electron');
    if (opts.binary) writeFileSync(join(pkgDir, 'dist', 'electron'), '');
  }
  return { root, binary: join(pkgDir, 'dist', 'electron') };
}
const display = { DISPLAY: ':0' };

describe('findElectron', () => {
  it('is not available when the package is not installed', () => {
    expect(findElectron(project({ pkg: false }).root, display, 'linux')).toEqual({ ok: false, reason: 'the electron package is not installed (run npm install)' });
  });

  it('is not available when the download failed (no path.txt), as on this machine', () => {
    expect(findElectron(project({}).root, display, 'linux')).toEqual({ ok: false, reason: 'its binary was not downloaded during npm install: node_modules/electron/path.txt is missing' });
  });

  it('is not available when path.txt names a binary that is not there', () => {
    const p = project({ pathTxt: true });
    expect(findElectron(p.root, display, 'linux')).toEqual({ ok: false, reason: `its binary was not downloaded: ${p.binary} does not exist` });
  });

  it('is available when the binary exists and there is a display', () => {
    const p = project({ pathTxt: true, binary: true });
    expect(findElectron(p.root, display, 'linux')).toEqual({ ok: true, path: p.binary });
    expect(findElectron(p.root, {}, 'darwin')).toEqual({ ok: true, path: p.binary });
  });

  it('is not available on Linux without a display', () => {
    const p = project({ pathTxt: true, binary: true });
    expect(findElectron(p.root, {}, 'linux')).toMatchObject({ ok: false, reason: expect.stringMatching(/no display/) });
    expect(findElectron(p.root, { WAYLAND_DISPLAY: 'wayland-0' }, 'linux').ok).toBe(true);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as electron itself does', () => {
    const p = project({});
    const dist = mkdtempSync(join(tmpdir(), 'nw-dist-'));
    writeFileSync(join(dist, 'electron'), '');
    expect(findElectron(p.root, { ...display, ELECTRON_OVERRIDE_DIST_PATH: dist }, 'linux')).toEqual({ ok: true, path: join(dist, 'electron') });
    expect(findElectron(p.root, { ...display, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' }, 'linux')).toMatchObject({ ok: false, reason: 'its binary was not downloaded: /nonexistent/electron does not exist' });
  });
});

describe('start options and freshness', () => {
  it('parses --browser, --port, --host, --no-build and refuses the rest', () => {
    expect(parseStartArgs([], {})).toEqual({ browser: false, port: 0, host: '127.0.0.1', build: true });
    expect(parseStartArgs(['--browser', '--port', '8123', '--no-build'], {})).toEqual({ browser: true, port: 8123, host: '127.0.0.1', build: false });
    expect(parseStartArgs([], { NETWRIGHT_PORT: '9000' })).toMatchObject({ port: 9000 });
    expect(parseStartArgs(['--port', 'x'], {})).toEqual({ error: '--port must be 0..65535; received NaN' });
    expect(parseStartArgs(['--port'], {})).toEqual({ error: '--port needs a value' });
    expect(parseStartArgs(['--frobnicate'], {})).toEqual({ error: 'unknown option --frobnicate' });
  });

  it('a build is stale when missing or older than any source file', () => {
    const root = mkdtempSync(join(tmpdir(), 'nw-fresh-'));
    mkdirSync(join(root, 'src', 'deep'), { recursive: true });
    const source = join(root, 'src', 'deep', 'a.ts');
    const output = join(root, 'out.js');
    writeFileSync(source, '');
    expect(isStale(output, [join(root, 'src')])).toBe(true);
    writeFileSync(output, '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(source, past, past);
    expect(isStale(output, [join(root, 'src')])).toBe(false);
    utimesSync(source, new Date(), new Date(Date.now() + 60_000));
    expect(isStale(output, [join(root, 'src')])).toBe(true);
  });
});
