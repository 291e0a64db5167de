/**
 * The `netwright` command line: a table of subcommands. Each command is a plain module taking
 * its arguments and an output sink, so tests run them in-process. Output formats are contracts:
 * add, never rename.
 */
import { summaryCommand } from './commands/summary.ts';
import { templatesCommand } from './commands/templates.ts';
import { exportCommand } from './commands/export.ts';
import { trainCommand } from './commands/train.ts';
import { evaluateCommand } from './commands/evaluate.ts';
import { predictCommand } from './commands/predict.ts';
import { plotCommand } from './commands/plot.ts';
import { experimentCommand } from './commands/experiment.ts';
import { ensembleCommand } from './commands/ensemble.ts';
import { multicropCommand } from './commands/multicrop.ts';
import { importCommand } from './commands/import.ts';
import { engineCommand } from './commands/engine.ts';
import type { CliIO, Command } from './io.ts';
import { processIO } from './io.ts';

export const COMMANDS: Record<string, Command> = {
  summary: summaryCommand,
  templates: templatesCommand,
  export: exportCommand,
  train: trainCommand,
  evaluate: evaluateCommand,
  predict: predictCommand,
  plot: plotCommand,
  experiment: experimentCommand,
  ensemble: ensembleCommand,
  multicrop: multicropCommand,
  import: importCommand,
  engine: engineCommand,
};

const USAGE = `usage: netwright <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.description}`)
  .join('\n')}

Run 'netwright <command> --help' for a command's options.`;

/** Runs the CLI; returns the process exit code (0 ok, 1 the model has errors, 2 usage or file errors). */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.out('netwright 0.1.0');
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`netwright: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return command.run(rest, io);
}
