// PNG export through resvg, and `netwright plot`: real PNG files (signature, IHDR size = SVG size
// x scale), text actually drawn (system fonts found), written to artifacts/diagrams/ to look at.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { svgToPng } from '../../../electron/diagram/png.ts';
import { exportDiagram } from '../../../electron/diagram/export.ts';
import { main } from '../../../electron/cli/main.ts';
import { memoryIO } from '../../../electron/cli/io.ts';
import { resolveProject } from '../../../electron/cli/resolveProject.ts';
import { bundledElk } from '../../../shared/diagram/bundledElk.ts';
import { layoutDiagram, renderSvg } from '../../../shared/diagram/index.ts';
import { analyzeGraph } from '../../../shared/graph/analyze.ts';

const ARTIFACTS = resolve(import.meta.dirname, '../../../artifacts/diagrams');
const tmp = mkdtempSync(join(tmpdir(), 'netwright-plot-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Pixels in a rectangle that differ clearly from the given background colour. */
function inkPixels(png: PNG, x0: number, y0: number, w: number, h: number, bg: [number, number, number]): number {
  let n = 0;
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      const i = (y * png.width + x) * 4;
      const d = Math.abs(png.data[i]! - bg[0]) + Math.abs(png.data[i + 1]! - bg[1]) + Math.abs(png.data[i + 2]! - bg[2]);
      if (d > 200) n++;
    }
  }
  return n;
}

describe('svgToPng', () => {
  it('renders HappyModel: PNG signature, size = SVG size x scale, the layer names drawn', async () => {
    const r = resolveProject('happy_model');
    if (!r.ok) throw new Error(r.message);
    const layout = await layoutDiagram(r.project, analyzeGraph(r.project), { engine: bundledElk });
    for (const theme of ['light', 'dark'] as const) {
      const png = await svgToPng(renderSvg(layout, { theme }), { scale: 2 });
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, `happy_model-${theme}.png`), png.bytes);
      expect([...png.bytes.subarray(0, 8)]).toEqual(SIGNATURE);
      const decoded = PNG.sync.read(Buffer.from(png.bytes));
      expect([decoded.width, decoded.height]).toEqual([layout.width * 2, layout.height * 2]);
      expect([png.width, png.height]).toEqual([decoded.width, decoded.height]);
      expect(decoded.width).toBeGreaterThan(300);
      expect(decoded.height).toBeGreaterThan(decoded.width); // a column of 8 layers
      const bg: [number, number, number] = theme === 'light' ? [255, 255, 255] : [0x0f, 0x14, 0x1b];
      // The page corner is background; the first card's name row has glyphs (fonts were found).
      expect(inkPixels(decoded, 0, 0, 10, 10, bg)).toBe(0);
      const first = layout.boxes.find((b) => b.id === 'input_1')!;
      const cardBg: [number, number, number] = theme === 'light' ? [255, 255, 255] : [0x1b, 0x22, 0x2c];
      const text = inkPixels(decoded, (first.x + 20) * 2, (first.y + 8) * 2, 60 * 2, 16 * 2, cardBg);
      expect(text, 'no text pixels: are system fonts installed (fonts-dejavu-core)?').toBeGreaterThan(40);
    }
  });
});

