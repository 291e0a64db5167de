/**
 * What the commands that run trained models over data (evaluate, ensemble, multicrop) read from
 * their flags the same way (--data, --engine, --batch-size, --limit), and how ensemble and
 * multicrop report an evaluation: stderr lines, then one JSON object on stdout, or the error.
 */
import type { EnginePreference } from '../../../shared/train/settings.ts';
import type { DataSpecInput } from '../../../shared/train/request.ts';
import { engineFlag, positiveInts } from '../args.ts';
import type { CliIO } from '../io.ts';
import { dataSpec } from './train.ts';

export interface EvaluationFlags {
  data: DataSpecInput;
  engine: EnginePreference;
  /** Only the flags given. */
  batchSize?: number;
  limit?: number;
}

/** Reads --data (required by the caller), --engine, --batch-size and --limit; a message when one is wrong. */
export async function evaluationFlags(v: { data?: string; engine?: string; 'batch-size'?: string; limit?: string }): Promise<{ ok: true; flags: EvaluationFlags } | { ok: false; message: string }> {
  const engine = engineFlag(v.engine);
  if (!engine.ok) return engine;
  const counts = positiveInts(v, ['batch-size', 'limit']);
  if (!counts.ok) return counts;
  const data = await dataSpec(v.data ?? '');
  if (!data.ok) return data;
  const { 'batch-size': batchSize, limit } = counts.ints;
  return { ok: true, flags: { data: data.spec, engine: engine.engine, ...(batchSize ? { batchSize } : {}), ...(limit ? { limit } : {}) } };
}

/**
 * Runs `evaluate` and prints its data notes and `lines` on stderr and `json` on stdout (exit 0),
 * or the error on stderr and `{"error":{"message"}}` as the stdout line (exit 1).
 */
export async function reportEvaluation<R extends { dataNotes: string[] }>(io: CliIO, command: string, evaluate: () => Promise<R>, lines: (r: R) => string[], json: (r: R) => unknown): Promise<number> {
  try {
    const r = await evaluate();
    for (const note of r.dataNotes) io.err(`note: ${note}`);
    for (const line of lines(r)) io.err(line);
    io.out(JSON.stringify(json(r)));
    return 0;
  } catch (e) {
    io.err(`netwright ${command}: ${(e as Error).message}`);
    io.out(JSON.stringify({ error: { message: (e as Error).message } }));
    return 1;
  }
}
