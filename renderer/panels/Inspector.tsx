/**
 * The inspector: for one selected layer, its name, generated parameter form, output shape,
 * counts, the shape math with the person's own numbers, and its diagnostics with fix-it buttons;
 * for a group, its boundary and collapse/ungroup; for several, align and group; for none, the
 * model's name and graph-wide problems.
 */
import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../state/store.ts';
import type { GraphNode } from '../../shared/graph/schema.ts';
import { getLayer } from '../../shared/layers/index.ts';
import { formatShape } from '../../shared/shape.ts';
import { fixesFor } from '../../shared/edits/index.ts';
import { groupBoundary } from '../../shared/graph/groups.ts';
import type { Diagnostic } from '../../shared/diagnostics.ts';
import { alignSelection, applyFix, renameProject, setNodeName, setNodeTrainable } from '../state/actions.ts';
import { groupSelectedAsk, renameGroupTo, toggleGroup, ungroupSelected } from '../state/layoutActions.ts';
import { GROUP_PREFIX } from '../editor/flowModel.ts';
import { categoryClass, thousands } from '../editor/categories.ts';
import { ParamForm } from './ParamForm.tsx';
import { BottleneckFixIt } from './BottleneckFixIt.tsx';
import { ModelTemplateAbout, TemplateAbout } from './TemplateAbout.tsx';
import { TransferTools } from './TransferTools.tsx';

export function Inspector() {
  const selected = useEditor((s) => s.selectedNodes);
  const ids = [...selected];
  return (
    <aside className="nw-inspector" aria-label="Inspector" data-testid="inspector">
      {ids.length === 0 && <ModelOverview />}
      {ids.length === 1 && ids[0]!.startsWith(GROUP_PREFIX) && <GroupInspector groupId={ids[0]!.slice(GROUP_PREFIX.length)} />}
      {ids.length === 1 && !ids[0]!.startsWith(GROUP_PREFIX) && <LayerInspector id={ids[0]!} />}
      {ids.length > 1 && <MultiInspector count={ids.length} />}
    </aside>
  );
}

