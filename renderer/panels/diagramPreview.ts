/**
 * The Export diagram dialog's preview: the same layout code as the export (shared/diagram), with
 * ELK in a Web Worker (diagramElk.ts) so the UI stays live while ResNet-50 lays out. The shared
 * diagram modules and the worker are loaded on the first preview, not at app start.
 */
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { DiagramLayout, DiagramOptions } from '../../shared/diagram/layout.ts';
import type { Analysis } from '../../shared/graph/analyze.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { createWorkerElk } from './diagramElk.ts';

export { LayoutSuperseded } from './diagramElk.ts';

// elk-worker.min.js is a classic worker script: served as a file of its own (?url), not bundled.
const engine = createWorkerElk(() => new Worker(elkWorkerUrl, { name: 'ELK layout' }));

/**
 * Lays the diagram out with ELK off this thread. A newer call supersedes an older one still in
 * progress: the older rejects with LayoutSuperseded, as it does after `cancelPreviewLayout`.
 */
export async function layoutPreview(project: Project, analysis: Analysis, options: DiagramOptions): Promise<DiagramLayout> {
  const [{ layoutSelection }, { setElkEngine }] = await Promise.all([import('../../shared/diagram/selection.ts'), import('../../shared/diagram/elk.ts')]);
  setElkEngine(engine);
  return layoutSelection(project, analysis, options);
}

/** The preview's picture: the standalone SVG as an object URL (the caller revokes it). */
export async function previewUrl(layout: DiagramLayout, theme: 'light' | 'dark'): Promise<string> {
  const { renderSvg } = await import('../../shared/diagram/svg.ts');
  return URL.createObjectURL(new Blob([renderSvg(layout, { theme })], { type: 'image/svg+xml' }));
}

/** Stops the layout in progress (the dialog closed); an idle worker stays for the next preview. */
export function cancelPreviewLayout(): void {
  engine.cancel();
}
