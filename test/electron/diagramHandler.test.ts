// diagram:export through dispatch, as both transports call it: real files on disk, SVG parsed as
// strict XML, PNG checked by signature and decoded size; selections with their outside inputs;
// the native save dialog (suggestion, file types, cancel); and every refusal saying what to do.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createHandlers, type Dialogs, type SaveDialogOptions } from '../../electron/backend/handlers.ts';
import { dispatch, type Reply } from '../../electron/backend/dispatch.ts';
import { electronDialogs } from '../../electron/dialogs.ts';
import { PNG_MAX_PIXELS, PNG_MAX_SIDE, pngScale, pngSize } from '../../shared/diagram/raster.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import { groupMembers } from '../../shared/graph/groups.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { formatShape } from '../../shared/shape.ts';

const TEMPLATES = resolve(import.meta.dirname, '../../templates');
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function setup(dialogs?: Dialogs) {
  const root = mkdtempSync(join(tmpdir(), 'nw-diagram-'));
  const work = join(root, 'work');
  mkdirSync(work);
  const handlers = createHandlers({ mode: 'browser', version: 't', userDataDir: join(root, 'user'), templatesDir: TEMPLATES, home: work, ...(dialogs ? { dialogs } : {}) });
  const call = async (channel: string, payload: unknown): Promise<any> => {
    const reply: Reply = await dispatch(handlers, channel, payload);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  const template = async (id: string): Promise<Project> => {
    const r = await call('templates:load', { id });
    if (!r.ok) throw new Error(r.message);
    return r.project as Project;
  };
  return { work, call, template };
}

/** The root element and every <text> of an SVG file; any XML error or warning throws. */
function readSvg(path: string): { width: number; height: number; texts: string[] } {
  const fail = (m: string) => {
    throw new Error(`${path}: XML: ${m}`);
  };
  const doc = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(readFileSync(path, 'utf8'), 'image/svg+xml');
  const root = doc.documentElement!;
  expect(root.nodeName).toBe('svg');
  const texts = Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent ?? '');
  return { width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')), texts };
}

function readPng(path: string): PNG {
  const bytes = readFileSync(path);
  expect([...bytes.subarray(0, 8)]).toEqual(SIGNATURE);
  return PNG.sync.read(bytes);
}

describe('diagram:export', () => {
  it('HappyModel as SVG: every layer with its Keras name and shape, the size the file says', async () => {
    const { work, call, template } = setup();
    const project = await template('happy_model');
    const path = join(work, 'happy.svg');
    const r = await call('diagram:export', { project, path });
    expect(r).toMatchObject({ ok: true, path, format: 'svg', boxes: project.nodes.length, bytes: statSync(path).size });
    const svg = readSvg(path);
    expect([svg.width, svg.height]).toEqual([r.width, r.height]);
    const analysis = analyzeGraph(project);
    for (const id of analysis.order) {
      expect(svg.texts).toContain(analysis.nodes.get(id)!.name);
      expect(svg.texts).toContain(formatShape(analysis.nodes.get(id)!.shape!));
    }
    expect(svg.texts.join('\n')).toContain('Total params: 37,633');
  });

  it('ResNet-50 collapsed as dark PNG: signature, decoded size = the answer, dark page', async () => {
    const { work, call, template } = setup();
    const project = await template('resnet50');
    const path = join(work, 'resnet.png');
    const r = await call('diagram:export', { project, path, groups: 'collapsed', theme: 'dark', scale: 1.5 });
    expect(r).toMatchObject({ ok: true, path, format: 'png', boxes: 7, scale: 1.5, bytes: statSync(path).size });
    const png = readPng(path);
    expect([png.width, png.height]).toEqual([r.width, r.height]);
    // The same diagram as SVG is the PNG's size divided by the scale.
    const s = await call('diagram:export', { project, path: join(work, 'resnet.svg'), groups: 'collapsed', theme: 'dark' });
    expect(pngSize(s.width, s.height, 1.5)).toEqual({ width: png.width, height: png.height });
    expect([...png.data.subarray(0, 3)]).toEqual([0x0f, 0x14, 0x1b]); // the dark theme's background
  });

  it('a selected block: its layers and one outside input card, nothing else of the model', async () => {
    const { work, call, template } = setup();
    const project = await template('resnet50');
    const block = project.groups.find((g) => g.name.startsWith('res3a'))!;
    const members = groupMembers(project, block.id);
    const analysis = analyzeGraph(project);
    const svgPath = join(work, 'res3a.svg');
    const r = await call('diagram:export', { project, path: svgPath, selection: [`group:${block.id}`] });
    expect(r).toMatchObject({ ok: true, boxes: members.length + 1 });
    const { texts } = readSvg(svgPath);
    for (const id of members) expect(texts).toContain(analysis.nodes.get(id)!.name);
    expect(texts).toContain('activation_9'); // the previous block's output, from outside
    expect(texts.some((t) => t.includes('from Activation'))).toBe(true);
    expect(texts).not.toContain('res4a_branch2a');
    expect(texts).not.toContain('input_1');
    expect(texts.join('\n')).toContain(`Selection: ${members.length} layers`);
    // The same selection as layer ids, as PNG.
    const p = await call('diagram:export', { project, path: join(work, 'res3a.png'), selection: members, scale: 1 });
    const png = readPng(p.path);
    expect([png.width, png.height]).toEqual([r.width, r.height]);
  });

  it('asks with the save dialog: PNG first, named after the model, extension added when left out', async () => {
    const asked: Array<[string, SaveDialogOptions | undefined]> = [];
    const answers: Array<string | null> = [];
    const dialogs: Dialogs = { showOpen: async () => null, showSave: async (p, o) => (asked.push([p, o]), answers.shift() ?? null) };
    const { work, call, template } = setup(dialogs);
    const project = await template('happy_model');
    answers.push(join(work, 'picked'));
    const r = await call('diagram:export', { project, format: 'png', scale: 1 });
    expect(r).toMatchObject({ ok: true, path: join(work, 'picked.png'), format: 'png' });
    expect(existsSync(join(work, 'picked.png'))).toBe(true);
    expect(asked[0]![0]).toBe(join(work, 'HappyModel.png'));
    expect(asked[0]![1]!.filters!.map((f) => f.extensions[0])).toEqual(['png', 'svg']);
    expect(await call('diagram:export', { project })).toEqual({ ok: false, cancelled: true });
    expect(asked[1]![0]).toBe(join(work, 'HappyModel.svg'));
  });

  it('refuses with a reason: no path without dialogs, other formats, unknown selection, missing folder, invalid model', async () => {
    const { work, call, template } = setup();
    const project = await template('happy_model');
    expect((await call('diagram:export', { project })).message).toMatch(/no native file dialog/);
    expect((await call('diagram:export', { project, path: join(work, 'm.jpg') })).message).toMatch(/m\.jpg: a diagram is saved as \.svg or \.png/);
    expect((await call('diagram:export', { project, path: 'm.svg' })).message).toMatch(/m\.svg: give the diagram's full path/);
    expect((await call('diagram:export', { project, path: join(work, 'm.svg'), selection: ['conv0', 'ghost'] })).message).toMatch(/"ghost", which is not a layer or group/);
    expect((await call('diagram:export', { project, path: join(work, 'nope', 'm.svg') })).message).toMatch(/nope.m\.svg: its folder does not exist/);
    const bad = { ...project, nodes: [{ id: 'a', kind: 'Input', position: { x: 'left', y: 0 } }] };
    expect((await call('diagram:export', { project: bad, path: join(work, 'b.svg') })).message).toMatch(/invalid at nodes\[0\]\.position\.x/);
    await expect(call('diagram:export', { project, path: join(work, 'x.svg'), groups: 'folded' })).rejects.toThrow(/diagram:export: groups/);
    expect(existsSync(join(work, 'b.svg')) || existsSync(join(work, 'm.jpg'))).toBe(false);
  });
});

describe('electronDialogs', () => {
  it('shows the diagram file types and title when asked, the project ones otherwise', async () => {
    const calls: unknown[][] = [];
    const dialog = {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async (...args: unknown[]) => (calls.push(args), { canceled: false, filePath: '/x/m.png' }),
    } as unknown as Parameters<typeof electronDialogs>[0];
    const dialogs = electronDialogs(dialog, () => null);
    const filters = [{ name: 'PNG image', extensions: ['png'] }];
    expect(await dialogs.showSave('/x/m.png', { title: 'Export diagram', filters })).toBe('/x/m.png');
    expect(calls[0]![0]).toMatchObject({ title: 'Export diagram', defaultPath: '/x/m.png', filters });
    await dialogs.showSave('/x/m.json');
    expect(calls[1]![0]).toMatchObject({ title: 'Save project', filters: [{ name: 'Netwright project', extensions: ['json'] }, { name: 'All files', extensions: ['*'] }] });
  });
});

describe('pngScale', () => {
  it('keeps the requested scale for ordinary diagrams and lowers it within the pixel limits', () => {
    expect(pngScale(500, 700, 2)).toBe(2);
    // ResNet-50 with every block open is about 800 x 14,000 units.
    const s = pngScale(794, 13_911, 2);
    expect(s).toBeLessThan(2);
    expect(794 * 13_911 * s * s).toBeLessThanOrEqual(PNG_MAX_PIXELS);
    expect(794 * 13_911 * (s + 0.02) ** 2).toBeGreaterThan(PNG_MAX_PIXELS);
    expect(pngScale(100, 40_000, 2) * 40_000).toBeLessThanOrEqual(PNG_MAX_SIDE);
  });
});
