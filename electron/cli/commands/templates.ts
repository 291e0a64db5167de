/** `netwright templates`: one line per template - id, kind, and parameters with their defaults. */
import { formatShape } from '../../../shared/shape.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../io.ts';
import { loadTemplateLibrary } from '../../templates.ts';
import { listTemplateInfos } from '../../../shared/templates/format.ts';

const HELP = `usage: netwright templates

Lists the templates under templates/, one per line: id, kind (network or block) and the
template parameters with their defaults. Use them with
  netwright summary <id> [--input HxWxC] [--classes N] [--param name=value]`;

/** A default as typed on the command line: the input shape as 64x64x3, other lists as 64,64,256. */
function formatValue(key: string, v: unknown): string {
  if (Array.isArray(v)) return key === 'input' ? formatShape(v as number[]) : v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(',');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export const templatesCommand: Command = {
  description: 'list the network and block templates with their parameters',
  async run(args, io) {
    const parsed = parseCommandArgs('templates', args, {}, HELP, io, { positionals: false });
    if (typeof parsed === 'number') return parsed;
    const { templates, errors } = loadTemplateLibrary();
    for (const e of errors) io.err(`netwright templates: ${e}`);
    const infos = listTemplateInfos(templates.values());
    const width = Math.max(0, ...infos.map((t) => t.id.length)) + 2;
    for (const t of infos) {
      const params = Object.entries(t.params).map(([k, v]) => `${k}=${formatValue(k, v)}`).join(' ');
      io.out(`${t.id.padEnd(width)}${t.kind.padEnd(9)}${params}`);
    }
    return errors.length > 0 ? 1 : 0;
  },
};
