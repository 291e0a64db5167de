/**
 * `netwright plot <file|template> -o model.svg|model.png`: the model as a diagram (Keras'
 * plot_model, but laid out by ELK and drawn as cards), SVG or PNG by the output's extension.
 */
import { mkdirSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';
import { resolveSelection } from '../../../shared/diagram/selection.ts';
import { exportDiagram } from '../../diagram/export.ts';
import { parseCommandArgs, resolveTarget, TEMPLATE_OPTIONS } from '../args.ts';
import type { Command } from '../io.ts';

const HELP = `usage: netwright plot <project.json|template> -o <model.svg|model.png>
                      [--groups collapsed|expanded|project] [--depth N] [--theme light|dark]
                      [--scale N] [--no-title] [--select id,id,...]
                      [--input HxWxC] [--classes N] [--param name=value ...]

Draws the model: one card per layer with its Keras name, class, key parameters, output shape
and parameter count, coloured by category, with groups as labelled frames (expanded) or as one
card with their output shape and parameter total (collapsed).
  -o, --output  where to write; .svg or .png
  --groups      expanded (default), collapsed, or project (as each group is set in the file)
  --depth       with --groups collapsed: collapse groups at this nesting depth (0 = outermost)
  --theme       light (default) or dark
  --scale       PNG pixels per SVG unit (default 2)
  --no-title    leave out the model name and totals line
  --select      draw only these layers or groups (ids or Keras names, comma-separated); layers
                outside that feed them appear as Input cards saying where they come from`;

export const plotCommand: Command = {
  description: 'draw a project or template as an SVG or PNG diagram',
  async run(args, io) {
    const parsed = parseCommandArgs(
      'plot',
      args,
      { output: { type: 'string', short: 'o' }, groups: { type: 'string' }, depth: { type: 'string' }, theme: { type: 'string' }, scale: { type: 'string' }, 'no-title': { type: 'boolean' }, select: { type: 'string' }, ...TEMPLATE_OPTIONS },
      HELP,
      io,
    );
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const fail = (message: string) => (io.err(`netwright plot: ${message}`), 2);
    const [file] = parsed.positionals;
    if (!file || !v.output) return fail(`${!file ? 'name a project file or template' : '-o model.svg or -o model.png is required'}\n\n${HELP}`);
    const ext = extname(v.output).toLowerCase();
    if (ext !== '.svg' && ext !== '.png') return fail(`-o ${v.output}: the output must end in .svg or .png`);
    const groups = v.groups ?? 'expanded';
    if (groups !== 'expanded' && groups !== 'collapsed' && groups !== 'project') return fail(`--groups must be expanded, collapsed or project; received "${groups}"`);
    const theme = v.theme ?? 'light';
    if (theme !== 'light' && theme !== 'dark') return fail(`--theme must be light or dark; received "${theme}"`);
    const depth = v.depth === undefined ? 0 : Number(v.depth);
    if (!Number.isInteger(depth) || depth < 0) return fail(`--depth expects a whole number, 0 or more; received "${v.depth}"`);
    const scale = v.scale === undefined ? 2 : Number(v.scale);
    if (!Number.isFinite(scale) || scale <= 0 || scale > 8) return fail(`--scale expects a number above 0 and at most 8; received "${v.scale}"`);

    const resolved = resolveTarget(file, v);
    if (!resolved.ok) return fail(resolved.message);
    const analysis = analyzeGraph(resolved.project);
    let selection: string[] | undefined;
    if (v.select !== undefined) {
      // Keras names are what a person sees in the summary; ids are what the file holds. Either works.
      const byName = new Map([...analysis.nodes].map(([id, node]) => [node.name, id]));
      const wanted = v.select.split(',').map((s) => s.trim()).filter(Boolean).map((s) => byName.get(s) ?? s);
      const chosen = resolveSelection(resolved.project, wanted);
      if (chosen.unknown.length > 0) return fail(`--select: ${chosen.unknown.map((id) => `"${id}"`).join(', ')} ${chosen.unknown.length === 1 ? 'is' : 'are'} not a layer or group of ${resolved.path}`);
      if (chosen.nodeIds.length === 0) return fail('--select names no layers');
      selection = chosen.nodeIds;
    }
    for (const d of analysis.diagnostics) io.err(`${resolved.path}: ${d.severity} ${d.code}${d.nodeId ? ` at node "${d.nodeId}"` : ''}: ${d.message}`);

    const out = resolve(v.output);
    try {
      mkdirSync(dirname(out), { recursive: true });
      const r = await exportDiagram(resolved.project, out, { groups, collapseDepth: depth, title: !v['no-title'], theme, scale, ...(selection ? { selection } : {}) });
      io.out(`wrote ${out} (${r.width}x${r.height}${r.format === 'png' ? ' px' : ''}, ${r.boxes} boxes, ${r.frames} frames)`);
    } catch (e) {
      return fail((e as Error).message);
    }
    // A diagram of a graph with errors is still drawn (unknown shapes show as '?'), but says so.
    return analysis.ok ? 0 : 1;
  },
};
