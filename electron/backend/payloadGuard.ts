/**
 * A second look at IPC payloads, after their schema: keys that could reach an object's prototype
 * (`__proto__`, `constructor`, `prototype`) and circular references are refused with the path where
 * they occur. Browser mode already refuses such keys while parsing JSON (shared/graph/safeJson.ts);
 * Electron's IPC uses structured clone, which keeps them, so the same rule is applied here.
 */

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Longest chain of nested objects/arrays accepted (a project is ~5 deep). */
export const MAX_PAYLOAD_DEPTH = 256;

/** A message naming the path of the first problem, or null when `value` is safe. */
export function findUnsafePayload(value: unknown): string | null {
  // Iterative depth-first walk; `open` holds the objects on the current path (a cycle returns to one).
  type Frame = { value: object; path: string; depth: number; keys: string[]; next: number };
  const open = new Set<object>();
  const stack: Frame[] = [];
  const enter = (v: unknown, path: string, depth: number): string | null => {
    if (v === null || typeof v !== 'object') return null;
    if (open.has(v)) return `${path || 'payload'}: circular reference (payloads must be plain JSON data)`;
    if (depth > MAX_PAYLOAD_DEPTH) return `${path || 'payload'}: nested more than ${MAX_PAYLOAD_DEPTH} levels deep`;
    open.add(v);
    stack.push({ value: v, path, depth, keys: Object.keys(v), next: 0 });
    return null;
  };
  const first = enter(value, '', 0);
  if (first) return first;
  while (stack.length > 0) {
    const frame = stack.at(-1)!;
    if (frame.next >= frame.keys.length) {
      open.delete(frame.value);
      stack.pop();
      continue;
    }
    const key = frame.keys[frame.next++]!;
    const isArray = Array.isArray(frame.value);
    const path = isArray ? `${frame.path}[${key}]` : frame.path ? `${frame.path}.${key}` : key;
    if (!isArray && FORBIDDEN.has(key)) return `${path}: refusing key "${key}" (it could change object prototypes)`;
    const problem = enter((frame.value as Record<string, unknown>)[key], path, frame.depth + 1);
    if (problem) return problem;
  }
  return null;
}
