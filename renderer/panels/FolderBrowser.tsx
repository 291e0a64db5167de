/**
 * The folder browser both in-app file dialogs show (FileDialog, DataPathDialog): an "up" button
 * and the folder's path, the listing error, and the folders (first) and matching files in name
 * order. Folders open on click; what a file click or double click does is the dialog's.
 */
import type { DirEntry } from '../../shared/ipc.ts';
import type { FolderListing } from './useFolderListing.ts';

interface Props {
  listing: FolderListing | null;
  /** The folder typed or opened (undefined: the listing's own path). */
  folder: string | undefined;
  setFolder(path: string): void;
  error: string | null;
  /** Which files to show; folders are always shown. */
  showFile(name: string): boolean;
  /** The file marked as chosen, if the dialog marks one. */
  chosen?: string | null;
  onFile(entry: DirEntry): void;
  onFileDoubleClick(entry: DirEntry): void;
  /** Said when the folder holds nothing to show. */
  empty: string;
  folderTestId?: string;
}

export function FolderBrowser(p: Props) {
  const entries = (p.listing?.entries ?? []).filter((e) => e.dir || p.showFile(e.name)).sort((a, b) => Number(b.dir) - Number(a.dir) || a.name.localeCompare(b.name));
  const parent = p.listing?.parent;
  return (
    <>
      <div className="nw-file-path">
        <button disabled={!parent} onClick={() => parent && p.setFolder(parent)} title="Up one folder">
          ↑
        </button>
        <input type="text" value={p.folder ?? p.listing?.path ?? ''} onChange={(e) => p.setFolder(e.target.value)} spellCheck={false} aria-label="Folder" data-testid={p.folderTestId} />
      </div>
      {p.error && <div className="nw-field-error">{p.error}</div>}
      <ul className="nw-file-list">
        {entries.map((e) => (
          <li key={e.path}>
            <button
              className={`${e.dir ? 'dir' : 'file'}${e.path === p.chosen ? ' chosen' : ''}`}
              onClick={() => (e.dir ? p.setFolder(e.path) : p.onFile(e))}
              onDoubleClick={() => !e.dir && p.onFileDoubleClick(e)}
            >
              <EntryIcon dir={e.dir} />
              {e.name}
            </button>
          </li>
        ))}
        {p.listing && entries.length === 0 && <li className="nw-muted">{p.empty}</li>}
      </ul>
    </>
  );
}

/** A folder or file glyph drawn as SVG (emoji glyphs are missing on Linux machines without an emoji font). */
function EntryIcon({ dir }: { dir: boolean }) {
  return (
    <svg className={`nw-file-icon ${dir ? 'dir' : 'file'}`} viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      {dir ? <path d="M1.5 3.5h4.5l1.5 1.5h7v8.5h-13z" /> : <path d="M3.5 1.5h6l3 3v10h-9zM9.5 1.5v3h3" />}
    </svg>
  );
}
