/**
 * A group on the canvas: collapsed, one node with the block's name, layer count, output shape
 * and parameter total; expanded, a labelled frame behind its layers with a collapse toggle.
 */
import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { GroupNodeData } from './flowModel.ts';
import { thousands } from './categories.ts';
import { toggleGroup } from '../state/layoutActions.ts';
import { useEditor } from '../state/store.ts';
import { GROUP_PREFIX } from './flowModel.ts';

function GroupNodeView({ data, selected }: NodeProps<Node<GroupNodeData, 'block'>>) {
  const toggle = (
    <button
      className="nw-group-toggle nodrag"
      title={data.collapsed ? 'Expand the group in place' : 'Collapse the group into one node'}
      onClick={(e) => {
        e.stopPropagation();
        void toggleGroup(data.groupId, !data.collapsed);
      }}
    >
      {data.collapsed ? '▸' : '▾'}
    </button>
  );
  if (!data.collapsed) {
    return (
      <div className={`nw-group-frame${data.error ? ' has-error' : ''}`} style={{ width: data.width, height: data.height }}>
        <div
          className="nw-group-frame-head"
          title="Click to select the group"
          onClick={(e) => {
            e.stopPropagation();
            useEditor.getState().setSelection([GROUP_PREFIX + data.groupId]);
          }}
        >
          {toggle}
          <span className="nw-group-name">{data.name}</span>
          <span className="nw-group-meta">
            {data.layers} layers · {thousands(data.params)} params
          </span>
        </div>
      </div>
    );
  }
  return (
    <div className={`nw-node nw-group-node${data.error ? ' has-error' : ''}${selected ? ' is-selected' : ''}`} data-group={data.groupId} title={data.error ?? undefined}>
      <Handle type="target" position={Position.Top} className="nw-handle" isConnectable={false} />
      <div className="nw-node-head">
        {toggle}
        <span className="nw-node-kind">{data.name}</span>
      </div>
      <div className="nw-node-body">
        <span className="nw-node-summary">{data.layers} layers</span>
        <span className="nw-node-params">{thousands(data.params)} params</span>
      </div>
      <div className="nw-node-foot">
        {data.error ? <span className="nw-node-error">⚠ {data.error}</span> : <span className="nw-node-shape">{data.shape ? `→ ${data.shape}` : '—'}</span>}
      </div>
      <Handle type="source" position={Position.Bottom} className="nw-handle" isConnectable={false} />
    </div>
  );
}

export const GroupNode = memo(GroupNodeView);
