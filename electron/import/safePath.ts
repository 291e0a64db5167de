/**
 * Reading a file named inside another file (a weight shard listed in model.json) only when it
 * lies inside the folder the person chose: the relative path is checked for `..`, absolute
 * parts and URLs (shared/import/tfjsModel.ts), then resolved, and its real path (symlinks
 * followed) must still be inside the folder's real path.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ImportError } from '../../shared/import/index.ts';
import { checkWeightPath } from '../../shared/import/tfjsModel.ts';

/** True when `child` is `folder` or lies below it (both real, absolute paths). */
export function isInside(folder: string, child: string): boolean {
  const rel = relative(folder, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of `rel` inside `folder`; throws ImportError (at `at`) when it is not inside. */
export function resolveInside(folder: string, rel: string, at: string): string {
  checkWeightPath(rel, at);
  const root = realpathSync(folder);
  const target = resolve(root, rel);
  if (!isInside(root, target)) throw new ImportError(at, `weight file "${rel}" lies outside ${root}; weights are only read from the model's own folder`);
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    throw new ImportError(at, `weight file "${rel}" does not exist in ${root}; put the weight files next to model.json`);
  }
  if (!isInside(root, real)) throw new ImportError(at, `weight file "${rel}" is a link to ${real}, outside ${root}; weights are only read from the model's own folder`);
  return real;
}

/** Reads a file of at most `limit` bytes, with errors that name it. */
export function readLimited(file: string, limit: number, at: string): Uint8Array {
  let size: number;
  try {
    const info = statSync(file);
    if (!info.isFile()) throw new ImportError(at, `${file} is not a file`);
    size = info.size;
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(at, `cannot read ${file}: ${(e as Error).message}`);
  }
  if (size > limit) throw new ImportError(at, `${file} holds ${size} bytes; Netwright reads at most ${limit}`);
  return new Uint8Array(readFileSync(file));
}
