/**
 * Is Electron usable here? The electron package resolves to a binary path only if its postinstall
 * download succeeded (node_modules/electron/path.txt names the binary under dist/). We check
 * that ourselves, because require('electron') would retry the download when the binary is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronCheck = { ok: true; path: string } | { ok: false; reason: string };

export function findElectron(root: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): ElectronCheck {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  let binary: string;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
  } else if (relative === null) {
    return { ok: false, reason: 'its binary was not downloaded during npm install: node_modules/electron/path.txt is missing' };
  } else {
    binary = join(packageDir, 'dist', relative);
  }
  if (!existsSync(binary)) return { ok: false, reason: `its binary was not downloaded: ${binary} does not exist` };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'there is no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { ok: true, path: binary };
}
