/**
 * The training settings form, generated from TrainSettingsSchema (settingsFields.ts): a select per
 * choice, a number box per number (range from the schema), a checkbox per switch, and a nested
 * block for early stopping. Validated as you type with the same schema the trainer uses; a field
 * that does not apply (momentum for Adam, the split when validating on the test set) is hidden.
 */
import { useEffect, useState } from 'react';
import { parseSettings } from './actions.ts';
import { optionLabel, settingFields, type SettingField } from './settingsFields.ts';
import { setSetting, useTraining } from './store.ts';

const FIELDS = settingFields();

interface Props {
  /** The loss 'auto' resolves to for the current graph, e.g. "categorical cross-entropy". */
  autoLoss?: string;
  /** A separate test set is chosen, so validating on it is possible. */
  hasTest: boolean;
}

export function SettingsForm({ autoLoss, hasTest }: Props) {
  const settings = useTraining((s) => s.settings);
  const { issues } = parseSettings(settings);
  const value = (f: SettingField) => (Object.hasOwn(settings, f.key) ? settings[f.key] : f.defaultValue);
  const optimizer = String(value(FIELDS.find((f) => f.key === 'optimizer')!));
  const validation = String(value(FIELDS.find((f) => f.key === 'validation')!));
  const hidden = (key: string) => (key === 'momentum' && optimizer !== 'momentum' && optimizer !== 'rmsprop') || (key === 'validationSplit' && validation === 'test');
  return (
    <div className="nw-train-settings" data-testid="train-settings">
      {FIELDS.filter((f) => !hidden(f.key)).map((f) => (
        <Field key={f.key} field={f} value={value(f)} error={issues[f.key]} issues={issues} onChange={(v) => setSetting(f.key, v)} autoLoss={autoLoss} hasTest={hasTest} />
      ))}
    </div>
  );
}

interface FieldProps {
  field: SettingField;
  value: unknown;
  error?: string;
  issues: Record<string, string>;
  onChange(value: unknown): void;
  autoLoss?: string;
  hasTest?: boolean;
  path?: string;
}

function Field({ field, value, error, issues, onChange, autoLoss, hasTest, path }: FieldProps) {
  const c = field.control;
  const id = `train-${path ? `${path}-` : ''}${field.key}`;
  if (c.type === 'object') {
    const on = value !== null && value !== undefined;
    const obj = (on ? value : {}) as Record<string, unknown>;
    return (
      <fieldset className={`nw-train-group${on ? ' on' : ''}`} data-setting={field.key}>
        <label className="nw-check">
          <input type="checkbox" checked={on} onChange={(e) => onChange(e.target.checked ? {} : field.nullable ? null : undefined)} data-testid={id} />
          {field.label}
        </label>
        {field.help && on && <div className="nw-train-help">{field.help}</div>}
        {on &&
          c.fields.map((sub) => {
            const subPath = `${field.key}.${sub.key}`;
            return (
              <Field
                key={sub.key}
                field={sub}
                path={field.key}
                value={Object.hasOwn(obj, sub.key) ? obj[sub.key] : sub.defaultValue}
                error={issues[subPath]}
                issues={issues}
                onChange={(v) => {
                  const next = { ...obj };
                  if (v === undefined) delete next[sub.key];
                  else next[sub.key] = v;
                  onChange(next);
                }}
              />
            );
          })}
      </fieldset>
    );
  }
  if (c.type === 'switch') {
    return (
      <div className="nw-field nw-train-switch" data-setting={field.key} title={field.help}>
        <label className="nw-check">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} data-testid={id} />
          {field.label}
        </label>
      </div>
    );
  }
  return (
    <div className={`nw-field${error ? ' invalid' : ''}`} data-setting={field.key}>
      <label htmlFor={id} title={field.help}>
        {field.label}
      </label>
      {c.type === 'choice' ? (
        <select id={id} value={String(value)} onChange={(e) => onChange(e.target.value)} data-testid={id}>
          {c.options.map((o) => (
            <option key={o} value={o} disabled={field.key === 'validation' && o === 'test' && !hasTest}>
              {field.key === 'loss' && o === 'auto' && autoLoss ? `Auto: ${autoLoss}` : optionLabel(field.key, o)}
            </option>
          ))}
        </select>
      ) : c.type === 'number' ? (
        <NumberBox id={id} value={value} optional={field.optional} integer={c.integer} min={c.min} max={c.max} onChange={onChange} />
      ) : (
        <span className="nw-muted">{JSON.stringify(value)}</span>
      )}
      {error && (
        <div className="nw-field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** A number box that keeps what is typed ("0.", "1e-") while writing every value that parses. */
function NumberBox({ id, value, optional, integer, min, max, onChange }: { id: string; value: unknown; optional: boolean; integer: boolean; min?: number; max?: number; onChange(v: unknown): void }) {
  const shown = typeof value === 'number' ? String(value) : '';
  const [text, setText] = useState(shown);
  useEffect(() => {
    if (Number(text) !== value && !(text === '' && value === undefined)) setText(shown);
    // Only outside changes (reset, stored form) replace the text, not the echo of typing.
  }, [shown]);
  return (
    <input
      id={id}
      type="text"
      inputMode={integer ? 'numeric' : 'decimal'}
      value={text}
      placeholder={optional ? 'all' : undefined}
      title={[min !== undefined ? `min ${min}` : '', max !== undefined ? `max ${max}` : ''].filter(Boolean).join(', ')}
      spellCheck={false}
      onChange={(e) => {
        const t = e.target.value;
        setText(t);
        if (t.trim() === '') onChange(undefined);
        else {
          const n = Number(t);
          // Not a number yet: keep the text and write it as is, so the schema reports it.
          onChange(Number.isNaN(n) ? t : n);
        }
      }}
      data-testid={id}
    />
  );
}