describe('netwright plot', () => {
  it('writes SVG and PNG for templates, collapsed and expanded', async () => {
    const io = memoryIO();
    const svgPath = join(tmp, 'resnet.svg');
    expect(await main(['plot', 'resnet50', '-o', svgPath, '--groups', 'collapsed', '--depth', '1'], io)).toBe(0);
    expect(io.stdout.join('\n')).toContain(svgPath);
    const svg = readFileSync(svgPath, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('res2a (conv block)');

    const pngPath = join(ARTIFACTS, 'resnet50-collapsed.png');
    expect(await main(['plot', 'resnet50', '-o', pngPath, '--groups', 'collapsed', '--scale', '1'], io)).toBe(0);
    const png = PNG.sync.read(readFileSync(pngPath));
    expect(png.width).toBeGreaterThan(200);
    expect(png.width).toBeLessThan(2000);
    expect(png.height).toBeGreaterThan(png.width);

    const lenet = join(ARTIFACTS, 'lenet5-input-dark.png');
    expect(await main(['plot', 'lenet5', '-o', lenet, '--theme', 'dark', '--input', '32x32x1', '--classes', '10'], io)).toBe(0);
    expect([...readFileSync(lenet).subarray(0, 8)]).toEqual(SIGNATURE);
  });

  it('--select draws chosen layers (by Keras name or group id) with their outside inputs', async () => {
    const io = memoryIO();
    const out = join(tmp, 'res3a.svg');
    expect(await main(['plot', 'resnet50', '-o', out, '--select', 'res3a_branch2a,bn3a_branch2a,res3a_branch1'], io)).toBe(0);
    expect(io.stdout.join('\n')).toContain('4 boxes');
    const svg = readFileSync(out, 'utf8');
    for (const name of ['res3a_branch2a', 'bn3a_branch2a', 'res3a_branch1', 'activation_9']) expect(svg).toContain(`>${name}<`);
    expect(svg).toContain('from Activation');
    expect(svg).not.toContain('>res3a_branch2b<');
    expect(svg).toContain('Selection: 3 layers');

    const block = join(tmp, 'res3a-block.svg');
    expect(await main(['plot', 'resnet50', '-o', block, '--select', 'res3a'], io)).toBe(0);
    expect(readFileSync(block, 'utf8')).toContain('>res3a_branch2c<');

    expect(await main(['plot', 'happy_model', '-o', join(tmp, 'y.svg'), '--select', 'conv0,nope'], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('--select: "nope" is not a layer or group of');
  });

  it('says what is wrong with its arguments', async () => {
    const io = memoryIO();
    expect(await main(['plot', 'happy_model', '-o', join(tmp, 'x.jpg')], io)).toBe(2);
    expect(await main(['plot', 'happy_model', '-o', join(tmp, 'x.svg'), '--groups', 'folded'], io)).toBe(2);
    expect(await main(['plot', 'happy_model'], io)).toBe(2);
    expect(await main(['plot', 'no_such_template', '-o', join(tmp, 'x.svg')], io)).toBe(2);
    const err = io.stderr.join('\n');
    expect(err).toContain('must end in .svg or .png');
    expect(err).toContain('--groups must be expanded, collapsed or project; received "folded"');
    expect(err).toContain('-o model.svg or -o model.png is required');
    expect(err).toContain('no_such_template: no such file');
  });
});

describe('exportDiagram', () => {
  it('writes a selection as SVG or PNG, and refuses other formats', async () => {
    const r = resolveProject('happy_model');
    if (!r.ok) throw new Error(r.message);
    const svg = await exportDiagram(r.project, join(tmp, 'sel.svg'), { selection: ['conv0', 'bn0', 'activation'], title: false });
    // The three layers, and the layer feeding them from outside as an Input card saying what it is.
    expect(svg).toMatchObject({ format: 'svg', boxes: 4, frames: 0, graphOk: true });
    const text = readFileSync(svg.path, 'utf8');
    expect(text).toContain('>conv0<');
    // Its card is an Input with the outside layer's name and shape ("from ZeroPadding2D" only where it fits).
    expect(text).toMatch(/>zero_padding2d<.*?>Input<.*?>70x70x3</s);
    expect(text).not.toContain('>fc<');
    expect(text).not.toContain('>max_pool0<');
    const png = await exportDiagram(r.project, join(tmp, 'all.png'), { scale: 1 });
    expect(PNG.sync.read(readFileSync(png.path)).width).toBe(png.width);
    await expect(exportDiagram(r.project, join(tmp, 'x.gif'))).rejects.toThrow(/saved as .svg or .png/);
  });
});
