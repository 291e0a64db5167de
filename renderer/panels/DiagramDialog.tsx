/**
 * "Export diagram…": the model, or the selected layers with their outside inputs, as an SVG or
 * PNG picture (groups as frames or as single cards, light or dark), previewed live from the same
 * layout and SVG the backend writes (ELK runs in a worker here: diagramPreview.ts). Electron asks
 * where with the native save dialog; browser mode with the in-app one. A toast says where the file
 * went and how big it is.
 */
import { useEffect, useMemo, useState } from 'react';
import { create } from 'zustand';
import { api } from '../api.ts';
import { PNG_DEFAULT_SCALE, pngScale, pngSize } from '../../shared/diagram/raster.ts';
import type { DiagramLayout } from '../../shared/diagram/layout.ts';
import { selectedLayerIds } from '../state/actions.ts';
import { chooseFile } from '../state/dialogs.ts';
import { useFiles } from '../state/files.ts';
import { useEditor } from '../state/store.ts';
import type { Analysis } from '../../shared/graph/analyze.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { cancelPreviewLayout, layoutPreview, LayoutSuperseded, previewUrl } from './diagramPreview.ts';
import { useModal } from './useModal.ts';
import '../styles/diagram.css';

type Format = 'svg' | 'png';
type Groups = 'collapsed' | 'expanded';
type Scope = 'all' | 'selection';

export const useDiagramDialog = create<{ open: boolean }>()(() => ({ open: false }));

/** Opens the dialog (toolbar button, File menu). */
export function openDiagramDialog(): void {
  useDiagramDialog.setState({ open: true });
}

const close = () => useDiagramDialog.setState({ open: false });

export function DiagramDialog() {
  const open = useDiagramDialog((s) => s.open);
  return open ? <DiagramDialogBody /> : null;
}

/** A layout and the options it was made for. */
interface Laid {
  layout: DiagramLayout;
  project: Project;
  analysis: Analysis;
  groups: Groups;
  scope: Scope;
}

interface Preview {
  url: string;
  width: number;
  height: number;
  boxes: number;
  /** What it was drawn from: it is current when both still match the dialog's. */
  layout: DiagramLayout;
  theme: 'light' | 'dark';
}

