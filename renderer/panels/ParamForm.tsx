/**
 * The parameter form of one layer, generated from its schema (paramFields.ts). Every keystroke
 * that parses is written to the project at once (one undo step per field burst), so the shapes,
 * counts and diagnostics update as you type; the schema's complaint (BAD_PARAM) or the layer's
 * own (a kernel too large...) is shown under the field it concerns.
 */
import { useEffect, useState } from 'react';
import type { Diagnostic } from '../../shared/diagnostics.ts';
import type { LayerDef } from '../../shared/layers/types.ts';
import { setNodeParam } from '../state/actions.ts';
import { paramFields, parseList, parseNumber, type Field } from './paramFields.ts';

interface Props {
  nodeId: string;
  def: LayerDef;
  /** The params as stored in the file (may be partial or invalid). */
  raw: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

export function ParamForm({ nodeId, def, raw, diagnostics }: Props) {
  const fields = paramFields(def);
  if (fields.length === 0) return <p className="nw-muted">This layer has no parameters.</p>;
  return (
    <div className="nw-form">
      {fields.map((f) => {
        const value = Object.hasOwn(raw, f.key) ? raw[f.key] : f.defaultValue;
        const errors = diagnostics.filter((d) => d.param !== undefined && (d.param === f.key || d.param.startsWith(`${f.key}[`) || d.param.startsWith(`${f.key}.`)));
        return (
          <div className={`nw-field${errors.length ? ' invalid' : ''}`} key={f.key} data-param={f.key}>
            <label>{f.label}</label>
            <FieldInput field={f.field} value={value} onChange={(v) => setNodeParam(nodeId, f.key, v)} name={`${nodeId}.${f.key}`} />
            {errors.map((d, i) => (
              <div className="nw-field-error" key={i} role="alert">
                {d.message}
              </div>
            ))}
          </div>
        );
      })}
    </div>
  );
}

function FieldInput({ field, value, onChange, name }: { field: Field; value: unknown; onChange(v: unknown): void; name: string }) {
  switch (field.type) {
    case 'number':
      return <NumberInput integer={field.integer} value={value} onChange={onChange} name={name} />;
    case 'enum':
      return (
        <select value={String(value)} onChange={(e) => onChange(e.target.value)} name={name}>
          {!field.options.includes(String(value)) && <option value={String(value)}>{String(value)}</option>}
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'boolean':
      return <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} name={name} />;
    case 'const':
      return <span className="nw-const">{JSON.stringify(field.value)}</span>;
    case 'tuple': {
      const arr = Array.isArray(value) ? value : [];
      return (
        <div className="nw-tuple">
          {field.items.map((item, i) => (
            <FieldInput
              key={i}
              field={item}
              value={arr[i]}
              name={`${name}[${i}]`}
              onChange={(v) => {
                const next = field.items.map((_, j) => (j === i ? v : arr[j]));
                onChange(next);
              }}
            />
          ))}
        </div>
      );
    }
    case 'list':
      return <TextInput value={Array.isArray(value) ? value.join('x') : String(value ?? '')} parse={parseList} onChange={onChange} name={name} placeholder="64x64x3" />;
    case 'json':
      return (
        <TextInput
          value={JSON.stringify(value ?? null)}
          parse={(t) => {
            try {
              return { ok: true, value: JSON.parse(t) as unknown };
            } catch {
              return { ok: false, message: 'not valid JSON' };
            }
          }}
          onChange={onChange}
          name={name}
        />
      );
  }
}

function NumberInput({ integer, value, onChange, name }: { integer: boolean; value: unknown; onChange(v: unknown): void; name: string }) {
  return <TextInput value={value === undefined ? '' : String(value)} parse={(t) => parseNumber(t, integer)} onChange={onChange} name={name} numeric />;
}

/** A text box with a local draft: text that does not parse stays local and says why. */
function TextInput<T>({
  value,
  parse,
  onChange,
  name,
  numeric,
  placeholder,
}: {
  value: string;
  parse(text: string): { ok: true; value: T } | { ok: false; message: string };
  onChange(v: T): void;
  name: string;
  numeric?: boolean;
  placeholder?: string;
}) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  // Follow outside changes (undo, fix-its) unless the draft already means the same value.
  useEffect(() => {
    setDraft((d) => {
      const parsed = parse(d);
      return parsed.ok && JSON.stringify(parsed.value) === JSON.stringify(parse(value).ok ? (parse(value) as { value: T }).value : value) ? d : value;
    });
    setError(null);
  }, [value]);
  return (
    <span className="nw-text-input">
      <input
        type="text"
        inputMode={numeric ? 'decimal' : undefined}
        value={draft}
        name={name}
        placeholder={placeholder}
        spellCheck={false}
        className={error ? 'invalid' : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          const parsed = parse(e.target.value);
          if (parsed.ok) {
            setError(null);
            onChange(parsed.value);
          } else setError(parsed.message);
        }}
      />
      {error && <span className="nw-field-error">{error}</span>}
    </span>
  );
}
