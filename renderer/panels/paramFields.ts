/**
 * The inspector form is generated from each kind's zod parameter schema (the single source of
 * truth) via z.toJSONSchema: integers and numbers with their bounds, enums, booleans, fixed pairs
 * (kernel 3x3), variable lists (an Input shape) and, for anything else, raw JSON.
 */
import { z } from 'zod';
import type { LayerDef } from '../../shared/layers/types.ts';

export type Field =
  | { type: 'number'; integer: boolean; min?: number; max?: number; exclusiveMin?: number }
  | { type: 'enum'; options: string[] }
  | { type: 'boolean' }
  | { type: 'tuple'; items: Field[] }
  | { type: 'list'; min: number; max: number }
  | { type: 'const'; value: unknown }
  | { type: 'json' };

export interface ParamField {
  key: string;
  label: string;
  field: Field;
  defaultValue: unknown;
}

type Json = Record<string, unknown>;

function toField(s: Json): Field {
  if ('const' in s) return { type: 'const', value: s.const };
  if (Array.isArray(s.enum)) return { type: 'enum', options: s.enum.map(String) };
  if (s.type === 'boolean') return { type: 'boolean' };
  if (s.type === 'integer' || s.type === 'number') {
    return {
      type: 'number',
      integer: s.type === 'integer',
      ...(typeof s.minimum === 'number' ? { min: s.minimum } : {}),
      ...(typeof s.maximum === 'number' ? { max: s.maximum } : {}),
      ...(typeof s.exclusiveMinimum === 'number' ? { exclusiveMin: s.exclusiveMinimum } : {}),
    };
  }
  if (s.type === 'array' && Array.isArray(s.prefixItems)) return { type: 'tuple', items: (s.prefixItems as Json[]).map(toField) };
  if (s.type === 'array' && s.items && typeof s.items === 'object' && ['integer', 'number'].includes((s.items as Json).type as string)) {
    return { type: 'list', min: typeof s.minItems === 'number' ? s.minItems : 0, max: typeof s.maxItems === 'number' ? s.maxItems : 64 };
  }
  return { type: 'json' };
}

const cache = new WeakMap<LayerDef, ParamField[]>();

/** The form fields of a kind, in schema order. */
export function paramFields(def: LayerDef): ParamField[] {
  const hit = cache.get(def);
  if (hit) return hit;
  let fields: ParamField[] = [];
  try {
    const schema = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as Json;
    const props = (schema.properties ?? {}) as Record<string, Json>;
    fields = Object.entries(props).map(([key, s]) => ({
      key,
      label: typeof s.description === 'string' ? s.description : key,
      field: toField(s),
      defaultValue: s.default,
    }));
  } catch {
    fields = Object.keys(def.params.shape).map((key) => ({ key, label: key, field: { type: 'json' }, defaultValue: undefined }));
  }
  cache.set(def, fields);
  return fields;
}

/**
 * Reads a typed number; returns a message for text that is not one. Range checks are left to the
 * schema (the analysis reports BAD_PARAM at the field), so the message matches everywhere else.
 */
export function parseNumber(text: string, integer: boolean): { ok: true; value: number } | { ok: false; message: string } {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'enter a number' };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, message: `"${t}" is not a number` };
  if (integer && !Number.isInteger(value)) return { ok: false, message: `enter a whole number; received ${t}` };
  return { ok: true, value };
}

/** `64x64x3`, `64, 64, 3` or `[64,64,3]` -> [64, 64, 3]. */
export function parseList(text: string): { ok: true; value: number[] } | { ok: false; message: string } {
  const parts = text.replace(/[[\]()]/g, '').split(/[x×,\s]+/).filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, message: 'enter sizes such as 64x64x3' };
  const value = parts.map(Number);
  const bad = parts.find((p, i) => !Number.isInteger(value[i]));
  if (bad !== undefined) return { ok: false, message: `"${bad}" is not a whole number; write sizes such as 64x64x3` };
  return { ok: true, value };
}
