/**
 * The code panel of the Design view: the graph's TypeScript (tfjs) and Keras (Python) modules,
 * exactly what `netwright export` writes, live as the graph changes. Docked beside or below the
 * canvas and resizable; options as controls; Copy, Save as… and export with trained weights;
 * selection followed both ways; the TypeScript checked against the app's tfjs typings; and an
 * edit mode whose Apply turns the code back into the graph.
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api.ts';
import type { CodeLang, CodeStatement, RunListEntry } from '../../shared/ipc.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { STRATEGIES, type Strategy } from '../../shared/codegen/keras.ts';
import { groupMembers } from '../../shared/graph/groups.ts';
import { canvasBridge } from '../state/actions.ts';
import { useEditor } from '../state/store.ts';
import { GROUP_PREFIX } from '../editor/flowModel.ts';
import { useTraining } from '../training/store.ts';
import { useCode, setCodeLayout, type Dock } from './codeStore.ts';
import { applyDraft, cancelEditing, copyCode, exportTrained, regenerate, saveCodeAs, startEditing } from './codeActions.ts';
import '../styles/code.css';

const CodeEditor = lazy(() => import('./CodeEditor.tsx'));

const STRATEGY_LABEL: Record<Strategy, string> = { default: 'One device', mirrored: 'Mirrored (all GPUs)', multiworker: 'Multi-worker (TF_CONFIG)' };

export function CodePanel() {
  const open = useCode((s) => s.open);
  const dock = useCode((s) => s.dock);
  // The canvas got narrower or wider: fit the graph to it again (not on start-up).
  const shown = useRef(false);
  useEffect(() => {
    if (!shown.current) {
      shown.current = true;
      return;
    }
    const frame = requestAnimationFrame(() => canvasBridge().fitView());
    return () => cancelAnimationFrame(frame);
  }, [open, dock]);
  return open ? <CodePanelBody /> : null;
}

function CodePanelBody() {
  const { dock, size, tab, inline, training, strategy, generated, draft, markers, applying, typeCheck, draftBase } = useCode();
  const project = useEditor((s) => s.project);
  const selectedNodes = useEditor((s) => s.selectedNodes);
  const theme = useEditor((s) => s.theme);
  const settings = useTraining((s) => s.settings);
  const first = useRef(true);

  // Regenerate: at once on opening and for a new tab or option, after a quiet moment while the graph changes.
  useEffect(() => {
    regenerate(first.current);
    first.current = false;
  }, [project]);
  useEffect(() => regenerate(true), [tab, inline, training, strategy, training ? settings : null]);

  // Selection as layer ids (a collapsed group stands for its members).
  const selected = useMemo(() => {
    const ids = new Set<string>();
    for (const id of selectedNodes) {
      if (id.startsWith(GROUP_PREFIX)) for (const m of groupMembers(project, id.slice(GROUP_PREFIX.length))) ids.add(m);
      else ids.add(id);
    }
    return ids;
  }, [selectedNodes, project]);

  const ready = generated.status === 'ready' && generated.lang === tab ? generated : null;
  const editing = draft !== null;
  const text = editing ? draft : (ready?.code ?? '');
  const lines = text ? text.split('\n').length : 0;

  function selectFromCode(statement: CodeStatement) {
    const s = useEditor.getState();
    s.setSelection(shownIds(s.project, statement.nodeIds));
    const node = s.project.nodes.find((n) => n.id === statement.nodeIds[0]);
    if (node) canvasBridge().reveal(node.position);
  }

  return (
    <section className={`nw-code-panel dock-${dock}`} data-testid="code-panel" style={dock === 'right' ? { width: size.right } : { height: size.bottom }} aria-label="Code">
      <Splitter dock={dock} />
      <div className="nw-code-bar">
        <div className="nw-code-tabs" role="tablist">
          <button role="tab" aria-selected={tab === 'ts'} className={tab === 'ts' ? 'active' : ''} data-testid="code-tab-ts" disabled={editing && tab !== 'ts'} onClick={() => setCodeLayout({ tab: 'ts' })}>TypeScript</button>
          <button role="tab" aria-selected={tab === 'keras'} className={tab === 'keras' ? 'active' : ''} data-testid="code-tab-keras" disabled={editing} onClick={() => setCodeLayout({ tab: 'keras' })}>Keras</button>
        </div>
        <label className="nw-code-option" title="Write each block instance as a call of a helper function (off: layer by layer)">
          <input type="checkbox" checked={!inline} disabled={editing} onChange={(e) => setCodeLayout({ inline: !e.target.checked })} data-testid="code-helpers" /> <span className="nw-long">Blocks as functions</span><span className="nw-short">Functions</span>
        </label>
        <label className="nw-code-option" title="Add the Train view's settings as a train() function">
          <input type="checkbox" checked={training} disabled={editing} onChange={(e) => setCodeLayout({ training: e.target.checked })} data-testid="code-training" /> Training<span className="nw-long"> set-up</span>
        </label>
        {tab === 'keras' && (
          <label className="nw-code-option" title="The tf.distribute strategy the Keras module trains with">
            Strategy{' '}
            <select value={strategy} onChange={(e) => setCodeLayout({ strategy: e.target.value as Strategy })} data-testid="code-strategy">
              {STRATEGIES.map((s) => <option key={s} value={s}>{STRATEGY_LABEL[s]}</option>)}
            </select>
          </label>
        )}
        <div className="nw-code-spacer" />
        <button onClick={() => setCodeLayout({ dock: dock === 'right' ? 'bottom' : 'right' })} title={dock === 'right' ? 'Dock below the canvas' : 'Dock beside the canvas'} aria-label={dock === 'right' ? 'Dock below' : 'Dock right'} data-testid="code-dock">{dock === 'right' ? '⬓' : '◨'}</button>
        <button onClick={() => setCodeLayout({ open: false })} title="Close the code panel (E)" aria-label="Close code panel" data-testid="code-close">×</button>
      </div>
      <div className="nw-code-actions">
        {tab === 'ts' && !editing && <button onClick={startEditing} disabled={!ready} title="Edit the TypeScript; Apply turns it back into the graph" data-testid="code-edit">Edit</button>}
        {editing && <button className="primary" onClick={() => void applyDraft()} disabled={applying} title="Update the graph from this code (one undo step)" data-testid="code-apply">{applying ? 'Applying…' : 'Apply'}</button>}
        {editing && <button onClick={cancelEditing} title="Drop the edits and show the generated code again" data-testid="code-cancel">Cancel</button>}
        <button onClick={() => void copyCode()} disabled={!ready} data-testid="code-copy">Copy</button>
        <button onClick={() => void saveCodeAs()} disabled={!ready} data-testid="code-save">Save as…</button>
        <TrainedExport lang={tab} />
        <div className="nw-code-spacer" />
        <CodeStatus lines={lines} />
      </div>
      {editing && draftBase !== project && <div className="nw-code-note" data-testid="code-stale">The graph changed after you began editing: Apply replaces the graph with this code.</div>}
      {editing && markers.length > 0 && <div className="nw-code-note error" data-testid="code-markers">{markers.length === 1 ? '1 place' : `${markers.length} places`} cannot be mapped to a graph (marked in the code); the graph is unchanged.</div>}
      <div className="nw-code-body">
        {generated.status === 'error' && generated.lang === tab && !editing ? (
          <div className="nw-code-error" data-testid="code-error">
            <strong>{generated.message}</strong>
            {generated.problems.length > 0 && <ul>{generated.problems.slice(0, 20).map((p, i) => <li key={i}>{p}</li>)}</ul>}
          </div>
        ) : ready || editing ? (
          <Suspense fallback={<div className="nw-code-loading">Loading the editor…</div>}>
            <CodeEditor
              lang={tab}
              text={text}
              readOnly={!editing}
              statements={editing ? [] : (ready?.statements ?? [])}
              selected={selected}
              markers={markers}
              theme={theme}
              onDraft={(value) => useCode.setState({ draft: value })}
              onCursorStatement={selectFromCode}
            />
          </Suspense>
        ) : (
          <div className="nw-code-loading">Generating…</div>
        )}
      </div>
      {typeCheck.status === 'done' && typeCheck.errors > 0 && tab === 'ts' && typeCheck.first && (
        <div className="nw-code-note error" data-testid="code-type-error">Line {typeCheck.first.line}: {typeCheck.first.message}</div>
      )}
    </section>
  );
}

/**
 * What the canvas shows for these layers: a layer inside a collapsed group is drawn as the group's
 * card (the outermost collapsed one), so that card is what gets selected.
 */
