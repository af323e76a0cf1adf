/**
 * Saving an export: the zip is made in the bundle worker while a progress bar shows how far it
 * got, then shared (Web Share API, where the browser can share files) or downloaded.
 */
import { useSyncExternalStore } from 'react';
import { tracking } from '../../app/tracking';
import type { BundleSelection } from '../../db/bundleStore';
import { downloadBlob } from '../../shared/download';
import { exportFileName } from './bundles.common';

/** The export in progress, for the progress bar; null when none. */
export interface ExportProgress {
  what: string;
  done: number;
  total: number;
}

let current: ExportProgress | null = null;
const listeners = new Set<() => void>();

function set(progress: ExportProgress | null): void {
  current = progress;
  for (const listener of listeners) listener();
}

export function useExportProgress(): ExportProgress | null {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => current,
  );
}

export async function exportAndSave(selection: BundleSelection, what: string, options: { share?: boolean } = {}): Promise<void> {
  set({ what, done: 0, total: 0 });
  let blob: Blob;
  try {
    blob = await tracking.exportBundle(selection, { onProgress: (p) => set({ what, done: p.bytesDone, total: p.bytesTotal }) });
  } finally {
    set(null);
  }
  const name = exportFileName(what, new Date());
  const file = new File([blob], name, { type: 'application/zip' });
  if (options.share && typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] })) {
    await navigator.share({ files: [file], title: name });
    return;
  }
  downloadBlob(file, name);
}
