/**
 * `netwright import <model.keras|model.json|keras.json|model.h5> -o project.json`: a saved model
 * (Keras 3 .keras, Keras to_json, tfjs Layers model.json with its weights, Keras .h5) as a Netwright project file, laid
 * out by the importer (electron/import, shared/import). The file is written atomically and never
 * replaces an existing one without --force; a summary line on stderr, one JSON line on stdout.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import type { ImportFormat } from '../../../shared/import/index.ts';
import { saveProjectFile } from '../../backend/projectFiles.ts';
import { importModelFile } from '../../import/importModel.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../io.ts';

const HELP = `usage: netwright import <model.keras|model.json|keras.json|model.h5> -o <project.json> [--force]

Turns a saved model into a Netwright project file: a Keras 3 .keras file (model.save(
"model.keras"), with its weights), a Keras model.to_json() file (Keras 2 or 3), a tfjs Layers model.json (the weight shards it lists are read from its folder and matched to
its layers) or a Keras .h5 model (model.save("model.h5")). The graph is laid out top to bottom.
Lambda layers (Python code) and layer classes Netwright does not know are refused by name.
Prints a summary line on stderr and one JSON object on stdout: project, name, format, layers,
params, trainable, weights (the file carried weights) and ignored (settings not kept).
A project file holds no weights: use them with 'netwright export <project> --lang ts -o FILE
--weights <model file>' (or 'netwright train --weights <model.json>' for a tfjs model).
  -o, --output  the project file to write
  --force       replace the output file if it exists (the old version goes to .netwright-backups)
Exit codes: 0 imported; 1 the importer refused the model (the JSON names the file and the place
in it); 2 usage errors, a missing input, an existing output without --force, a failed write.`;

const FORMAT_NAMES: Record<ImportFormat, string> = { 'keras-json': 'Keras model.to_json()', 'tfjs-layers': 'tfjs Layers model.json', 'keras-h5': 'Keras .h5', 'keras-v3': 'Keras 3 .keras' };

export const importCommand: Command = {
  description: 'turn a Keras JSON, Keras 3 .keras, tfjs model.json or Keras .h5 model into a project file',
  async run(args, io) {
    const parsed = parseCommandArgs('import', args, { output: { type: 'string', short: 'o' }, force: { type: 'boolean' } }, HELP, io);
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const fail = (message: string) => (io.err(`netwright import: ${message}`), 2);
    const [model, ...extra] = parsed.positionals;
    if (!model || !v.output) return fail(`${!model ? 'name a model file (model.keras, model.json, a Keras JSON config or model.h5)' : '-o project.json is required'}\n\n${HELP}`);
    if (extra.length > 0) return fail(`one model file at a time; also received ${extra.map((e) => `"${e}"`).join(', ')}`);
    const source = resolve(model);
    const out = resolve(v.output);
    if (!existsSync(source)) return fail(`${source}: no such file`);
    if (!statSync(source).isFile()) return fail(`${source} is not a file; name the .keras, model.json or .h5 file itself`);
    if (out === source) return fail(`-o ${out} is the model file itself; write the project to another file`);
    if (existsSync(out) && !v.force) return fail(`${out} exists; pass --force to replace it (the old version is kept in .netwright-backups)`);

    const imported = await importModelFile(source);
    if (!imported.ok) {
      io.err(`netwright import: ${imported.error.path}: ${imported.error.message}`);
      io.out(JSON.stringify({ error: imported.error }));
      return 1;
    }
    const { project, format, weights, ignored } = imported.model;
    const analysis = analyzeGraph(project);
    try {
      mkdirSync(dirname(out), { recursive: true });
    } catch (e) {
      return fail(`cannot create the folder of ${out}: ${(e as Error).message}`);
    }
    const saved = await saveProjectFile(out, project);
    if (!saved.ok) return fail('message' in saved ? saved.message : `${out} was not written`);

    const total = analysis.totals.total;
    io.err(
      `imported ${project.name} from ${source} (${FORMAT_NAMES[format]}): ${project.nodes.length} layers, ${total.toLocaleString('en-US')} params` +
        `${weights ? `, weights read (kept in ${source}, not in the project)` : ', no weights'}${ignored.length > 0 ? `; not kept: ${ignored.join(', ')}` : ''}; wrote ${out}`,
    );
    io.out(JSON.stringify({ project: out, name: project.name, format, layers: project.nodes.length, params: total, trainable: analysis.totals.trainable, weights: weights !== undefined, ignored }));
    return 0;
  },
};