function DiagnosticList({ diagnostics }: { diagnostics: Diagnostic[] }) {
  // Fix-its depend on the structure only; read the project without subscribing to every drag.
  const analysis = useEditor((s) => s.analysis);
  if (diagnostics.length === 0) return null;
  const project = useEditor.getState().project;
  return (
    <div className="nw-diagnostics">
      {diagnostics.map((d, i) => (
        <div className="nw-diagnostic" key={i} data-code={d.code}>
          <div className="nw-diagnostic-head">
            <span className="nw-code">{d.code}</span>
          </div>
          <div className="nw-diagnostic-message">{d.message}</div>
          {fixesFor(project, analysis, d).map((fix, j) => (
            <button key={j} className="nw-fix primary" onClick={() => applyFix(fix)} title={fix.detail} data-fix={fix.label}>
              {fix.label}
              <span className="nw-fix-detail">{fix.detail}</span>
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}

/** The node without its position, so dragging it does not re-render the inspector. */
function useNodeContent(id: string): Pick<GraphNode, 'id' | 'kind' | 'params' | 'name' | 'trainable' | 'group'> | undefined {
  const [found, kind, params, name, trainable, group] = useEditor(
    useShallow((s) => {
      const n = s.project.nodes.find((x) => x.id === id);
      return [n !== undefined, n?.kind, n?.params, n?.name, n?.trainable, n?.group] as const;
    }),
  );
  return useMemo(
    () => (found ? { id, kind: kind!, params: params!, ...(name !== undefined ? { name } : {}), ...(trainable !== undefined ? { trainable } : {}), ...(group !== undefined ? { group } : {}) } : undefined),
    [found, id, kind, params, name, trainable, group],
  );
}

function LayerInspector({ id }: { id: string }) {
  const node = useNodeContent(id);
  const a = useEditor((s) => s.analysis.nodes.get(id));
  const diagnostics = useEditor((s) => s.analysis.diagnostics).filter((d) => d.nodeId === id);
  if (!node) return null;
  const def = getLayer(node.kind);
  const paramDiagnostics = diagnostics.filter((d) => d.param !== undefined);
  return (
    <div className="nw-inspector-body">
      <header className={`nw-inspector-head ${categoryClass(def?.category ?? 'unknown')}`}>
        <span className="swatch" />
        <div>
          <h2>{node.kind}</h2>
          <p className="nw-muted">{def?.description ?? 'Unknown layer kind: it is not in the catalog.'}</p>
        </div>
      </header>
      <div className="nw-field">
        <label>Keras name</label>
        <input
          type="text"
          value={node.name ?? ''}
          placeholder={a?.name ?? ''}
          spellCheck={false}
          onChange={(e) => setNodeName(id, e.target.value)}
          data-testid="layer-name"
        />
      </div>
      {def && <ParamForm nodeId={id} def={def} raw={node.params} diagnostics={paramDiagnostics} />}
      {def && def.kind !== 'Input' && ((a?.count.trainable ?? 0) + (a?.count.nonTrainable ?? 0) > 0 || node.trainable === false) && (
        <label className="nw-check">
          <input type="checkbox" checked={node.trainable !== false} onChange={(e) => setNodeTrainable(id, e.target.checked)} /> Trainable
        </label>
      )}
      <DiagnosticList diagnostics={diagnostics.filter((d) => d.code !== 'BAD_PARAM' || d.param === undefined)} />
      {node.kind === 'Conv2D' && <BottleneckFixIt key={id} id={id} />}
      {a && (
        <section className="nw-facts">
          <h3>Shape and size</h3>
          <dl>
            <dt>Input</dt>
            <dd>{a.inputShapes.length ? a.inputShapes.map(formatShape).join(', ') : '—'}</dd>
            <dt>Output</dt>
            <dd data-testid="output-shape">{a.shape ? formatShape(a.shape) : '—'}</dd>
            <dt>Parameters</dt>
            <dd>
              {thousands(a.count.trainable + a.count.nonTrainable)}
              {a.count.nonTrainable > 0 && <span className="nw-muted"> ({thousands(a.count.trainable)} trainable)</span>}
            </dd>
            <dt>MACs</dt>
            <dd>{thousands(a.macs)}</dd>
          </dl>
          {a.explain.length > 0 && (
            <>
              <h3>How it is computed</h3>
              <pre className="nw-explain" data-testid="explain">
                {a.explain.join('\n')}
              </pre>
            </>
          )}
        </section>
      )}
    </div>
  );
}

function GroupInspector({ groupId }: { groupId: string }) {
  const project = useEditor((s) => s.project);
  const analysis = useEditor((s) => s.analysis);
  const group = project.groups.find((g) => g.id === groupId);
  if (!group) return null;
  const b = groupBoundary(project, groupId, analysis);
  return (
    <div className="nw-inspector-body">
      <header className="nw-inspector-head">
        <div>
          <h2>{group.name}</h2>
          <p className="nw-muted">
            Group of {b.nodeIds.length} layers · {thousands(b.collapsed?.params.total ?? 0)} params
          </p>
        </div>
      </header>
      <GroupName groupId={groupId} name={group.name} />
      <section className="nw-facts">
        <h3>Inputs</h3>
        <ul>{b.inputs.map((p) => <li key={p.nodeId}>{p.name}: {p.shape ? formatShape(p.shape) : '?'}</li>)}</ul>
        <h3>Outputs</h3>
        <ul>{b.outputs.map((p) => <li key={p.nodeId}>{p.name}: {p.shape ? formatShape(p.shape) : '?'}</li>)}</ul>
      </section>
      <div className="nw-button-row">
        <button onClick={() => void toggleGroup(groupId, !group.collapsed)}>{group.collapsed ? 'Expand' : 'Collapse'}</button>
        <button onClick={() => ungroupSelected()}>Ungroup</button>
      </div>
      {group.block !== undefined && <TemplateAbout id={group.block} />}
    </div>
  );
}

/** The group's name, edited through a draft: an empty name is refused, but may be typed through. */
function GroupName({ groupId, name }: { groupId: string; name: string }) {
  const [draft, setDraft] = useState(name);
  useEffect(() => setDraft((d) => (d.trim() === name ? d : name)), [name]);
  return (
    <div className={`nw-field${draft.trim() ? '' : ' invalid'}`}>
      <label>Group name</label>
      <input
        type="text"
        value={draft}
        spellCheck={false}
        onChange={(e) => {
          setDraft(e.target.value);
          if (e.target.value.trim()) renameGroupTo(groupId, e.target.value);
        }}
      />
      {!draft.trim() && <div className="nw-field-error">a group needs a name</div>}
    </div>
  );
}

function MultiInspector({ count }: { count: number }) {
  return (
    <div className="nw-inspector-body">
      <header className="nw-inspector-head">
        <div>
          <h2>{count} selected</h2>
          <p className="nw-muted">Copy, duplicate, delete, align or group them.</p>
        </div>
      </header>
      <h3>Align</h3>
      <div className="nw-button-row">
        <button onClick={() => alignSelection('left')}>Left</button>
        <button onClick={() => alignSelection('center')}>Centre</button>
        <button onClick={() => alignSelection('top')}>Top</button>
        <button onClick={() => alignSelection('distribute-v')}>Stack</button>
        <button onClick={() => alignSelection('distribute-h')}>Row</button>
      </div>
      <h3>Group</h3>
      <div className="nw-button-row">
        <button onClick={() => void groupSelectedAsk()}>Group selection</button>
        <button onClick={() => ungroupSelected()}>Ungroup</button>
      </div>
    </div>
  );
}

function ModelOverview() {
  const name = useEditor((s) => s.project.name);
  const layers = useEditor((s) => s.project.nodes.length);
  const analysis = useEditor((s) => s.analysis);
  const graphWide = analysis.diagnostics.filter((d) => d.nodeId === undefined);
  const others = analysis.diagnostics.filter((d) => d.nodeId !== undefined);
  return (
    <div className="nw-inspector-body">
      <header className="nw-inspector-head">
        <div>
          <h2>Model</h2>
          <p className="nw-muted">Select a layer to edit it and see its shape math.</p>
        </div>
      </header>
      <div className="nw-field">
        <label>Name</label>
        <input type="text" value={name} onChange={(e) => renameProject(e.target.value)} spellCheck={false} data-testid="model-name" />
      </div>
      <dl className="nw-facts">
        <dt>Layers</dt>
        <dd>{layers}</dd>
        <dt>Parameters</dt>
        <dd>{thousands(analysis.totals.total)}</dd>
      </dl>
      <DiagnosticList diagnostics={graphWide} />
      <TransferTools />
      <ModelTemplateAbout />
      {others.length > 0 && (
        <p className="nw-muted">
          {others.length} problem{others.length === 1 ? '' : 's'} on layers (marked in red); select a layer to see its fix.
        </p>
      )}
    </div>
  );
}
