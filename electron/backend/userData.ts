/**
 * The per-user folder where Netwright keeps its own state (recent files, the recovery journal).
 * Electron and browser mode use the same folder, so both see the same recent files.
 * NETWRIGHT_USER_DATA overrides it (tests, portable installs).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `NETWRIGHT_USER_DATA`, else the platform's config folder: ~/.config/netwright on Linux. */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.NETWRIGHT_USER_DATA) return env.NETWRIGHT_USER_DATA;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'netwright');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'netwright');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'netwright');
}
