/**
 * Template parameters: each template declares its parameters with defaults; values inside the
 * template refer to them as `${name}` (the whole string: the value itself, any JSON type) or
 * inside text (`res${stage}${block}_branch2a`); `${filters[0]}` picks an element of a list.
 */
import { formatShape } from '../shape.ts';

/** A declared template parameter. */
export interface ParamSpec {
  default: unknown;
  description?: string;
}

export type ParamValues = Record<string, unknown>;

/** A problem in a template or in the values given to it; expansion turns it into a message. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/**
 * The parameter values for one expansion: the defaults, overridden by `given`. Each given value
 * must be a declared parameter of the same type as its default (lists of the same length).
 */
export function resolveParams(specs: Readonly<Record<string, ParamSpec>>, given: ParamValues, where: string): ParamValues {
  const values: ParamValues = {};
  for (const [key, spec] of Object.entries(specs)) values[key] = spec.default;
  for (const [key, value] of Object.entries(given)) {
    if (!Object.hasOwn(specs, key)) {
      const known = Object.keys(specs);
      throw new TemplateError(`${where} has no parameter "${key}"; its parameters are ${known.length ? known.join(', ') : '(none)'}`);
    }
    const problem = typeProblem(specs[key]!.default, value);
    if (problem) throw new TemplateError(`${where}: parameter "${key}" ${problem}; received ${JSON.stringify(value)}`);
    values[key] = value;
  }
  return values;
}

/** Why `value` cannot stand in for `example` (undefined when it can). */
function typeProblem(example: unknown, value: unknown): string | undefined {
  if (Array.isArray(example)) {
    if (!Array.isArray(value)) return `must be a list like ${JSON.stringify(example)}`;
    if (value.length !== example.length) return `must be a list of ${example.length} values like ${JSON.stringify(example)}`;
    for (let i = 0; i < value.length; i++) {
      const p = typeProblem(example[i], value[i]);
      if (p) return `element ${i} ${p}`;
    }
    return undefined;
  }
  if (typeof example === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
    if (Number.isInteger(example) && (!Number.isInteger(value) || value < 0)) return 'must be a whole number, 0 or more';
    return undefined;
  }
  if (typeof example === 'boolean') return typeof value === 'boolean' ? undefined : 'must be true or false';
  if (typeof example === 'string') return typeof value === 'string' && value.length <= 200 ? undefined : 'must be a text of at most 200 characters';
  return undefined;
}

const WHOLE = /^\$\{([^}]*)\}$/;
const INSIDE = /\$\{([^}]*)\}/g;
const REF = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[\s*(\d+)\s*\])?\s*$/;

/**
 * Replaces parameter references in `value` (strings, lists and objects, recursively).
 * `where` names the place for error messages, e.g. `template resnet50, node "fc"`.
 */
export function substitute(value: unknown, params: ParamValues, where: string): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(whole[1]!, params, where);
    if (!value.includes('${')) return value;
    return value.replace(INSIDE, (_m, expr: string) => {
      const v = lookup(expr, params, where);
      if (typeof v === 'object' && v !== null) throw new TemplateError(`${where}: \${${expr}} is a list and cannot be written inside the text "${value}"; pick an element, e.g. \${${expr}[0]}`);
      return String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, params, where));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, params, `${where}.${k}`)]));
  }
  return value;
}

function lookup(expr: string, params: ParamValues, where: string): unknown {
  const m = REF.exec(expr);
  if (!m) throw new TemplateError(`${where}: "\${${expr}}" is not a parameter reference; write \${name} or \${name[0]}`);
  const [, name, index] = m;
  if (!Object.hasOwn(params, name!)) {
    throw new TemplateError(`${where} refers to \${${name}}, which is not a parameter; the parameters are ${Object.keys(params).join(', ') || '(none)'}`);
  }
  const v = params[name!];
  if (index === undefined) return v;
  if (!Array.isArray(v) || Number(index) >= v.length) {
    throw new TemplateError(`${where}: \${${expr}} picks element ${index}, but ${name} is ${JSON.stringify(v)}`);
  }
  return v[Number(index)];
}

/**
 * Reads a parameter value typed on a command line, taking its type from the default:
 * lists as `224x224x3`, `224,224,3` or JSON, numbers, true/false, or plain text. `label` names the
 * option in messages, e.g. `--input`.
 */
export function parseParamText(text: string, example: unknown, label: string): unknown {
  const t = text.trim();
  if (Array.isArray(example)) {
    const parts = t.startsWith('[') ? safeJson(t) : t.split(/[x,]/i).map((s) => (/^-?\d+(\.\d+)?$/.test(s.trim()) ? Number(s) : s.trim()));
    if (!Array.isArray(parts) || parts.length !== example.length) {
      const hint = example.every((e) => typeof e === 'number') ? formatShape(example as number[]) : JSON.stringify(example);
      throw new TemplateError(`${label} expects ${example.length} values like ${hint}; received "${text}"`);
    }
    return parts.map((p, i) => (typeof example[i] === 'number' && typeof p === 'string' ? Number.NaN : p));
  }
  if (typeof example === 'number') {
    const n = Number(t);
    if (t === '' || !Number.isFinite(n)) throw new TemplateError(`${label} expects a number like ${example}; received "${text}"`);
    return n;
  }
  if (typeof example === 'boolean') {
    if (/^(true|yes|on|1)$/i.test(t)) return true;
    if (/^(false|no|off|0)$/i.test(t)) return false;
    throw new TemplateError(`${label} expects true or false; received "${text}"`);
  }
  return t;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
