/**
 * Transfer learning from the editor: with nothing selected, the inspector says how much of the
 * model is frozen and offers "New head for N classes, freeze body" (the Train view's edit, one
 * undo step) and "Unfreeze all" (one undo step), so fine-tuning needs no trip to the Train view.
 */
import { useState } from 'react';
import { useEditor } from '../state/store.ts';
import type { Project } from '../../shared/graph/schema.ts';
import { newHeadFrozenBody, unfreezeAll } from '../training/transferActions.ts';
import { thousands } from '../editor/categories.ts';
import '../training/transfer.css';

/** Units of the final Dense layer (the one no edge leaves), the head size a user usually keeps. */
function headUnits(project: Project): number | undefined {
  const feeds = new Set(project.edges.map((e) => e.source));
  const head = project.nodes.find((n) => n.kind === 'Dense' && !feeds.has(n.id));
  const units = (head?.params as { units?: unknown } | undefined)?.units;
  return typeof units === 'number' ? units : undefined;
}

export function TransferTools() {
  const project = useEditor((s) => s.project);
  const totals = useEditor((s) => s.analysis.totals);
  const [typed, setTyped] = useState<string | null>(null);
  if (project.nodes.length === 0) return null;
  const frozen = project.nodes.filter((n) => n.trainable === false).length;
  const text = typed ?? String(headUnits(project) ?? 2);
  const classes = Number(text);
  const valid = Number.isInteger(classes) && classes >= 1 && classes <= 100_000;
  return (
    <section className="nw-facts nw-transfer-tools" data-testid="transfer-tools">
      <h3>Transfer learning</h3>
      <p className="nw-muted" data-testid="transfer-tools-status">
        {frozen === 0 ? 'Every layer trains.' : `${frozen} layer${frozen === 1 ? '' : 's'} frozen.`} {thousands(totals.trainable)} of {thousands(totals.total)} parameters train.
      </p>
      <div className="nw-transfer-tools-row">
        <label htmlFor="nw-head-classes">Classes</label>
        <input
          id="nw-head-classes"
          type="number"
          min={1}
          step={1}
          value={text}
          onChange={(e) => setTyped(e.target.value)}
          aria-invalid={!valid}
          data-testid="transfer-tools-classes"
        />
      </div>
      <div className="nw-transfer-tools-row">
        <button
          onClick={() => {
            newHeadFrozenBody(classes);
            setTyped(null);
          }}
          disabled={!valid}
          title={valid ? `Replace the final Dense layer by a new ${classes === 1 ? 'sigmoid unit' : `softmax over ${classes} classes`} and freeze every other layer` : 'Classes must be a whole number, 1 or more'}
          data-testid="transfer-tools-new-head"
        >
          New head for {valid ? classes : 'N'} classes, freeze body
        </button>
      </div>
      {!valid && <p className="nw-field-error">Classes must be a whole number, 1 or more.</p>}
      {frozen > 0 && (
        <button onClick={unfreezeAll} data-testid="transfer-tools-unfreeze" title="Make every layer trainable again (fine-tune the whole network)">
          {frozen === 1 ? 'Unfreeze the frozen layer' : `Unfreeze all ${frozen} frozen layers`}
        </button>
      )}
    </section>
  );
}
