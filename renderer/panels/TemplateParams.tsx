/**
 * The parameters of a template (input shape, class count, filter counts...) edited before it is
 * inserted: sizes as 64x64x3, numbers, switches and labels, starting from the template's defaults.
 */
import { useState } from 'react';
import type { TemplateInfo } from '../../shared/ipc.ts';
import { parseList } from './paramFields.ts';

interface Props {
  info: TemplateInfo;
  onInsert(params: Record<string, unknown>): void;
  onCancel(): void;
}

function toText(v: unknown): string {
  return Array.isArray(v) ? v.join('x') : String(v ?? '');
}

export function TemplateParams({ info, onInsert, onCancel }: Props) {
  const entries = Object.entries(info.params);
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(entries.map(([k, v]) => [k, toText(v)])));
  const [flags, setFlags] = useState<Record<string, boolean>>(() => Object.fromEntries(entries.filter(([, v]) => typeof v === 'boolean').map(([k, v]) => [k, v as boolean])));
  const errors: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [key, def] of entries) {
    if (typeof def === 'boolean') values[key] = flags[key];
    else if (Array.isArray(def)) {
      const r = parseList(texts[key] ?? '');
      if (r.ok) values[key] = r.value;
      else errors[key] = r.message;
    } else if (typeof def === 'number') {
      const n = Number(texts[key]);
      if (texts[key]?.trim() && Number.isFinite(n)) values[key] = n;
      else errors[key] = `"${texts[key]}" is not a number`;
    } else values[key] = texts[key];
  }
  const ok = Object.keys(errors).length === 0;
  return (
    <form
      className="nw-template-params"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) onInsert(values);
      }}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      onDoubleClick={(e) => e.stopPropagation()}
      onDragStart={(e) => e.preventDefault()}
    >
      {entries.map(([key, def]) => (
        <label key={key} className={errors[key] ? 'invalid' : undefined}>
          <span>{key}</span>
          {typeof def === 'boolean' ? (
            <input type="checkbox" checked={flags[key] === true} onChange={(e) => setFlags({ ...flags, [key]: e.target.checked })} />
          ) : (
            <input type="text" value={texts[key]} onChange={(e) => setTexts({ ...texts, [key]: e.target.value })} spellCheck={false} data-template-param={key} />
          )}
          {errors[key] && <em>{errors[key]}</em>}
        </label>
      ))}
      <div className="nw-button-row">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="primary" disabled={!ok}>Insert</button>
      </div>
    </form>
  );
}
