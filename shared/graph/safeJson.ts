/**
 * JSON parsing for files people hand us. Keys that could reach an object's prototype
 * (`__proto__`, and `constructor`/`prototype` holding objects) are refused with the path at which
 * they occur, so nothing downstream can be polluted by a hostile file.
 */

export type JsonResult = { ok: true; value: unknown } | { ok: false; path: string; message: string };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Parses `text`, refusing prototype-polluting keys; never throws. */
export function parseJsonSafely(text: string): JsonResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, path: '', message: `not valid JSON: ${(e as Error).message}` };
  }
  const bad = findForbiddenKey(value, '');
  if (bad !== undefined) return { ok: false, path: bad, message: `refusing key "${bad.split('.').pop()}" at ${bad}` };
  return { ok: true, value };
}

function findForbiddenKey(value: unknown, path: string): string | undefined {
  // Iterative walk: deep nesting in a hostile file must not overflow the stack.
  const stack: Array<[unknown, string]> = [[value, path]];
  while (stack.length > 0) {
    const [v, p] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${p}[${i}]`]));
      continue;
    }
    for (const key of Object.keys(v)) {
      const childPath = p ? `${p}.${key}` : key;
      if (FORBIDDEN.has(key)) return childPath;
      stack.push([(v as Record<string, unknown>)[key], childPath]);
    }
  }
  return undefined;
}
