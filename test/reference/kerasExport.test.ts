/**
 * The Keras export run by real Keras 3: every template (block helpers and --inline, plus two
 * with non-default flags), a small graph per layer kind and variant, and a few tricky topologies,
 * exported as `netwright export --lang keras` writes them, must import, build, list model.layers
 * exactly as our analysis does (names, classes, output shapes, counts, order), receive the
 * arguments our compiled tfjs model has, and take one fit step; and `netwright summary` must list
 * the rows Keras lists. One referee call serves every module (TensorFlow imports once).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileToTfjs } from '../../shared/compile/toTfjs.ts';
import { resolveTarget } from '../../electron/cli/args.ts';
import { main } from '../../electron/cli/main.ts';
import { memoryIO } from '../../electron/cli/io.ts';
import { emitKeras } from '../../shared/codegen/keras.ts';
import { pythonCustomClass } from '../../shared/codegen/customLayerSources.ts';
import { kerasClassName } from '../../shared/codegen/layerSpecs.ts';
import { planModel } from '../../shared/codegen/plan.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { LAYERS } from '../../shared/layers/index.ts';
import { formatSummary } from '../../shared/summary.ts';
import type { ProjectInput } from '../../shared/graph/schema.ts';
import { templateLibrary, templateProjects } from '../shared/codegen/templateProjects.ts';
import { hasReference, referee, referenceSkipReason } from './referee.ts';
import { kindGraphs } from './kindGraphs.ts';
import { TOPOLOGIES } from '../shared/graph/topologies.ts';

interface KerasLayer {
  name: string;
  className: string;
  shape: Array<number | null>;
  trainable: number;
  nonTrainable: number;
  config: Record<string, unknown>;
}
interface Checked {
  id: string;
  error?: string;
  name?: string;
  layers?: KerasLayer[];
  totals?: { total: number; trainable: number; nonTrainable: number };
  loss?: number | string;
  seconds?: number;
}

const library = templateLibrary();
const templates = templateProjects(library);
/** Templates with parameters away from their defaults, as flags of `netwright export`. */
const VARIANTS: Array<{ template: string; values: { input?: string; classes?: string; param?: string[] } }> = [
  // Two auxiliary softmax heads: a three-output model, with AveragePooling2D in each head.
  { template: 'googlenet', values: { param: ['aux=true', 'lrn=false'] } },
  { template: 'resnet50', values: { input: '96x96x1', classes: '4' } },
];
const flags = (v: (typeof VARIANTS)[number]['values']) => [
  ...(v.input ? ['--input', v.input] : []),
  ...(v.classes ? ['--classes', v.classes] : []),
  ...(v.param ?? []).flatMap((p) => ['--param', p]),
];
const variantId = (v: (typeof VARIANTS)[number]) => `${v.template} ${flags(v.values).join(' ')}`;

/** What `netwright export <args>` prints. */
async function exported(args: string[]): Promise<string> {
  const io = memoryIO();
  const code = await main(['export', ...args, '--lang', 'keras'], io);
  if (code !== 0) throw new Error(`netwright export ${args.join(' ')} exited ${code}: ${io.stderr.join('\n')}`);
  return `${io.stdout.join('\n')}\n`;
}

/** The rows of `netwright summary <template>`. */
async function summaryOf(template: string): Promise<string> {
  const io = memoryIO();
  expect(await main(['summary', template], io)).toBe(0);
  return io.stdout.join('\n');
}

/** The rows of a Keras-style summary text: each layer's name and class, top to bottom. */
function summaryRows(text: string): Array<{ name: string; className: string }> {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.startsWith('='));
  const last = lines.findIndex((l, i) => i > first && l.startsWith('='));
  // A row is its lines up to a blank one; its first column (32 characters) may wrap, and Keras
  // names hold no spaces, so the column's pieces joined without spaces read "name(Class)".
  const rows: string[][] = [[]];
  for (const line of lines.slice(first + 1, last)) {
    if (line.trim() === '') rows.push([]);
    else rows[rows.length - 1]!.push(line.slice(0, 32));
  }
  return rows
    .filter((r) => r.length > 0)
    .map((r) => {
      const m = /^(.+)\((\w+)\)$/.exec(r.join('').replace(/\s+/g, ''));
      if (!m) throw new Error(`summary row not understood: ${r.join(' / ')}`);
      return { name: m[1]!, className: m[2]! };
    });
}

