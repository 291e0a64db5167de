/**
 * The palette: every layer kind grouped by category and every template, filtered as you type.
 * Enter inserts the highlighted entry at the cursor (or the view centre); items can be dragged
 * onto the canvas or clicked. Each kind's one-line description shows on hover; a template's idea
 * and source paper show in the details area below the list (TemplateAbout.tsx).
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { LAYERS } from '../../shared/layers/index.ts';
import type { LayerDef } from '../../shared/layers/types.ts';
import type { TemplateInfo } from '../../shared/ipc.ts';
import { CATEGORY_ORDER, categoryClass } from '../editor/categories.ts';
import { KIND_MIME } from '../editor/Canvas.tsx';
import { insertLayer } from '../state/actions.ts';
import { insertTemplate, listTemplates } from '../state/files.ts';
import { TemplateParams } from './TemplateParams.tsx';
import { TemplateDetails } from './TemplateAbout.tsx';

type Entry = { type: 'layer'; def: LayerDef } | { type: 'template'; info: TemplateInfo };

const DEFS = Object.values(LAYERS) as LayerDef[];

/** Every word of the query occurs in the texts, ignoring case and punctuation ("resnet-50" finds ResNet50). */
function matches(query: string, ...texts: string[]): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const hay = texts.join(' ').toLowerCase();
  const squashed = hay.replace(/[^a-z0-9]/g, '');
  return q.split(/\s+/).every((w) => hay.includes(w) || squashed.includes(w.replace(/[^a-z0-9]/g, '')));
}

export function Palette() {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void listTemplates().then(setTemplates);
    const focus = () => input.current?.focus();
    window.addEventListener('netwright:focus-palette', focus);
    return () => window.removeEventListener('netwright:focus-palette', focus);
  }, []);

  const entries = useMemo<Entry[]>(() => {
    const layers = DEFS.filter((d) => matches(query, d.kind, d.category, d.description, d.namePrefix)).sort(
      (a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category),
    );
    // An exact kind match goes first so "dense" + Enter inserts Dense.
    const exact = layers.findIndex((d) => d.kind.toLowerCase() === query.trim().toLowerCase());
    if (exact > 0) layers.unshift(...layers.splice(exact, 1));
    const tpl = templates.filter((t) => matches(query, t.name, t.description, t.source, t.kind, 'template'));
    return [...layers.map((def) => ({ type: 'layer' as const, def })), ...tpl.map((info) => ({ type: 'template' as const, info }))];
  }, [query, templates]);

  useEffect(() => setActive(0), [query]);

  const insert = (e: Entry) => (e.type === 'layer' ? insertLayer(e.def.kind) : void insertTemplate(e.info));

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      setActive((i) => Math.min(entries.length - 1, i + 1));
      e.preventDefault();
    } else if (e.key === 'ArrowUp') {
      setActive((i) => Math.max(0, i - 1));
      e.preventDefault();
    } else if (e.key === 'Enter') {
      const entry = entries[active];
      if (entry) insert(entry);
      e.preventDefault();
    } else if (e.key === 'Escape') {
      setQuery('');
      input.current?.blur();
    }
  };

  const activeEntry = entries[active];

  // Group for display, keeping the flat index for keyboard navigation.
  const sections: Array<{ title: string; items: Array<{ entry: Entry; index: number }> }> = [];
  entries.forEach((entry, index) => {
    const title = entry.type === 'layer' ? entry.def.category : entry.info.kind === 'block' ? 'Block templates' : 'Network templates';
    const last = sections[sections.length - 1];
    if (last && last.title === title) last.items.push({ entry, index });
    else sections.push({ title, items: [{ entry, index }] });
  });

  return (
    <aside className="nw-palette" aria-label="Layer palette">
      <div className="nw-palette-search">
        <input
          ref={input}
          type="search"
          placeholder="Search layers and templates…  /"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKey}
          aria-label="Search layers"
          data-testid="palette-search"
        />
      </div>
      <div className="nw-palette-list">
        {sections.map((s) => (
          <section key={s.title}>
            <h3>{s.title}</h3>
            {s.items.map(({ entry, index }) =>
              entry.type === 'layer' ? (
                <div
                  key={entry.def.kind}
                  className={`nw-palette-item ${categoryClass(entry.def.category)}${index === active ? ' active' : ''}`}
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer.setData(KIND_MIME, entry.def.kind);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onDoubleClick={() => insert(entry)}
                  onMouseEnter={() => setActive(index)}
                  title={entry.def.description}
                  data-kind={entry.def.kind}
                >
                  <span className="swatch" />
                  <span className="label" title={entry.def.kind}>{entry.def.kind}</span>
                </div>
              ) : (
                <div
                  key={entry.info.id}
                  className={`nw-palette-item template${index === active ? ' active' : ''}`}
                  onDoubleClick={() => insert(entry)}
                  onMouseEnter={() => setActive(index)}
                  title={entry.info.description}
                  data-template={entry.info.id}
                >
                  <span className="swatch" />
                  <span className="label" title={entry.info.name}>{entry.info.name}</span>
                  <button
                    className="nw-palette-insert"
                    onClick={() => (Object.keys(entry.info.params).length > 0 ? setEditing(editing === entry.info.id ? null : entry.info.id) : insert(entry))}
                    title={Object.keys(entry.info.params).length > 0 ? 'Choose its parameters, then insert' : 'Insert into the canvas'}
                  >
                    Insert…
                  </button>
                  {editing === entry.info.id && (
                    <TemplateParams
                      info={entry.info}
                      onCancel={() => setEditing(null)}
                      onInsert={(params) => {
                        setEditing(null);
                        void insertTemplate(entry.info, params);
                      }}
                    />
                  )}
                </div>
              ),
            )}
          </section>
        ))}
        {entries.length === 0 && <p className="nw-muted">Nothing matches “{query}”.</p>}
      </div>
      <footer className="nw-palette-desc" aria-live="polite">
        {activeEntry?.type === 'template' ? (
          <TemplateDetails info={activeEntry.info} />
        ) : activeEntry ? (
          <>
            <strong>{activeEntry.def.kind}</strong>
            <span>{activeEntry.def.description}</span>
            <em>Drag onto the canvas, double-click, or press Enter</em>
          </>
        ) : null}
      </footer>
    </aside>
  );
}
