/**
 * The template files themselves: every one reads through parseProject, carries its metadata,
 * holds no derived data, and expands with its defaults to a graph without a single diagnostic.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libraryTemplateSource, listTemplates, TEMPLATES_DIR } from '../../../electron/templates.ts';
import { parseProject, serializeProject } from '../../../shared/graph/load.ts';
import { expand, library } from './library.ts';

const NETWORKS = ['alexnet', 'googlenet', 'happy_model', 'lenet5', 'plain_deep', 'resnet50', 'resnet50_keras', 'residual_deep', 'vgg16', 'vgg19'];
const BLOCKS = ['bottleneck_1x1', 'inception_module', 'resnet_conv_block', 'resnet_identity_block', 'keras_res_conv_block', 'keras_res_id_block'];
const ALL = [...NETWORKS, ...BLOCKS];

/** Keys that would hold derived data (shapes, counts, layout); none belongs in a template file. */
const DERIVED = new Set(['outputShape', 'outputShapes', 'inputShape', 'inputShapes', 'shapes', 'count', 'counts', 'paramCount', 'params_count', 'totals', 'total', 'totalParams', 'trainableParams', 'nonTrainable', 'macs', 'flops', 'position', 'analysis', 'edgeShapes']);

/** Every derived-looking key in `value`, with its path. `shape` is allowed only as an Input's parameter. */
function derivedKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => derivedKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const obj = value as Record<string, unknown>;
  return Object.entries(obj).flatMap(([k, v]) => {
    const here = `${path}.${k}`;
    const bad = DERIVED.has(k) || (k === 'shape' && !/\.nodes\[\d+\]\.params$/.test(path));
    return [...(bad ? [here] : []), ...derivedKeys(v, here)];
  });
}

describe('template files', () => {
  it('are all read, with no errors', () => {
    expect(library.errors).toEqual([]);
    expect([...library.templates.keys()].sort()).toEqual([...ALL].sort());
  });

  it.each(ALL)('%s parses as a project file and holds no derived data', (id) => {
    const text = readFileSync(join(TEMPLATES_DIR, `${id}.json`), 'utf8');
    expect(parseProject(text).ok).toBe(true);
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(derivedKeys(json)).toEqual([]);
    const t = library.templates.get(id)!;
    // Descriptions say what the architecture is, not how big it comes out (that is derived).
    expect(t.meta.description).not.toMatch(/\d{1,3}(,\d{3})+|\bparameters?\b/i);
    expect(t.meta.description.length).toBeGreaterThan(80);
    expect(t.meta.source).toMatch(/(19|20)\d\d/);
    expect(t.meta.kind).toBe(NETWORKS.includes(id) ? 'network' : 'block');
    expect(Object.keys(t.meta.params)).toContain('input');
    if (t.meta.kind === 'network') expect(Object.keys(t.meta.params)).toContain('classes');
  });

  it.each(ALL)('%s expands with its defaults to a graph without diagnostics', (id) => {
    const { project, analysis } = expand(id);
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.ok).toBe(true);
    expect(analysis.inputs).toHaveLength(1);
    // Laid out top to bottom: every edge points down.
    const y = new Map(project.nodes.map((n) => [n.id, n.position.y]));
    for (const e of project.edges) expect(y.get(e.target)!, e.id).toBeGreaterThan(y.get(e.source)!);
    // Positions do not collide.
    const spots = new Set(project.nodes.map((n) => `${n.position.x},${n.position.y}`));
    expect(spots.size).toBe(project.nodes.length);
    // Template-only fields are gone.
    for (const n of project.nodes) {
      for (const f of ['nameTemplate', 'inputs', 'when', 'block', 'repeat']) expect(n, `${n.id}.${f}`).not.toHaveProperty(f);
      expect(n.kind).not.toBe('Block');
    }
    expect(project).not.toHaveProperty('template');
  });

  it('expand deterministically and survive save and load unchanged', () => {
    for (const id of ALL) {
      const a = expand(id).project;
      const b = expand(id).project;
      expect(b).toEqual(a);
      const reloaded = parseProject(serializeProject(a));
      expect(reloaded.ok && reloaded.project).toEqual(a);
    }
  });

  it('are listed with id, title, description, kind and parameter defaults', () => {
    const infos = listTemplates();
    expect(infos.map((t) => t.id)).toEqual([...NETWORKS.sort(), ...BLOCKS.sort()]);
    const resnet = infos.find((t) => t.id === 'resnet50')!;
    expect(resnet).toMatchObject({ name: 'ResNet-50', kind: 'network', params: { input: [64, 64, 3], classes: 6 } });
    expect(infos.find((t) => t.id === 'resnet_identity_block')).toMatchObject({ kind: 'block', params: { f: 3, filters: [64, 64, 256] } });
    for (const t of infos) expect(t.description.length, t.id).toBeGreaterThan(80);
  });
});

describe('the backend template source', () => {
  it('lists and loads through the same library, with parameters', async () => {
    const source = libraryTemplateSource();
    expect((await source.list()).map((t) => t.id)).toEqual(listTemplates().map((t) => t.id));
    const r = await source.load('resnet50', { classes: 3 });
    expect(r.ok && r.project.nodes.find((n) => n.id === 'fc')!.name).toBe('fc3');
    expect(await source.load('../secret', {})).toEqual({ ok: false, message: '"../secret" is not a template id (letters, digits, _ and -)' });
    const missing = await source.load('nope');
    expect(!missing.ok && missing.message).toMatch(/^no template "nope" in .*templates; the templates are alexnet, /);
  });
});