/** Keras 3 renamed a few arguments tfjs (after Keras 2) serializes: tfjs name -> Keras 3 name, per class. */
const KERAS3_NAMES: Record<string, Record<string, string>> = {
  LeakyReLU: { alpha: 'negative_slope' },
  InputLayer: { batch_input_shape: 'batch_shape' },
};

/**
 * Every scalar or array argument tfjs' Keras serialization of the same model (model.toJSON)
 * gives a layer must be what Keras 3's get_config() says the layer got: the exported module
 * passed each argument, under a name Keras knows, with the value our compiled model uses.
 * Returns the differences, and the arguments Keras 3 has no name for.
 */
function configDifferences(project: ProjectInput, keras: KerasLayer[]): string[] {
  const model = compileToTfjs(tf, project);
  const json = model.toJSON(null, false) as { config: { layers: Array<{ class_name: string; name: string; config: Record<string, unknown> }> } };
  model.dispose();
  const byName = new Map(keras.map((l) => [l.name, l]));
  const out: string[] = [];
  for (const layer of json.config.layers) {
    const got = byName.get(layer.name);
    if (!got) {
      out.push(`${layer.name}: not in the Keras model`);
      continue;
    }
    for (const [key, value] of Object.entries(layer.config)) {
      if (key === 'name' || (value !== null && typeof value === 'object' && !Array.isArray(value))) continue;
      const kerasKey = KERAS3_NAMES[got.className]?.[key] ?? key;
      if (!Object.hasOwn(got.config, kerasKey)) {
        // tfjs writes unset optional arguments as null; Keras 3 leaves some of them out.
        if (value === null) continue;
        out.push(`${layer.name}.${key}: Keras 3 ${got.className} has no such argument`);
        continue;
      }
      // tfjs serializes Reshape's -1 as null (it rewrites the array); Keras keeps -1.
      const want = got.className === 'Reshape' && key === 'target_shape' ? (value as unknown[]).map((d) => d ?? -1) : value;
      const have = got.config[kerasKey];
      if (JSON.stringify(have) !== JSON.stringify(want)) out.push(`${layer.name}.${key}: Keras 3 has ${JSON.stringify(have)}, tfjs ${JSON.stringify(want)}`);
    }
  }
  return out;
}

/** The layers our analysis promises, in our order, as Keras names and classes them. */
function promised(project: ProjectInput) {
  const plan = planModel(project);
  return {
    name: plan.modelName,
    totals: { total: plan.analysis.totals.total, trainable: plan.analysis.totals.trainable, nonTrainable: plan.analysis.totals.nonTrainable },
    layers: plan.layers.map((l) => {
      const count = plan.analysis.nodes.get(l.id)!.count;
      return {
        name: l.name,
        className: l.kind === 'Input' ? 'InputLayer' : (pythonCustomClass(l.spec.factory) ?? kerasClassName(l.spec)),
        shape: [null, ...l.shape],
        trainable: count.trainable,
        nonTrainable: count.nonTrainable,
      };
    }),
  };
}

interface Case {
  id: string;
  project: ProjectInput;
  source: string;
}

const ready = hasReference('tensorflow', 'keras');
const cases: Case[] = [];
const answers = new Map<string, Checked>();
let seconds = 0;

