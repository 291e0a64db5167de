/** `netwright summary <file|template>`: the Keras-style summary of a graph. */
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import { formatSummary } from '../../../shared/summary.ts';
import { parseCommandArgs, resolveTarget, TEMPLATE_OPTIONS } from '../args.ts';
import type { Command } from '../io.ts';

const HELP = `usage: netwright summary <project.json|template> [--input HxWxC] [--classes N]
                         [--param name=value ...] [--macs] [--json]

Prints the model as Keras' model.summary() does, ending with Total / Trainable /
Non-trainable params.
  --input    a template's input shape, e.g. 224x224x3
  --classes  a template's number of classes
  --param    any template parameter, e.g. --param aux=true (see 'netwright templates')
  --macs     also print the total multiply-accumulate operations per sample
  --json     print the analysis as JSON instead (layers, shapes, counts, diagnostics)`;

export const summaryCommand: Command = {
  description: 'print a Keras-style summary of a project or template',
  async run(args, io) {
    const parsed = parseCommandArgs('summary', args, { macs: { type: 'boolean' }, json: { type: 'boolean' }, ...TEMPLATE_OPTIONS }, HELP, io);
    if (typeof parsed === 'number') return parsed;
    const [file] = parsed.positionals;
    if (!file) {
      io.err(HELP);
      return 2;
    }
    const resolved = resolveTarget(file, parsed.values);
    if (!resolved.ok) {
      io.err(`netwright summary: ${resolved.message}`);
      return 2;
    }
    const analysis = analyzeGraph(resolved.project);
    if (parsed.values.json) {
      io.out(
        JSON.stringify(
          {
            name: resolved.project.name,
            layers: analysis.order.map((id) => {
              const a = analysis.nodes.get(id)!;
              return { id, name: a.name, kind: a.kind, shape: a.shape ?? null, trainable: a.count.trainable, nonTrainable: a.count.nonTrainable, macs: a.macs, inputs: a.inputIds };
            }),
            totals: analysis.totals,
            diagnostics: analysis.diagnostics,
          },
          null,
          2,
        ),
      );
      return analysis.ok ? 0 : 1;
    }
    for (const d of analysis.diagnostics) {
      io.err(`${resolved.path}: ${d.severity} ${d.code}${d.nodeId ? ` at node "${d.nodeId}"` : ''}: ${d.message}`);
    }
    io.out(formatSummary(resolved.project.name, analysis, { macs: parsed.values.macs }));
    return analysis.ok ? 0 : 1;
  },
};
