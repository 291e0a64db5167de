/**
 * A folder's listing through the fs:list channel, for the in-app file dialogs of browser mode
 * (FileDialog, DataPathDialog). Listing again when the folder changes; a late answer for a folder
 * left meanwhile is dropped.
 */
import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import type { DirEntry } from '../../shared/ipc.ts';

export interface FolderListing {
  path: string;
  parent: string | null;
  entries: DirEntry[];
}

/** The listing of `folder` (undefined: the backend's start folder) while `enabled`, and the last error. */
export function useFolderListing(folder: string | undefined, enabled = true): { listing: FolderListing | null; error: string | null } {
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void api['fs:list'](folder ? { path: folder } : {}).then(
      (r) => {
        if (!live) return;
        if ('entries' in r) {
          setListing(r);
          setError(null);
        } else setError(r.message);
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [enabled, folder]);
  return { listing, error };
}
