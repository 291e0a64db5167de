/**
 * Argument parsing every command shares: node:util parseArgs with the usage text on a bad flag
 * (exit 2) and on --help (exit 0), the template parameter flags (--input, --classes, --param),
 * and the small value checks several commands make (--engine, whole numbers, numeric settings).
 * Messages are part of the CLI's contract: each command prefixes them with `netwright <name>: `.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ENGINES, TrainSettingsSchema, type EnginePreference, type TrainSettings } from '../../shared/train/settings.ts';
import type { CliIO } from './io.ts';
import { resolveProject, type Resolved } from './resolveProject.ts';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** `-h` / `--help`, which every command takes. */
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** The flags that set a template's parameters, as `netwright summary` documents them. */
export const TEMPLATE_OPTIONS = {
  input: { type: 'string' },
  classes: { type: 'string' },
  param: { type: 'string', multiple: true },
} as const;

/** The flags of the commands that run a trained model over data (evaluate, ensemble, multicrop). */
export const EVALUATION_OPTIONS = {
  data: { type: 'string' },
  'batch-size': { type: 'string' },
  limit: { type: 'string' },
  engine: { type: 'string' },
} as const;

/** What parseArgs gives for `options` (plus --help): `values.epochs` is `string | undefined`, `values.param` `string[] | undefined`. */
export type CommandArgs<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O & typeof HELP_OPTION }>>;

/**
 * Parses `args` for command `name` with `options` (--help is added). Returns the parsed values
 * and positionals, or the exit code when the command is done: 0 after printing `help` for
 * --help, 2 after printing what was wrong and `help` to stderr. `positionals: false` refuses
 * any argument that is not a flag.
 */
export function parseCommandArgs<const O extends OptionsConfig>(name: string, args: string[], options: O, help: string, io: CliIO, { positionals = true } = {}): CommandArgs<O> | number {
  let parsed: CommandArgs<O>;
  try {
    parsed = parseArgs({ args, allowPositionals: positionals as true, options: { ...options, ...HELP_OPTION } });
  } catch (e) {
    io.err(`netwright ${name}: ${(e as Error).message}\n\n${help}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.out(help);
    return 0;
  }
  return parsed;
}

type Failure = { ok: false; message: string };

/** Reads --param name=value (repeatable), --input and --classes into template parameter text by name. */
export function templateParams(values: { input?: string; classes?: string; param?: string[] }): { ok: true; params: Record<string, string> } | Failure {
  const params: Record<string, string> = {};
  for (const p of values.param ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0) return { ok: false, message: `--param expects name=value, e.g. --param aux=true; received "${p}"` };
    params[p.slice(0, eq).trim()] = p.slice(eq + 1);
  }
  if (values.input !== undefined) params.input = values.input;
  if (values.classes !== undefined) params.classes = values.classes;
  return { ok: true, params };
}

/** The project or template `target` names, expanded with the template flags in `values`. */
export function resolveTarget(target: string, values: { input?: string; classes?: string; param?: string[] }): Resolved {
  const params = templateParams(values);
  return params.ok ? resolveProject(target, params.params) : params;
}

/** The --engine value, 'auto' when absent. */
export function engineFlag(value: string | undefined): { ok: true; engine: EnginePreference } | Failure {
  const engine = (value ?? 'auto') as EnginePreference;
  return ENGINES.includes(engine) ? { ok: true, engine } : { ok: false, message: `--engine must be one of ${ENGINES.join(', ')}; received "${value}"` };
}

/** Parses flags such as --batch-size / --limit as whole numbers of at least 1 (absent flags are left out). */
export function positiveInts(values: Record<string, unknown>, flags: readonly string[]): { ok: true; ints: Record<string, number> } | Failure {
  const ints: Record<string, number> = {};
  for (const flag of flags) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) return { ok: false, message: `--${flag} expects a whole number of at least 1; received "${raw}"` };
    ints[flag] = n;
  }
  return { ok: true, ints };
}

/** The settings' flag names where they differ from the settings' keys. */
const SETTING_FLAGS: Record<string, string> = { batchSize: 'batch-size', learningRate: 'lr', validationSplit: 'validation-split' };

/**
 * Training settings from flags: each of `numeric` ([flag, settings key]) must be a number, then
 * `settings` (defaults and other fields first, the numeric flags override them) is checked by
 * TrainSettingsSchema; the first problem is named by its flag.
 */
export function trainSettingsFlags(values: Record<string, unknown>, numeric: ReadonlyArray<readonly [string, string]>, settings: Record<string, unknown>): { ok: true; settings: TrainSettings } | Failure {
  const numbers: Record<string, number> = {};
  for (const [flag, key] of numeric) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) return { ok: false, message: `--${flag} expects a number; received "${raw}"` };
    numbers[key] = n;
  }
  const parsed = TrainSettingsSchema.safeParse({ ...settings, ...numbers });
  if (parsed.success) return { ok: true, settings: parsed.data };
  const issue = parsed.error.issues[0]!;
  const key = String(issue.path[0]);
  return { ok: false, message: `--${SETTING_FLAGS[key] ?? key}: ${issue.message}` };
}
