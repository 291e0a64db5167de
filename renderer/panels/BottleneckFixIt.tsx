/**
 * The computational-cost fix-it in the inspector: on an expensive convolution (as
 * suggestBottlenecks finds them) the person picks a bottleneck width, sees the multiply-adds and
 * weights before and after, and inserts the 1x1 convolution as one undo step.
 */
import { useEffect, useMemo, useState } from 'react';
import { useEditor } from '../state/store.ts';
import { bottleneckSaving } from '../../shared/edits/bottleneck.ts';
import { insertBottleneckBefore } from '../state/actions.ts';
import { percentOf, signed, suggestionsByNode } from '../editor/costHints.ts';
import { thousands } from '../editor/categories.ts';
import '../styles/cost.css';

/** Widths a person may type: a whole number from 1 to 4096. */
function parseChannels(text: string): number | null {
  const n = Number(text);
  return /^\s*\d+\s*$/.test(text) && Number.isInteger(n) && n >= 1 && n <= 4096 ? n : null;
}

export function BottleneckFixIt({ id }: { id: string }) {
  const analysis = useEditor((s) => s.analysis);
  const suggestion = suggestionsByNode(analysis).get(id);
  const [text, setText] = useState(suggestion ? String(suggestion.channels) : '');
  // A different convolution (or a new suggested width) starts from its own suggestion.
  useEffect(() => setText(suggestion ? String(suggestion.channels) : ''), [id, suggestion?.channels]);
  const channels = parseChannels(text);
  // The saving depends on the structure only (the analysis changes with it), not on drags.
  const saving = useMemo(
    () => (suggestion && channels !== null ? bottleneckSaving(useEditor.getState().project, id, channels) : null),
    [analysis, suggestion, id, channels],
  );
  if (!suggestion) return null;
  const k = `${suggestion.kernel[0]}x${suggestion.kernel[1]}`;
  const result = saving && !('error' in saving) ? saving : null;
  return (
    <section className="nw-cost-fix" data-testid="bottleneck-fixit" aria-label="Computational cost">
      <h3>Computational cost</h3>
      <p className="nw-cost-lead">
        This {k} convolution reads all {suggestion.inputChannels} input channels at every position:{' '}
        <strong data-testid="macs-now">{thousands(suggestion.before)}</strong> multiply-adds per sample ({percentOf(suggestion.before, analysis.totals.macs)} of the
        model). A 1x1 convolution down to fewer channels first (Inception's bottleneck) does the same job for much less.
      </p>
      <div className={`nw-field nw-cost-channels${channels === null ? ' invalid' : ''}`}>
        <label htmlFor={`bottleneck-${id}`}>Bottleneck channels</label>
        <input
          id={`bottleneck-${id}`}
          type="number"
          min={1}
          max={4096}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="bottleneck-channels"
        />
        {channels === null && <div className="nw-field-error">a whole number of channels from 1 to 4096; {suggestion.channels} is suggested</div>}
      </div>
      {saving && 'error' in saving && <div className="nw-field-error">{saving.error}</div>}
      {result && channels !== null && (
        <>
          <table className="nw-cost-table">
            <thead>
              <tr>
                <th />
                <th className="num">MACs</th>
                <th className="num">Params</th>
              </tr>
            </thead>
            <tbody>
              <tr className="now">
                <td>Now: {k}, {suggestion.inputChannels}→{suggestion.filters}</td>
                <td className="num">{thousands(result.before)}</td>
                <td className="num">{thousands(result.paramsBefore)}</td>
              </tr>
              <tr>
                <td>1x1, {suggestion.inputChannels}→{channels}</td>
                <td className="num" data-testid="macs-bottleneck">{thousands(result.bottleneckMacs)}</td>
                <td className="num">{thousands(result.bottleneckParams)}</td>
              </tr>
              <tr>
                <td>
                  {k}, {channels}→{suggestion.filters}
                </td>
                <td className="num" data-testid="macs-conv">{thousands(result.convMacs)}</td>
                <td className="num">{thousands(result.convParams)}</td>
              </tr>
              <tr className="after">
                <td>After</td>
                <td className="num" data-testid="macs-after">{thousands(result.after)}</td>
                <td className="num">{thousands(result.paramsAfter)}</td>
              </tr>
            </tbody>
          </table>
          <p className={`nw-cost-saving${result.saving > 0 ? '' : ' worse'}`} data-testid="macs-saving">
            {result.saving > 0
              ? `Saves ${thousands(result.saving)} multiply-adds (${percentOf(result.saving, result.before)})`
              : `Costs ${thousands(-result.saving)} more multiply-adds (${percentOf(-result.saving, result.before)}): pick fewer channels`}
            ; parameters {signed(result.paramsAfter - result.paramsBefore)} (the 1x1 adds {thousands(result.bottleneckParams)}).
          </p>
        </>
      )}
      <button
        className="nw-fix primary"
        disabled={!result || channels === null}
        onClick={() => channels !== null && insertBottleneckBefore(id, channels)}
        data-testid="insert-bottleneck"
        title="Inserts a 1x1 Conv2D (ReLU) on this layer's input: one undo step"
      >
        Insert 1x1 bottleneck{channels !== null ? ` (${channels} channel${channels === 1 ? '' : 's'})` : ''}
      </button>
    </section>
  );
}
