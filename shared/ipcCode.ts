/**
 * The code panel's side of the bridge (shared/ipc.ts names the channels and re-exports these):
 * the generated module for a graph with its statement map, code applied back to a graph, code
 * saved to a file, and a finished run exported as code with its trained weights.
 */
import { z } from 'zod';
// Types only: the applier (and the TypeScript compiler it loads) stays in the backend.
import type { ApplyChanges, ApplyResult, Marker } from './codegen/applyTypeScript.ts';
import { STRATEGIES } from './codegen/keras.ts';

const path = z.string().min(1).max(4096);
const projectPayload = z.record(z.string(), z.unknown());
/** Generated ResNet-50 is ~25 kB; an edited module stays far below this. */
const codeText = z.string().max(4 * 1024 * 1024);

export const CODE_LANGS = ['ts', 'keras'] as const;
export type CodeLang = (typeof CODE_LANGS)[number];

/** How the module is written: the same choices as `netwright export`'s flags. */
export const CodeOptionsSchema = z.object({
  lang: z.enum(CODE_LANGS),
  /** Block instances layer by layer (--inline) instead of as helper functions. */
  inline: z.boolean().default(false),
  /** The training set-up (the Train view's settings) to include (--training), or none. */
  training: z.record(z.string(), z.unknown()).optional(),
  /** Keras only: the tf.distribute strategy (--strategy). */
  strategy: z.enum(STRATEGIES).optional(),
});
export type CodeOptions = z.input<typeof CodeOptionsSchema>;

export const CODE_REQUESTS = {
  /** The module `netwright export` writes for `project` with these options, and which lines are which nodes. */
  'code:generate': z.object({ project: projectPayload, options: CodeOptionsSchema }),
  /** TypeScript (in our generator's dialect) read back into a graph; `project` is the graph it was generated from. */
  'code:apply': z.object({ project: projectPayload, code: codeText }),
  /** Write code to `path`, or ask where (native dialog) when it is absent. */
  'code:save': z.object({ code: codeText, lang: z.enum(CODE_LANGS), fileName: z.string().min(1).max(255), path: path.optional() }),
  /**
   * A finished run's graph as code with its trained weights next to it (TypeScript: model.json +
   * weights.bin and loadTrainedModel()), to `path` or a place asked for.
   */
  'code:export-trained': z.object({ runId: z.string().min(1).max(200), options: CodeOptionsSchema, path: path.optional() }),
} as const;

/** 1-based lines of one statement of buildModel() / build_model() and the graph nodes it makes. */
export interface CodeStatement {
  line: number;
  endLine: number;
  nodeIds: string[];
}

/** A place in the code that cannot be mapped to a graph (1-based lines and columns). */
export type CodeMarker = Marker;

export type CodeGenerateResult =
  | { ok: true; code: string; statements: CodeStatement[] }
  /** The graph has errors (or the options do not fit it): nothing to show but why. */
  | { ok: false; message: string; problems: string[] };

/** What Apply changed, by Keras layer name. */
export type CodeChanges = ApplyChanges;

/** Exactly what shared/codegen/applyTypeScript.ts answers. */
export type CodeApplyResult = ApplyResult;

export type CodeSaveResult = { ok: true; path: string; files: string[] } | { ok: false; message: string } | { ok: false; cancelled: true };
