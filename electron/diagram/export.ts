/**
 * exportDiagram: the one call a backend handler (or the CLI) needs to save a diagram: analyse,
 * lay out (the whole graph, or a selection with its outside inputs as Input cards), render SVG,
 * rasterise to PNG when the file ends in .png (at a scale lowered for huge diagrams), write atomically.
 */
import { extname } from 'node:path';
import { bundledElk } from '../../shared/diagram/bundledElk.ts';
import { renderSvg, type DiagramOptions, type ThemeName } from '../../shared/diagram/index.ts';
import { PNG_DEFAULT_SCALE, pngScale } from '../../shared/diagram/raster.ts';
import { layoutSelection } from '../../shared/diagram/selection.ts';
import { analyzeGraph } from '../../shared/graph/analyze.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { writeFileAtomic } from '../backend/atomicWrite.ts';
import { svgToPng } from './png.ts';

export interface DiagramExportOptions extends DiagramOptions {
  theme?: ThemeName;
  /** PNG pixels per SVG unit (default 2; lowered so the image stays within PNG_MAX_PIXELS). */
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
  /** File size in bytes. */
  bytes: number;
  /** PNG: the scale used (below the one asked for when the diagram is very large). */
  scale?: number;
}

export interface RenderedDiagram {
  data: string | Uint8Array;
  width: number;
  height: number;
  boxes: number;
  frames: number;
  graphOk: boolean;
  scale?: number;
}

/** The SVG text, or PNG bytes, of a project's diagram. */
export async function renderDiagram(project: Project, format: 'svg' | 'png', options: DiagramExportOptions = {}): Promise<RenderedDiagram> {
  const analysis = analyzeGraph(project);
  // ELK in-process (the renderer's preview runs the same layout in its worker).
  const layout = await layoutSelection(project, analysis, { ...options, engine: bundledElk });
  const svg = renderSvg(layout, { theme: options.theme ?? 'light' });
  const common = { boxes: layout.boxes.length, frames: layout.frames.length, graphOk: analysis.ok };
  if (format === 'svg') return { data: svg, width: layout.width, height: layout.height, ...common };
  const scale = pngScale(layout.width, layout.height, options.scale ?? PNG_DEFAULT_SCALE);
  const png = await svgToPng(svg, { scale });
  return { data: png.bytes, width: png.width, height: png.height, scale, ...common };
}

/** The format a diagram file name asks for, or undefined when it ends in neither .svg nor .png. */
export function diagramFormat(path: string): 'svg' | 'png' | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.svg' ? 'svg' : ext === '.png' ? 'png' : undefined;
}

/** Writes the diagram of `project` to `path` (.svg or .png); throws an Error naming the path. */
export async function exportDiagram(project: Project, path: string, options: DiagramExportOptions = {}): Promise<DiagramExport> {
  const format = diagramFormat(path);
  if (!format) throw new Error(`${path}: a diagram is saved as .svg or .png`);
  const r = await renderDiagram(project, format, options);
  try {
    await writeFileAtomic(path, r.data);
  } catch (e) {
    throw new Error(`${path}: cannot write the diagram: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const bytes = typeof r.data === 'string' ? Buffer.byteLength(r.data) : r.data.byteLength;
  return { path, format, width: r.width, height: r.height, boxes: r.boxes, frames: r.frames, graphOk: r.graphOk, bytes, ...(r.scale !== undefined ? { scale: r.scale } : {}) };
}
