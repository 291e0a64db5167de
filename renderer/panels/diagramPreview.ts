/**
 * The Export diagram dialog's preview: the same layout code as the export (shared/diagram), with
 * ELK in the app's layout worker (renderer/elk) so the UI stays live while ResNet-50 lays out. The
 * shared diagram modules are loaded, and the worker started, on the first preview if not before.
 */
import type { DiagramLayout, DiagramOptions } from '../../shared/diagram/layout.ts';
import type { Analysis } from '../../shared/graph/analyze.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { appElk } from '../elk/appElk.ts';

export { LayoutSuperseded } from '../elk/workerElk.ts';

// The preview's lane: its newest request wins; the editor's auto-layouts on the same worker go on.
const engine = appElk.lane();

/**
 * Lays the diagram out with ELK off this thread. A newer call supersedes an older one still in
 * progress: the older rejects with LayoutSuperseded, as it does after `cancelPreviewLayout`.
 */
export async function layoutPreview(project: Project, analysis: Analysis, options: DiagramOptions): Promise<DiagramLayout> {
  const { layoutSelection } = await import('../../shared/diagram/selection.ts');
  return layoutSelection(project, analysis, { ...options, engine });
}

/** The preview's picture: the standalone SVG as an object URL (the caller revokes it). */
export async function previewUrl(layout: DiagramLayout, theme: 'light' | 'dark'): Promise<string> {
  const { renderSvg } = await import('../../shared/diagram/svg.ts');
  return URL.createObjectURL(new Blob([renderSvg(layout, { theme })], { type: 'image/svg+xml' }));
}

/** Stops the preview's layout in progress (the dialog closed); an idle worker stays for the next layout. */
export function cancelPreviewLayout(): void {
  engine.cancel();
}
