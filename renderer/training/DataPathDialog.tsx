/**
 * Picks a dataset file or folder on the machine running the backend (fs:list), in the Electron
 * window and in browser mode alike: folders open on click, "Use this folder" takes the folder
 * shown (image folders), a file is taken on double click or with "Choose" (.h5, .csv, .npy).
 */
import { useState } from 'react';
import { useFolderListing } from '../panels/useFolderListing.ts';

interface Props {
  title: string;
  /** 'folder' picks a folder; otherwise a file whose name matches `extensions`. */
  pick: 'folder' | 'file';
  extensions?: string[];
  /** Where to start (a file's folder or a folder). */
  start?: string;
  onClose(path: string | null): void;
}

export function DataPathDialog({ title, pick, extensions = [], start, onClose }: Props) {
  const [folder, setFolder] = useState<string | undefined>(start ? (pick === 'folder' ? start : start.replace(/[\\/][^\\/]*$/, '')) || undefined : undefined);
  const [chosen, setChosen] = useState<string | null>(null);

  const { listing, error } = useFolderListing(folder);

  const fits = (name: string) => extensions.length === 0 || extensions.some((ext) => name.toLowerCase().endsWith(ext));
  const entries = (listing?.entries ?? [])
    .filter((e) => e.dir || (pick === 'file' && fits(e.name)))
    .sort((a, b) => Number(b.dir) - Number(a.dir) || a.name.localeCompare(b.name));

  return (
    <div className="nw-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose(null)}>
      <div className="nw-modal nw-file-dialog" role="dialog" aria-label={title} data-testid="data-path-dialog">
        <h2>{title}</h2>
        <div className="nw-file-path">
          <button disabled={!listing?.parent} onClick={() => listing?.parent && setFolder(listing.parent)} title="Up one folder">
            ↑
          </button>
          <input type="text" value={folder ?? listing?.path ?? ''} onChange={(e) => setFolder(e.target.value)} spellCheck={false} aria-label="Folder" />
        </div>
        {error && <div className="nw-field-error">{error}</div>}
        <ul className="nw-file-list">
          {entries.map((e) => (
            <li key={e.path}>
              <button
                className={e.path === chosen ? 'chosen' : undefined}
                onClick={() => (e.dir ? setFolder(e.path) : setChosen(e.path))}
                onDoubleClick={() => !e.dir && onClose(e.path)}
              >
                {e.dir ? '📁' : '📄'} {e.name}
              </button>
            </li>
          ))}
          {listing && entries.length === 0 && <li className="nw-muted">{pick === 'folder' ? 'No sub-folders here.' : `No folders or ${extensions.join(' / ')} files here.`}</li>}
        </ul>
        <div className="nw-modal-actions">
          <button onClick={() => onClose(null)}>Cancel</button>
          {pick === 'folder' ? (
            <button className="primary" disabled={!listing} onClick={() => listing && onClose(listing.path)}>
              Use this folder
            </button>
          ) : (
            <button className="primary" disabled={!chosen} onClick={() => chosen && onClose(chosen)}>
              Choose
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
