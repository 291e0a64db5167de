/** Is a build output older than its sources? Compares modification times, walking source folders. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest mtime (ms) of the files under `paths` (files or folders), skipping node_modules and dist. */
export function newestSourceTime(paths: string[]): number {
  let newest = 0;
  const stack = [...paths];
  while (stack.length > 0) {
    const path = stack.pop()!;
    let info;
    try {
      info = statSync(path);
    } catch {
      continue;
    }
    if (info.isDirectory()) {
      for (const name of readdirSync(path)) if (name !== 'node_modules' && name !== 'dist' && !name.startsWith('.')) stack.push(join(path, name));
    } else {
      newest = Math.max(newest, info.mtimeMs);
    }
  }
  return newest;
}

/** True when `output` is missing or older than any file under `sources`. */
export function isStale(output: string, sources: string[]): boolean {
  let built: number;
  try {
    built = statSync(output).mtimeMs;
  } catch {
    return true;
  }
  return newestSourceTime(sources) > built;
}
