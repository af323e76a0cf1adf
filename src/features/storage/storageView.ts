/** Pure view helpers for the Storage page. */
import type { StorageEstimateInput } from '../../domain/storage/storageNotice';
import { usageRatio } from '../../domain/storage/storageNotice';
import { formatBytes, type RunStorage, type StorageReport } from '../../domain/storage/storageSize';
import type { PersistenceState } from './persistentStorage';

/** How many runs the breakdown shows at first, and how many more each "Show more" adds. */
export const RUNS_SHOWN = 50;
export const RUNS_MORE = 100;

export function persistenceText(state: PersistenceState): { label: string; detail: string; canAsk: boolean } {
  switch (state) {
    case 'checking':
      return { label: 'Checking…', detail: '', canAsk: false };
    case 'granted':
      return { label: 'Persistent', detail: 'The browser will not clear Trainyard’s data to free space.', canAsk: false };
    case 'not-granted':
      return {
        label: 'Not persistent',
        detail:
          'The browser may clear Trainyard’s data when the disk runs low. Browsers grant persistence to sites you use often, ' +
          'bookmark or install; export bundles to keep copies.',
        canAsk: true,
      };
    case 'unsupported':
      return {
        label: 'Not available',
        detail: 'This browser can’t make storage persistent; export bundles to keep copies of your runs.',
        canAsk: false,
      };
    case 'error':
      return { label: 'Unknown', detail: 'The browser did not say whether storage is persistent.', canAsk: true };
  }
}

/** "1.2 MB of 10.0 GB (0%)", or why there is no figure. */
export function usageText(estimate: StorageEstimateInput | null | undefined): string {
  if (estimate === undefined) return 'Measuring…';
  const ratio = usageRatio(estimate);
  if (!estimate || ratio === null) return 'This browser does not report its storage usage.';
  const percent = ratio >= 0.01 ? `${Math.floor(ratio * 100)}%` : '<1%';
  return `${formatBytes(estimate.usage)} of ${formatBytes(estimate.quota)} (${percent})`;
}

/** Runs in the breakdown: those not in the trash (trashed ones are listed in the trash), biggest first. */
export function activeRuns(report: StorageReport): RunStorage[] {
  const trashedExperiments = new Set<string>(
    report.experiments.filter((e) => e.lifecycleStage === 'deleted').map((e) => e.experimentId),
  );
  return report.runs.filter((r) => r.lifecycleStage === 'active' && !trashedExperiments.has(r.experimentId));
}
