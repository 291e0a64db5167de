/**
 * The confusion matrix of a run's final evaluation: rows are the true classes, columns the
 * predicted ones, each cell shaded by its share of the row (so every class reads on the same
 * scale whatever its size), with the per-class recall at the end of each row.
 */
import type { CSSProperties } from 'react';
import type { EvaluatedEvent } from '../../shared/train/events.ts';
import { percent } from './runState.ts';

const ON = { test: 'the test set', validation: 'the validation split', data: 'the training data' } as const;

export function ConfusionMatrix({ evaluated }: { evaluated: Omit<EvaluatedEvent, 'type' | 'runId'> }) {
  const { confusion, classes } = evaluated;
  if (confusion.length === 0) return null;
  const names = confusion.map((_, k) => classes[k] ?? String(k));
  return (
    <div className="nw-train-confusion" data-testid="confusion-matrix">
      <div className="nw-train-confusion-head">
        Confusion matrix on {ON[evaluated.on]} ({evaluated.samples.toLocaleString('en-US')} samples): accuracy <strong>{percent(evaluated.accuracy)}</strong>
      </div>
      <div className="nw-train-confusion-wrap">
        <table>
          <thead>
            <tr>
              <th className="corner" title="rows: true class; columns: predicted class">true ↓ pred →</th>
              {names.map((n, k) => (
                <th key={k} title={n}>
                  {n}
                </th>
              ))}
              <th title="correct / all of this class">recall</th>
            </tr>
          </thead>
          <tbody>
            {confusion.map((row, t) => {
              const total = row.reduce((s, v) => s + v, 0);
              return (
                <tr key={t}>
                  <th title={names[t]}>{names[t]}</th>
                  {row.map((v, p) => {
                    const share = total > 0 ? v / total : 0;
                    return (
                      <td
                        key={p}
                        className={`${t === p ? 'diag' : v > 0 ? 'off' : ''}${share > 0.55 ? ' strong' : ''}`}
                        style={{ '--share': share.toFixed(3) } as CSSProperties}
                        title={`true ${names[t]}, predicted ${names[p]}: ${v} (${percent(share)} of the row)`}
                      >
                        {v || ''}
                      </td>
                    );
                  })}
                  <td className="recall">{total > 0 ? percent(row[t]! / total, 0) : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
