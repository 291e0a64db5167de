/**
 * Variable and function names for generated code. Keras layer names (`res2a_branch2a`,
 * `zero_padding2d`) become camelCase identifiers in TypeScript and snake_case ones in Python;
 * a scope keeps them unique and clear of each language's reserved words.
 */

const TS_RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'as implements interface let package private protected public static yield any boolean number string symbol ' +
    'type from of async await undefined NaN Infinity arguments eval tf model buildModel train'
  ).split(' '),
);

const PY_RESERVED = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield ' +
    'tf layers keras model build_model train main make_strategy strategy print input len range list tuple type id'
  ).split(' '),
);

/** Splits a layer name into lower-case words: `res2a_branch2a` -> [res2a, branch2a]. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/** `zero_padding2d` -> `zeroPadding2d`; always a valid identifier (a leading digit gets `l`). */
export function camelIdentifier(name: string): string {
  const parts = words(name);
  const id = parts.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('') || 'layer';
  return /^[0-9]/.test(id) ? `l${id}` : id;
}

/** `conv0/1` -> `conv0_1`; always a valid Python identifier. */
export function snakeIdentifier(name: string): string {
  const id = words(name).join('_') || 'layer';
  return /^[0-9]/.test(id) ? `l_${id}` : id;
}

/** Hands out unique identifiers in one scope of one language. */
export class IdentifierScope {
  private readonly used = new Set<string>();

  constructor(
    private readonly language: 'ts' | 'py',
    reserved: Iterable<string> = [],
  ) {
    for (const r of reserved) this.used.add(r);
  }

  /** A fresh identifier derived from `name` (`conv0`, then `conv0_2` / `conv02`...). */
  take(name: string): string {
    const base = this.language === 'ts' ? camelIdentifier(name) : snakeIdentifier(name);
    const reserved = this.language === 'ts' ? TS_RESERVED : PY_RESERVED;
    let candidate = base;
    for (let k = 2; reserved.has(candidate) || this.used.has(candidate); k++) {
      candidate = this.language === 'ts' ? `${base}${k === 2 ? 'Out' : `Out${k - 1}`}` : `${base}_${k === 2 ? 'out' : `out${k - 1}`}`;
    }
    this.used.add(candidate);
    return candidate;
  }

  /** Marks `id` as used (e.g. a function parameter) without renaming it. */
  reserve(id: string): void {
    this.used.add(id);
  }
}
