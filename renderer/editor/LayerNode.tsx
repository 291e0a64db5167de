/**
 * The face of one layer on the canvas: kind (in its category colour) and parameter count, Keras
 * name, key parameters, output shape; a red outline and the message when it has a diagnostic, a
 * softer dashed look when it is only not connected yet; an amber MACs badge on a convolution
 * worth a 1x1 bottleneck (renderer/editor/costHints.ts). Memoised: React Flow hands it the same
 * data object until something it shows changes.
 */
import { memo } from 'react';
import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import type { LayerNodeData } from './flowModel.ts';
import { categoryClass, compactCount } from './categories.ts';
import '../styles/cost.css';
import '../styles/frozen.css';

function LayerNodeView({ data, selected }: NodeProps<Node<LayerNodeData, 'layer'>>) {
  // Expensive convolutions (shared/edits/bottleneck.ts) get a badge; frozen layers (trainable:
  // false, e.g. the body under a new head) a snowflake and a muted face. Both come in `data`
  // (flowModel.ts): a store selector per node would run 1,000 times on every drag frame.
  const { cost, frozen } = data;
  const unconnected = data.errorCode === 'MISSING_INPUT';
  const state = data.error ? (unconnected ? ' is-unconnected' : ' has-error') : '';
  return (
    <div
      className={`nw-node ${categoryClass(data.category)}${state}${selected ? ' is-selected' : ''}${frozen ? ' is-frozen' : ''}`}
      data-kind={data.kind}
      data-name={data.name}
      title={data.error ?? undefined}
    >
      {data.takesInput && <Handle type="target" position={Position.Top} className="nw-handle" />}
      {/* The face: zoomed far out its contents are skipped (nodes.css), keeping its size. */}
      <div className="nw-node-face">
        <div className="nw-node-head">
          <span className="nw-node-kind">{data.kind}</span>
          {frozen && (
            <span className="nw-node-frozen" title="Frozen: trainable is off, its weights do not change in training" data-testid="frozen-badge">
              ❄ frozen
            </span>
          )}
          {data.params > 0 && <span className="nw-node-params" title={`${data.params.toLocaleString('en-US')} parameters`}>{compactCount(data.params)} p</span>}
        </div>
        <div className="nw-node-name">{data.name}</div>
        {data.summary && <div className="nw-node-summary">{data.summary}</div>}
        <div className="nw-node-foot">
          {data.error ? (
            <span className="nw-node-error">{unconnected ? '○ not connected: wire an input' : `⚠ ${data.error}`}</span>
          ) : (
            <>
              <span className="nw-node-shape">{data.shape ? `→ ${data.shape}` : '—'}</span>
              {cost && <span className="nw-node-cost" title={cost.title} data-testid="cost-badge">{cost.text}</span>}
            </>
          )}
        </div>
      </div>
      <Handle type="source" position={Position.Bottom} className="nw-handle" />
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
