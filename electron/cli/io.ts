/** Where CLI commands write: stdout for results, stderr for progress and errors. */

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  description: string;
  run(args: string[], io: CliIO): Promise<number>;
}

export const processIO: CliIO = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
};

/** Collects output in memory, for tests. */
export function memoryIO(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}
