/**
 * exportDiagram: the one call a backend handler (or the CLI) needs to save a diagram: analyse,
 * lay out, render SVG, rasterise to PNG when the file ends in .png, write atomically.
 */
import { extname } from 'node:path';
import { layoutDiagram, renderSvg, type DiagramOptions, type ThemeName } from '../../shared/diagram/index.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { writeFileAtomic } from '../trainer/checkpoint.ts';
import { svgToPng } from './png.ts';

export interface DiagramExportOptions extends DiagramOptions {
  theme?: ThemeName;
  /** PNG pixels per SVG unit (default 2). */
  scale?: number;
}

export interface DiagramExport {
  path: string;
  format: 'svg' | 'png';
  /** Pixel size of the written image (SVG: its user units). */
  width: number;
  height: number;
  boxes: number;
  frames: number;
  /** False when the graph has errors (the diagram is still drawn, unknown shapes as '?'). */
  graphOk: boolean;
}

/** The SVG text, or PNG bytes, of a project's diagram. */
export async function renderDiagram(project: Project, format: 'svg' | 'png', options: DiagramExportOptions = {}): Promise<{ data: string | Uint8Array; width: number; height: number; boxes: number; frames: number; graphOk: boolean }> {
  const analysis = analyzeGraph(project);
  const layout = await layoutDiagram(project, analysis, options);
  const svg = renderSvg(layout, { theme: options.theme ?? 'light' });
  const common = { boxes: layout.boxes.length, frames: layout.frames.length, graphOk: analysis.ok };
  if (format === 'svg') return { data: svg, width: layout.width, height: layout.height, ...common };
  const png = await svgToPng(svg, { scale: options.scale ?? 2 });
  return { data: png.bytes, width: png.width, height: png.height, ...common };
}

/** Writes the diagram of `project` to `path` (.svg or .png); throws an Error naming the path. */
export async function exportDiagram(project: Project, path: string, options: DiagramExportOptions = {}): Promise<DiagramExport> {
  const ext = extname(path).toLowerCase();
  if (ext !== '.svg' && ext !== '.png') throw new Error(`${path}: a diagram is saved as .svg or .png`);
  const format = ext === '.svg' ? 'svg' : 'png';
  const r = await renderDiagram(project, format, options);
  try {
    await writeFileAtomic(path, r.data);
  } catch (e) {
    throw new Error(`${path}: cannot write the diagram: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { path, format, width: r.width, height: r.height, boxes: r.boxes, frames: r.frames, graphOk: r.graphOk };
}

