/**
 * Picks a dataset file or folder on the machine running the backend (fs:list), in the Electron
 * window and in browser mode alike: folders open on click, "Use this folder" takes the folder
 * shown (image folders), a file is taken on double click or with "Choose" (.h5, .csv, .npy).
 */
import { useState } from 'react';
import { useFolderListing } from '../panels/useFolderListing.ts';
import { FolderBrowser } from '../panels/FolderBrowser.tsx';
import { useModal } from '../panels/useModal.ts';

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
  useModal(() => onClose(null));

  const fits = (name: string) => extensions.length === 0 || extensions.some((ext) => name.toLowerCase().endsWith(ext));

  return (
    <div className="nw-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose(null)}>
      <div className="nw-modal nw-file-dialog" role="dialog" aria-label={title} data-testid="data-path-dialog">
        <h2>{title}</h2>
        <FolderBrowser
          listing={listing}
          folder={folder}
          setFolder={setFolder}
          error={error}
          showFile={(name) => pick === 'file' && fits(name)}
          chosen={chosen}
          onFile={(e) => setChosen(e.path)}
          onFileDoubleClick={(e) => onClose(e.path)}
          empty={pick === 'folder' ? 'No sub-folders here.' : `No folders or ${extensions.join(' / ')} files here.`}
        />
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
