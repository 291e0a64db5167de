/**
 * A template's idea and source paper, in our own words, wherever a template shows: the palette's
 * details area for the entry under the cursor, and the inspector for a group made from a block
 * template or a model started from a network template (the project's `fromTemplate` field).
 */
import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { TemplateInfo } from '../../shared/ipc.ts';
import { listTemplates } from '../state/files.ts';
import { useEditor } from '../state/store.ts';
import '../styles/templates.css';

/** The template list, fetched once for the inspector (the palette fetches its own). */
const useTemplateList = create<{ list: TemplateInfo[] | null }>()(() => ({ list: null }));
let loading: Promise<void> | null = null;

function useTemplate(id: string): TemplateInfo | undefined {
  const list = useTemplateList((s) => s.list);
  useEffect(() => {
    loading ??= listTemplates().then((l) => useTemplateList.setState({ list: l }));
  }, []);
  return list?.find((t) => t.id === id);
}

/** Inspector section: what the template `id` is and where it comes from; nothing if it is unknown. */
export function TemplateAbout({ id, heading }: { id: string; heading?: string }) {
  const info = useTemplate(id);
  if (!info) return null;
  return (
    <section className="nw-template-about" data-testid="template-about" data-template={id}>
      <h3>{heading ?? (info.kind === 'block' ? 'Block template' : 'Network template')}</h3>
      <p className="nw-template-name">{info.name}</p>
      <p className="nw-template-idea">{info.description}</p>
      <p className="nw-template-source">
        <span>Source</span> {info.source}
      </p>
    </section>
  );
}

/** The network template the model was started from, under the model overview. */
export function ModelTemplateAbout() {
  const id = useEditor((s) => (s.project as { fromTemplate?: unknown }).fromTemplate);
  return typeof id === 'string' ? <TemplateAbout id={id} heading="Started from the template" /> : null;
}

/** The palette's details area for a template: its idea and source, shortened until "More". */
export function TemplateDetails({ info }: { info: TemplateInfo }) {
  const [full, setFull] = useState(false);
  useEffect(() => setFull(false), [info.id]);
  return (
    <div className={`nw-template-details${full ? ' full' : ''}`} data-testid="template-details" data-template={info.id}>
      <strong>{info.name}</strong>
      <span className="nw-template-idea" title={full ? undefined : info.description}>
        {info.description || 'A template from templates/.'}
      </span>
      {info.source && (
        <span className="nw-template-source" title={full ? undefined : info.source}>
          <span>Source</span> {info.source}
        </span>
      )}
      <span className="nw-template-actions">
        <em>Click Insert or press Enter</em>
        <button className="nw-template-more" onClick={() => setFull(!full)} aria-expanded={full}>
          {full ? 'Less' : 'More'}
        </button>
      </span>
    </div>
  );
}
