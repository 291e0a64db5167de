/**
 * PNG export: the diagram's SVG rasterised by resvg (a Rust SVG renderer shipped as prebuilt
 * Node binaries), with the system's fonts. Crisp at `scale` 2 for slides and papers. The native
 * module loads on the first PNG, not with the main process (which bundles everything else).
 */

export interface PngOptions {
  /** Pixels per SVG unit (default 2). */
  scale?: number;
  /** Extra font files, e.g. when the system has none (CI images). */
  fontFiles?: string[];
}

export interface Png {
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** Rasterises `svg` to PNG bytes. */
export async function svgToPng(svg: string, options: PngOptions = {}): Promise<Png> {
  const { Resvg } = await import('@resvg/resvg-js');
  const scale = options.scale ?? 2;
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', ...(options.fontFiles ? { fontFiles: options.fontFiles } : {}) },
    shapeRendering: 2,
    textRendering: 1,
  });
  const image = resvg.render();
  return { bytes: new Uint8Array(image.asPng()), width: image.width, height: image.height };
}
