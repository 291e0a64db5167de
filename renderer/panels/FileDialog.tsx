/**
 * Browser mode's file dialog (a web page cannot open a native one): browses folders on the
 * machine running the backend through fs:list, picks a .json project to open or a name to save.
 */
import { useEffect, useState } from 'react';
import { useDialogs } from '../state/dialogs.ts';
import { useFolderListing } from './useFolderListing.ts';
import { FolderBrowser } from './FolderBrowser.tsx';
import { useModal } from './useModal.ts';
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
  useModal(() => request?.resolve(null), Boolean(request));

  if (!request) return null;
  const sep = listing && listing.path.includes('\\') && !listing.path.includes('/') ? '\\' : '/';
  const join = (dir: string, file: string) => (dir.endsWith(sep) ? dir + file : dir + sep + file);
  const extensions = request.extensions ?? ['json'];
  const listed = (name: string) => extensions.some((x) => name.toLowerCase().endsWith(`.${x}`));
  const confirm = () => {
    if (!listing || !name.trim()) return;
    const file = request.mode === 'save' && !listed(name.trim()) ? `${name.trim()}.${extensions[0]}` : name.trim();
    request.resolve(join(listing.path, file));
  };

  return (
    <div className="nw-modal-backdrop">
      <div className="nw-modal nw-file-dialog" role="dialog" aria-label={request.title ?? (request.mode === 'open' ? 'Open a model' : 'Save the model')}>
        <h2>{request.title ?? (request.mode === 'open' ? 'Open a model' : 'Save the model as')}</h2>
        <FolderBrowser
          listing={listing}
          folder={folder}
          setFolder={setFolder}
          error={error}
          showFile={listed}
          onFile={(e) => setName(e.name)}
          onFileDoubleClick={(e) => request.resolve(e.path)}
          empty={`No folders or ${extensions.map((x) => `.${x}`).join(' or ')} files here.`}
          folderTestId="file-folder"
        />
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