function shownIds(project: Project, ids: string[]): string[] {
  const groups = new Map(project.groups.map((g) => [g.id, g]));
  const byId = new Map(project.nodes.map((n) => [n.id, n]));
  const shown = new Set<string>();
  for (const id of ids) {
    let card: string | undefined;
    for (let g = groups.get(byId.get(id)?.group ?? ''); g; g = g.parent === undefined ? undefined : groups.get(g.parent)) {
      if (g.collapsed) card = `${GROUP_PREFIX}${g.id}`;
    }
    shown.add(card ?? id);
  }
  return [...shown];
}

/** The checker's verdict (TypeScript) and the size of the module. */
function CodeStatus({ lines }: { lines: number }) {
  const tab = useCode((s) => s.tab);
  const check = useCode((s) => s.typeCheck);
  const [version, setVersion] = useState<string | null>(null);
  useEffect(() => {
    void import('./monacoSetup.ts').then((m) => setVersion(m.TFJS_VERSION));
  }, []);
  let verdict = '';
  let cls = '';
  let short = '';
  if (tab === 'ts') {
    if (check.status === 'checking') verdict = 'Type-checking…';
    else if (check.status === 'done' && check.errors === 0) {
      verdict = `✓ Type-checks against @tensorflow/tfjs ${version ?? ''}`;
      short = `✓ Type-checks (tfjs ${version ?? ''})`;
      cls = 'ok';
    } else if (check.status === 'done') {
      verdict = `✗ ${check.errors} type error${check.errors === 1 ? '' : 's'}`;
      cls = 'bad';
    }
  }
  return (
    <span className="nw-code-status" data-testid="code-status">
      {verdict && <span className={`nw-code-verdict ${cls}`} data-testid="code-typecheck" title={verdict}><span className={short ? 'nw-long' : ''}>{verdict}</span>{short && <span className="nw-short">{short}</span>}</span>}
      {lines > 0 && <span className="nw-muted">{lines} lines</span>}
    </span>
  );
}

