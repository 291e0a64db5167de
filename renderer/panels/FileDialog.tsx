/**
 * Browser mode's file dialog (a web page cannot open a native one): browses folders on the
 * machine running the backend through fs:list, picks a .json project to open or a name to save.
 */
import { useEffect, useState } from 'react';
import { useDialogs } from '../state/dialogs.ts';
import { useFolderListing } from './useFolderListing.ts';
import { useEditor } from '../state/store.ts';

export function FileDialog() {
  const request = useDialogs((s) => s.file);
  const filePath = useEditor((s) => s.filePath);
  const [folder, setFolder] = useState<string | undefined>(undefined);
  const [name, setName] = useState('');

  useEffect(() => {
    if (!request) return;
    setName(request.fileName);
    setFolder(filePath ? filePath.replace(/[\\/][^\\/]*$/, '') : undefined);
  }, [request, filePath]);

  const { listing, error } = useFolderListing(folder, Boolean(request));

  if (!request) return null;
  const sep = listing && listing.path.includes('\\') && !listing.path.includes('/') ? '\\' : '/';
  const join = (dir: string, file: string) => (dir.endsWith(sep) ? dir + file : dir + sep + file);
  const extensions = request.extensions ?? ['json'];
  const listed = (name: string) => extensions.some((x) => name.toLowerCase().endsWith(`.${x}`));
  const entries = (listing?.entries ?? []).filter((e) => e.dir || listed(e.name)).sort((a, b) => Number(b.dir) - Number(a.dir) || a.name.localeCompare(b.name));
  const confirm = () => {
    if (!listing || !name.trim()) return;
    const file = request.mode === 'save' && !listed(name.trim()) ? `${name.trim()}.${extensions[0]}` : name.trim();
    request.resolve(join(listing.path, file));
  };

  return (
    <div className="nw-modal-backdrop">
      <div className="nw-modal nw-file-dialog" role="dialog" aria-label={request.title ?? (request.mode === 'open' ? 'Open a model' : 'Save the model')}>
        <h2>{request.title ?? (request.mode === 'open' ? 'Open a model' : 'Save the model as')}</h2>
        <div className="nw-file-path">
          <button disabled={!listing?.parent} onClick={() => listing?.parent && setFolder(listing.parent)} title="Up one folder">↑</button>
          <input type="text" value={folder ?? listing?.path ?? ''} onChange={(e) => setFolder(e.target.value)} spellCheck={false} aria-label="Folder" data-testid="file-folder" />
        </div>
        {error && <div className="nw-field-error">{error}</div>}
        <ul className="nw-file-list">
          {entries.map((e) => (
            <li key={e.path}>
              <button
                className={e.dir ? 'dir' : 'file'}
                onClick={() => (e.dir ? setFolder(e.path) : setName(e.name))}
                onDoubleClick={() => (e.dir ? undefined : request.resolve(e.path))}
              >
                {e.dir ? '📁' : '📄'} {e.name}
              </button>
            </li>
          ))}
          {listing && entries.length === 0 && <li className="nw-muted">No folders or {extensions.map((x) => `.${x}`).join(' or ')} files here.</li>}
        </ul>
        <div className="nw-field">
          <label>File name</label>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && confirm()} spellCheck={false} data-testid="file-name" />
        </div>
        <div className="nw-modal-actions">
          <button onClick={() => request.resolve(null)}>Cancel</button>
          <button className="primary" onClick={confirm} disabled={!name.trim() || !listing} data-testid="file-confirm">
            {request.mode === 'open' ? 'Open' : 'Save'}
          </button>
        </div>
      </div>
    </div>
  );
}
