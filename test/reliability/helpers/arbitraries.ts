/**
 * fast-check generators shared by the property tests: hostile JSON, a real document with one value
 * replaced or removed at a random place, the same with a prototype-polluting key planted at a
 * random place, and the check that nothing reached Object.prototype.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Key = string | number;

/** Random JSON plus project-like shapes with wrong types in the right places. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record(
    {
      schemaVersion: fc.oneof(fc.constant(1), fc.jsonValue({ maxDepth: 1 })),
      name: fc.jsonValue({ maxDepth: 1 }),
      nodes: fc.oneof(fc.array(fc.record({ id: fc.jsonValue({ maxDepth: 1 }), kind: fc.jsonValue({ maxDepth: 1 }), params: fc.jsonValue({ maxDepth: 2 }), position: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }), { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
      edges: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })),
      groups: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  ),
  fc.integer({ min: 1, max: 3000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
  fc.constantFrom(1e308, -0, '\u0000', '\ud800', 'x'.repeat(10_000)),
);

/** Every path (list of keys) into a JSON value, the root included. */
function paths(value: Json, at: Key[] = [], out: Key[][] = []): Key[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function setAt(root: Json, path: Key[], replace: (old: Json, parent: Json, key: Key) => void): Json {
  const copy = structuredClone(root);
  if (path.length === 0) return copy;
  let parent = copy as Record<Key, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<Key, Json>;
  const key = path.at(-1)!;
  replace(parent[key]!, parent as Json, key);
  return copy;
}

/** `doc` with the value at a random path replaced by random JSON, or removed. */
export function mutateAt(doc: unknown): fc.Arbitrary<{ value: unknown; path: string }> {
  const all = paths(doc as Json).filter((p) => p.length > 0);
  return fc.tuple(fc.constantFrom(...all), fc.option(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { freq: 4 })).map(([path, replacement]) => ({
    path: path.join('.'),
    value: setAt(doc as Json, path, (_old, parent, key) => {
      if (replacement === null) {
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete (parent as Record<string, Json>)[key];
      } else (parent as Record<Key, Json>)[key] = replacement;
    }),
  }));
}

const PLACEHOLDER = '__netwright_planted_key__';

/** The text of `doc` with `__proto__`, `constructor` or `prototype` planted in a random object of it. */
export function jsonWithProtoKeys(doc: unknown): fc.Arbitrary<{ text: string; key: string }> {
  const objects = paths(doc as Json).filter((p) => {
    let v = doc as Json;
    for (const k of p) v = (v as Record<Key, Json>)[k]!;
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
  return fc.tuple(fc.constantFrom(...objects), fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.jsonValue({ maxDepth: 1 })).map(([path, key, extra]) => {
    const planted = { polluted: true, prototype: { polluted: true }, extra };
    const withKey = path.length === 0 ? { ...(doc as object), [PLACEHOLDER]: planted } : setAt(doc as Json, path, (old, parent, k) => ((parent as Record<Key, Json>)[k] = { ...(old as object), [PLACEHOLDER]: planted } as Json));
    return { key, text: JSON.stringify(withKey).replace(`"${PLACEHOLDER}"`, JSON.stringify(key)) };
  });
}

/** Nothing reached the shared prototypes. */
export function noPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect((Object as unknown as Record<string, unknown>).polluted).toBeUndefined();
}
