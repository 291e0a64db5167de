/**
 * While a wire is being dragged over a port, says at the cursor whether it will connect and,
 * if not, why (the analysis' message: the cycle, or the shape the layer cannot take).
 */
import { useEffect, useState } from 'react';
import { useConnection } from '@xyflow/react';
import { useEditor } from '../state/store.ts';
import { checkConnection } from './connection.ts';

export function ConnectionHint() {
  const connection = useConnection();
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);

  useEffect(() => {
    if (!connection.inProgress) return;
    const move = (e: PointerEvent | MouseEvent) => setPointer({ x: e.clientX, y: e.clientY });
    window.addEventListener('pointermove', move);
    window.addEventListener('mousemove', move);
    return () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('mousemove', move);
    };
  }, [connection.inProgress]);

  if (!connection.inProgress || !connection.toNode || !pointer) return null;
  const fromTarget = connection.fromHandle.type === 'target';
  const source = fromTarget ? connection.toNode.id : connection.fromNode.id;
  const target = fromTarget ? connection.fromNode.id : connection.toNode.id;
  // Read, not subscribe: the hint re-renders with the pointer anyway, and drags must stay cheap.
  const { project, analysis } = useEditor.getState();
  const result = checkConnection(project, analysis, source, target);
  return (
    <div className={`nw-connection-hint ${result.ok ? 'ok' : 'refused'}`} style={{ left: pointer.x + 16, top: pointer.y + 16 }} role="status">
      {result.ok ? `Connect${result.note ? ` (${result.note})` : ''}` : result.reason}
      {!result.ok && result.fix && <div className="nw-connection-hint-fix">Drop to choose: {result.fix.label}</div>}
    </div>
  );
}