beforeAll(async () => {
  if (!ready) return;
  for (const t of templates) {
    cases.push({ id: `${t.id} (block helpers)`, project: t.project, source: await exported([t.id]) });
    cases.push({ id: `${t.id} (--inline)`, project: t.project, source: await exported([t.id, '--inline']) });
  }
  for (const v of VARIANTS) {
    const resolved = resolveTarget(v.template, v.values);
    if (!resolved.ok) throw new Error(`${variantId(v)}: ${resolved.message}`);
    cases.push({ id: `${variantId(v)} (block helpers)`, project: resolved.project, source: await exported([v.template, ...flags(v.values)]) });
    cases.push({ id: `${variantId(v)} (--inline)`, project: resolved.project, source: await exported([v.template, ...flags(v.values), '--inline']) });
  }
  for (const [id, project] of kindGraphs()) cases.push({ id, project, source: emitKeras(project) });
  for (const [id, project] of Object.entries(TOPOLOGIES)) cases.push({ id: `topology ${id}`, project, source: emitKeras(project) });
  // A module written twice (a template without block instances) runs once.
  const bySource = new Map<string, string>();
  for (const c of cases) if (!bySource.has(c.source)) bySource.set(c.source, c.id);
  const started = Date.now();
  const answer = await referee<{ results: Checked[] }>('keras_check', { cases: [...bySource].map(([source, id]) => ({ id, source })) }, 900_000);
  seconds = (Date.now() - started) / 1000;
  const byId = new Map(answer.results.map((r) => [r.id, r]));
  for (const c of cases) answers.set(c.id, byId.get(bySource.get(c.source)!)!);
}, 900_000);

describe(`Keras export under real Keras ${referenceSkipReason('tensorflow', 'keras')}`, () => {
  const ids = [
    ...[...templates.map((t) => t.id), ...VARIANTS.map(variantId)].flatMap((t) => [`${t} (block helpers)`, `${t} (--inline)`]),
    ...kindGraphs().keys(),
    ...Object.keys(TOPOLOGIES).map((t) => `topology ${t}`),
  ];

  it.skipIf(!ready)('covers every template and every layer kind', () => {
    expect(cases.map((c) => c.id)).toEqual(ids);
    for (const kind of Object.keys(LAYERS)) expect(cases.some((c) => c.project.nodes.some((n) => n.kind === kind)), kind).toBe(true);
    const slowest = [...new Set(answers.values())].sort((a, b) => (b.seconds ?? 0) - (a.seconds ?? 0)).slice(0, 5);
    console.info(`keras_check: ${answers.size} cases, ${new Set(answers.values()).size} distinct modules, ${seconds.toFixed(1)} s in the referee (${[...new Set(answers.values())].reduce((t, a) => t + (a.seconds ?? 0), 0).toFixed(1)} s building and fitting); slowest: ${slowest.map((a) => `${a.id} ${a.seconds?.toFixed(1)} s`).join(', ')}`);
  });

  it.skipIf(!ready).each(ids)('%s: builds our layers in our order, with our counts, and fits one step', (id) => {
    const c = cases.find((x) => x.id === id)!;
    const got = answers.get(id)!;
    expect(got.error, `Keras said: ${got.error}`).toBeUndefined();
    const want = promised(c.project);
    expect(got.name).toBe(want.name);
    expect(got.layers!.map((l) => l.name)).toEqual(want.layers.map((l) => l.name));
    expect(got.layers!.map(({ config: _, ...l }) => l)).toEqual(want.layers);
    expect(configDifferences(c.project, got.layers!)).toEqual([]);
    expect(got.totals).toEqual(want.totals);
    expect(typeof got.loss, `loss ${got.loss}`).toBe('number');
    expect(Number.isFinite(got.loss)).toBe(true);
  });
});

describe(`netwright summary lists layers as Keras' model.summary() does ${referenceSkipReason('tensorflow', 'keras')}`, () => {
  it.skipIf(!ready).each(['googlenet', 'resnet50'])('%s: the same rows in the same order', async (template) => {
    const rows = summaryRows(await summaryOf(template));
    for (const variant of ['(block helpers)', '(--inline)']) {
      const keras = answers.get(`${template} ${variant}`)!;
      expect(keras.error).toBeUndefined();
      expect(rows).toEqual(keras.layers!.map((l) => ({ name: l.name, className: l.className })));
    }
  });

  const graphs = new Map([...kindGraphs(), ...Object.entries(TOPOLOGIES).map(([id, p]) => [`topology ${id}`, p] as const)]);
  it.skipIf(!ready).each([...graphs.keys()])('%s: the same rows in the same order', (id) => {
    const project = graphs.get(id)!;
    const rows = summaryRows(formatSummary(project.name ?? 'model', analyzeGraph(project)));
    expect(rows).toEqual(answers.get(id)!.layers!.map((l) => ({ name: l.name, className: l.className })));
  });
});
