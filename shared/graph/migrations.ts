/**
 * Migrations: named pure steps, each taking a raw file object of version `from` to `from + 1`.
 * A file newer than this build is refused, never downgraded.
 */
import { CURRENT_SCHEMA_VERSION } from './schema.ts';

export interface Migration {
  from: number;
  name: string;
  migrate(raw: Record<string, unknown>): Record<string, unknown>;
}

/** Every migration, oldest first. Version 1 is the first released format, so none yet. */
export const MIGRATIONS: readonly Migration[] = [];

export type MigrationResult =
  | { ok: true; value: Record<string, unknown>; applied: string[] }
  | { ok: false; message: string };

/** Brings `raw` to `target` (default: the current version) through `migrations`. */
export function migrate(
  raw: Record<string, unknown>,
  migrations: readonly Migration[] = MIGRATIONS,
  target = CURRENT_SCHEMA_VERSION,
): MigrationResult {
  const version = raw.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, message: `schemaVersion must be a positive integer; received ${JSON.stringify(version)}` };
  }
  if (version > target) {
    return {
      ok: false,
      message: `this file was written by a newer Netwright (schemaVersion ${version}); this version reads up to ${target}. Update Netwright to open it; the file was not changed`,
    };
  }
  let value = raw;
  const applied: string[] = [];
  for (let v = version; v < target; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) return { ok: false, message: `no migration from schemaVersion ${v}` };
    value = { ...step.migrate(value), schemaVersion: v + 1 };
    applied.push(step.name);
  }
  return { ok: true, value, applied };
}
