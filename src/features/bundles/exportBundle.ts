/**
 * Saving an export: the zip is made in the bundle worker while a progress bar shows how far it
 * got, then shared (Web Share API, where the browser can share files) or downloaded. When the
 * bundle holds what MLflow 2.x would refuse (runs imported from MLflow 3.x), the page says so
 * once it is saved, until dismissed or the next export.
 */
import { useSyncExternalStore } from 'react';
import { bundles } from '../../services/page';
import type { BundleSelection } from '../../db/bundleStore';
import type { Mlflow2Warning } from '../../domain/bundle/mlflow2Compatibility';
import { downloadBlob } from '../../shared/download';
import { exportFileName } from './bundleText';

/** The export in progress, for the progress bar; null when none. */
export interface ExportProgress {
  what: string;
  done: number;
  total: number;
}

/** A saved export MLflow 2.x would partly refuse, for the notice after it. */
export interface ExportResult {
  fileName: string;
  how: 'downloaded' | 'shared';
  warnings: Mlflow2Warning[];
}

interface ExportState {
  progress: ExportProgress | null;
  result: ExportResult | null;
}

let state: ExportState = { progress: null, result: null };
const listeners = new Set<() => void>();

function update(changes: Partial<ExportState>): void {
  state = { ...state, ...changes };
  for (const listener of listeners) listener();
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  return () => listeners.delete(onChange);
}

export function useExportProgress(): ExportProgress | null {
  return useSyncExternalStore(subscribe, () => state.progress);
}

/** The last export's MLflow 2.x warnings; null when it had none or they were dismissed. */
export function useExportResult(): ExportResult | null {
  return useSyncExternalStore(subscribe, () => state.result);
}

export function dismissExportResult(): void {
  update({ result: null });
}

export async function exportAndSave(selection: BundleSelection, what: string, options: { share?: boolean } = {}): Promise<void> {
  update({ progress: { what, done: 0, total: 0 }, result: null });
  const { blob, warnings } = await bundles
    .exportBundleWithReport(selection, { onProgress: (p) => update({ progress: { what, done: p.bytesDone, total: p.bytesTotal } }) })
    .finally(() => update({ progress: null }));
  const name = exportFileName(what, new Date());
  const file = new File([blob], name, { type: 'application/zip' });
  let how: ExportResult['how'] = 'downloaded';
  if (options.share && typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] })) {
    await navigator.share({ files: [file], title: name });
    how = 'shared';
  } else {
    downloadBlob(file, name);
  }
  if (warnings.length > 0) update({ result: { fileName: name, how, warnings } });
}