function DiagramDialogBody() {
  useModal(close);
  const project = useEditor((s) => s.project);
  const analysis = useEditor((s) => s.analysis);
  const editorTheme = useEditor((s) => s.theme);
  // The selection when the dialog opened (the canvas cannot change under a modal).
  const selection = useMemo(() => selectedLayerIds(), []);
  const [format, setFormat] = useState<Format>('png');
  const [groups, setGroups] = useState<Groups>(project.groups.length > 0 ? 'collapsed' : 'expanded');
  const [theme, setTheme] = useState<'light' | 'dark'>(editorTheme);
  const [scope, setScope] = useState<Scope>(selection.length > 1 ? 'selection' : 'all');
  const [laid, setLaid] = useState<Laid | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [laying, setLaying] = useState(true);
  const chosen = scope === 'selection' ? selection : [];

  // Layout, in a worker: this thread stays free. A newer request supersedes an older one, and
  // `live` keeps an older result that still arrives from replacing a newer one.
  useEffect(() => {
    let live = true;
    setLaying(true);
    layoutPreview(project, analysis, { groups, selection: chosen }).then(
      (layout) => {
        if (!live) return;
        setLaid({ layout, project, analysis, groups, scope });
        setError(null);
        setLaying(false);
      },
      (e: unknown) => {
        if (!live || e instanceof LayoutSuperseded) return;
        setLaid(null);
        setPreview(null);
        setError(`The diagram could not be laid out: ${e instanceof Error ? e.message : String(e)}`);
        setLaying(false);
      },
    );
    return () => {
      live = false;
    };
    // `chosen` follows from `scope` and the selection fixed when the dialog opened.
  }, [project, analysis, groups, scope]);

  // Closing the dialog stops a layout still in progress.
  useEffect(() => cancelPreviewLayout, []);

  // The picture, for a new layout or theme (a theme needs no new layout).
  const layout = laid?.layout;
  useEffect(() => {
    if (!layout) return;
    let live = true;
    let made: string | undefined;
    void previewUrl(layout, theme).then((url) => {
      made = url;
      if (live) setPreview({ url, width: layout.width, height: layout.height, boxes: layout.boxes.length, layout, theme });
      else URL.revokeObjectURL(url);
    });
    return () => {
      live = false;
      // The next picture replaces this one; free it once it is no longer shown.
      if (made) setTimeout(() => URL.revokeObjectURL(made!), 1000);
    };
  }, [layout, theme]);

  // The size line speaks for the current options only (from the click on, not from the next
  // layout); a picture made for older ones stays, dimmed.
  const fresh = laid !== null && laid.project === project && laid.analysis === analysis && laid.groups === groups && laid.scope === scope;
  const current = fresh && !laying && preview !== null && preview.layout === layout && preview.theme === theme;
  const scale = preview ? pngScale(preview.width, preview.height, PNG_DEFAULT_SCALE) : PNG_DEFAULT_SCALE;
  const px = preview && (format === 'png' ? pngSize(preview.width, preview.height, scale) : { width: preview.width, height: preview.height });

  async function exportNow() {
    const base = `${(project.name || 'model').replace(/[\\/:*?"<>|]/g, '_')}${scope === 'selection' ? '-selection' : ''}`;
    let path: string | undefined;
    if (useFiles.getState().info?.mode !== 'electron') {
      const other = format === 'svg' ? 'png' : 'svg';
      path = (await chooseFile('save', `${base}.${format}`, { extensions: [format, other], title: 'Export the diagram as' })) ?? undefined;
      if (path === undefined) return;
    }
    setBusy(true);
    try {
      const r = await api['diagram:export']({
        project: project as unknown as Record<string, unknown>,
        format,
        groups,
        theme,
        ...(path ? { path } : {}),
        ...(chosen.length > 0 ? { selection: chosen } : {}),
      });
      if (!r.ok) {
        if (!('cancelled' in r)) setError(r.message);
        return;
      }
      const unit = r.format === 'png' ? ' px' : '';
      useEditor.getState().toast(`Exported the diagram to ${r.path} (${r.format.toUpperCase()}, ${r.width.toLocaleString('en-US')} × ${r.height.toLocaleString('en-US')}${unit}, ${fileSize(r.bytes)})`);
      close();
    } catch (e) {
      setError(`Could not export the diagram: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  const empty = project.nodes.length === 0;
  return (
    <div className="nw-modal-backdrop">
      <div className="nw-modal nw-diagram-dialog" role="dialog" aria-label="Export diagram" data-testid="diagram-dialog">
        <h2>Export diagram</h2>
        <div className="nw-diagram-body">
          <div className="nw-diagram-options">
            <Choice<Format> label="Format" name="format" value={format} onChange={setFormat} options={[['png', 'PNG'], ['svg', 'SVG']]} />
            <Choice<Groups> label="Groups" name="groups" value={groups} onChange={setGroups} options={[['collapsed', 'Collapsed'], ['expanded', 'Expanded']]} />
            <Choice<'light' | 'dark'> label="Theme" name="theme" value={theme} onChange={setTheme} options={[['light', 'Light'], ['dark', 'Dark']]} />
            <Choice<Scope>
              label="Draw"
              name="scope"
              value={scope}
              onChange={setScope}
              options={[['all', 'Whole graph'], ['selection', selection.length > 0 ? `Selection (${selection.length} layer${selection.length === 1 ? '' : 's'})` : 'Selection']]}
              disabled={selection.length === 0 ? ['selection'] : []}
            />
            {selection.length === 0 && <p className="nw-muted nw-diagram-hint">Select layers on the canvas to export only them.</p>}
            {scope === 'selection' && <p className="nw-muted nw-diagram-hint">Layers feeding the selection from outside are drawn as its inputs.</p>}
            <p className="nw-diagram-size" data-testid="diagram-size">
              {px && current ? `${px.width.toLocaleString('en-US')} × ${px.height.toLocaleString('en-US')}${format === 'png' ? ' px' : ' units'} · ${preview!.boxes} cards` : laying ? 'Laying out…' : 'No preview'}
              {format === 'png' && preview && scale < PNG_DEFAULT_SCALE && <span className="nw-muted"> (scaled to {scale}× to stay under 40 megapixels)</span>}
            </p>
          </div>
          <div className={`nw-diagram-preview ${theme}${preview && fitsWhole(preview) ? ' whole' : ''}`} data-testid="diagram-preview" aria-busy={!current && !empty}>
            {empty ? <p className="nw-muted">The model is empty: add layers or a template first.</p> : preview ? <img src={preview.url} alt="Diagram preview" width={preview.width} style={current ? undefined : { opacity: 0.45 }} /> : null}
          </div>
        </div>
        {error && <div className="nw-field-error" role="alert">{error}</div>}
        <div className="nw-modal-actions">
          <button onClick={close}>Cancel</button>
          <button className="primary" onClick={() => void exportNow()} disabled={busy || empty || !preview} data-testid="diagram-export">
            {busy ? 'Exporting…' : `Export ${format.toUpperCase()}…`}
          </button>
        </div>
      </div>
    </div>
  );
}

function Choice<T extends string>(props: { label: string; name: string; value: T; onChange(v: T): void; options: [T, string][]; disabled?: T[] }) {
  return (
    <fieldset className="nw-diagram-choice">
      <legend>{props.label}</legend>
      {props.options.map(([v, text]) => (
        <label key={v} className={props.disabled?.includes(v) ? 'disabled' : ''}>
          <input
            type="radio"
            name={`diagram-${props.name}`}
            value={v}
            checked={props.value === v}
            disabled={props.disabled?.includes(v)}
            onChange={() => props.onChange(v)}
            data-testid={`diagram-${props.name}-${v}`}
          />
          {text}
        </label>
      ))}
    </fieldset>
  );
}

/** The preview area (CSS: .nw-diagram-preview), less its padding. */
const PREVIEW = { width: 620, height: 520 };

/**
 * True when the whole diagram fits the preview at half size or more; then it is shown whole.
 * Taller ones (ResNet-50 with every block open) fill the width and scroll.
 */
function fitsWhole(p: Preview): boolean {
  return Math.min(1, PREVIEW.width / p.width, PREVIEW.height / p.height) >= 0.5;
}

function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
