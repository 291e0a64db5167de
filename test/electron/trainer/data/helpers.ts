// Shared fixtures for the data-layer tests: where the real datasets live (<repo>/../shared/datasets,
// skipped with a message when absent), temporary folders, PNG writing and numpy as an independent
// reference (tests that need it skip with a message when python3 lacks numpy).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const DATASETS = path.resolve(repo, '../shared/datasets');
export const COURSE_H5 = path.join(DATASETS, 'course-h5');
export const SIGNS_FOLDER = path.join(DATASETS, 'sign-language-digits', 'Dataset');

export function datasetsPresent(what: string): boolean {
  const ok = existsSync(COURSE_H5) && existsSync(SIGNS_FOLDER);
  if (!ok) console.warn(`[skip] ${what}: real datasets not found at ${DATASETS} (expected <repo>/../shared/datasets).`);
  return ok;
}

export function hasNumpy(what: string): boolean {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn(`[skip] ${what}: python3 with numpy is not available as the reference.`);
    return false;
  }
}

/** Run a python3 snippet (numpy, json and sys imported) with optional stdin; returns its stdout. */
export function python(code: string, cwd?: string, input?: string): string {
  return execFileSync('python3', ['-c', `import numpy as np, json, sys\n${code}`], { cwd, input, encoding: 'utf8', maxBuffer: 64 << 20 });
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'netwright-data-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Write an RGB(A) image as PNG; `pixel(x, y)` gives [r, g, b] or [r, g, b, a]. */
export function writePng(file: string, w: number, h: number, pixel: (x: number, y: number) => number[]): void {
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [r = 0, g = r, b = r, a = 255] = pixel(x, y);
      png.data.set([r, g, b, a], (y * w + x) * 4);
    }
  }
  writeFileSync(file, PNG.sync.write(png));
}

/** A deterministic pseudo-random byte image (no Math.random in tests). */
export function noiseImage(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}