/**
 * "Trained weights ▾": the finished runs, any of which exports as this tab's code with its weights:
 * TypeScript + model.json + weights.bin, or Python + <module>.weights.h5.
 */
function TrainedExport({ lang }: { lang: CodeLang }) {
  const [open, setOpen] = useState(false);
  const [runs, setRuns] = useState<RunListEntry[] | null>(null);
  const livePhase = useTraining((s) => s.live?.phase);
  useEffect(() => {
    if (!open) return;
    void api['train:runs']({}).then((r) => setRuns(r.runs.filter((x) => x.status === 'done' || x.status === 'stopped')));
  }, [open, livePhase]);
  return (
    <div className="nw-dropdown">
      <button onClick={() => setOpen(!open)} aria-expanded={open} title={lang === 'ts' ? 'Export a finished run as this TypeScript module with its trained weights (tfjs model.json + weights.bin)' : 'Export a finished run as this Python module with its trained weights (<module>.weights.h5, loaded by load_trained_weights)'} data-testid="code-export-trained">
        <span className="nw-long">Export with t</span><span className="nw-short">T</span>rained weights ▾
      </button>
      {open && (
        <div className="nw-menu" onMouseLeave={() => setOpen(false)} data-testid="code-runs">
          {runs === null && <div className="nw-menu-empty">Loading runs…</div>}
          {runs?.length === 0 && <div className="nw-menu-empty">No finished run yet: train the model in the Train view first.</div>}
          {runs?.map((r) => (
            <button key={r.id} onClick={() => { setOpen(false); void exportTrained(r.id, r.name, lang); }} title={r.id} data-testid="code-run">
              {r.name} <span className="nw-muted">{new Date(r.createdAt).toLocaleString()} · {r.epochs} epochs{r.val_accuracy !== null ? ` · val acc ${(r.val_accuracy * 100).toFixed(1)}%` : ''}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** Drag to resize: the panel's width (docked right) or height (docked below). */
function Splitter({ dock }: { dock: Dock }) {
  function onPointerDown(e: React.PointerEvent) {
    e.preventDefault();
    const start = dock === 'right' ? e.clientX : e.clientY;
    const from = useCode.getState().size[dock];
    const move = (ev: PointerEvent) => {
      const delta = start - (dock === 'right' ? ev.clientX : ev.clientY);
      const limit = dock === 'right' ? window.innerWidth - 360 : window.innerHeight - 240;
      useCode.setState({ size: { ...useCode.getState().size, [dock]: Math.max(240, Math.min(limit, from + delta)) } });
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setCodeLayout({});
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }
  return <div className={`nw-code-splitter ${dock}`} onPointerDown={onPointerDown} role="separator" aria-orientation={dock === 'right' ? 'vertical' : 'horizontal'} title="Drag to resize" />;
}
