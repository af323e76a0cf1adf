/**
 * When the Storage page warns that storage is nearly full, and what it points the user at: the
 * browser's usage at or above 90% of the quota, or a run that ended FAILED because a write hit
 * the quota (the run tag `trainyard.failure_kind` = `quota`) in the last day. A day, because a
 * quota failure says nothing about the space free now: after the user frees space the failed run
 * stays (with everything it logged), and the warning should not stay with it for ever.
 */
import type { RunId } from '../ids';
import type { RunStorage } from './storageSize';
import { formatBytes } from './storageSize';

export const NEARLY_FULL_RATIO = 0.9;
export const QUOTA_FAILURE_WINDOW_MS = 24 * 60 * 60 * 1000;
export const TAG_FAILURE_KIND = 'trainyard.failure_kind';
export const FAILURE_KIND_QUOTA = 'quota';
/** How many of the biggest runs the notice names. */
export const NOTICE_BIGGEST_RUNS = 3;

export interface StorageEstimateInput {
  usage: number;
  quota: number;
}

export interface StorageNotice {
  title: 'Storage is nearly full';
  /** Why it shows, one sentence each. */
  reasons: string[];
  /** The biggest active runs, biggest first: what to move to the trash. */
  biggestRuns: Array<{ runId: RunId; runName: string; bytes: number }>;
  /** Bytes the trash holds: emptying it frees them. */
  trashBytes: number;
}

/** The fraction of the quota in use, or null when the browser doesn't say. */
export function usageRatio(estimate: StorageEstimateInput | null): number | null {
  if (!estimate || !Number.isFinite(estimate.usage) || !Number.isFinite(estimate.quota) || estimate.quota <= 0) return null;
  return estimate.usage / estimate.quota;
}

export function isQuotaFailure(run: Pick<RunStorage, 'status' | 'tags'>): boolean {
  return run.status === 'FAILED' && Object.hasOwn(run.tags, TAG_FAILURE_KIND) && run.tags[TAG_FAILURE_KIND] === FAILURE_KIND_QUOTA;
}

/**
 * The notice, or null when storage is fine. `runs` is the storage report's runs; `now` decides
 * which quota failures are recent.
 */
export function storageNotice(options: {
  estimate: StorageEstimateInput | null;
  runs: readonly RunStorage[];
  trashBytes: number;
  now: number;
}): StorageNotice | null {
  const reasons: string[] = [];
  const ratio = usageRatio(options.estimate);
  if (ratio !== null && ratio >= NEARLY_FULL_RATIO && options.estimate) {
    reasons.push(
      `This site uses ${formatBytes(options.estimate.usage)} of the ${formatBytes(options.estimate.quota)} the browser allows ` +
        `(${Math.floor(ratio * 100)}%).`,
    );
  }
  const failures = options.runs.filter(
    (run) => isQuotaFailure(run) && run.endTime !== null && options.now - run.endTime <= QUOTA_FAILURE_WINDOW_MS,
  );
  if (failures.length > 0) {
    const names = failures.slice(0, 3).map((r) => `"${r.runName}"`);
    const more = failures.length > 3 ? ` and ${failures.length - 3} more` : '';
    reasons.push(
      `${failures.length === 1 ? 'A run' : `${failures.length} runs`} (${names.join(', ')}${more}) failed because storage was full; ` +
        `what ${failures.length === 1 ? 'it' : 'they'} logged before is kept.`,
    );
  }
  if (reasons.length === 0) return null;
  const biggestRuns = options.runs
    .filter((run) => run.lifecycleStage === 'active' && run.bytes.total > 0)
    .sort((a, b) => b.bytes.total - a.bytes.total)
    .slice(0, NOTICE_BIGGEST_RUNS)
    .map((run) => ({ runId: run.runId, runName: run.runName, bytes: run.bytes.total }));
  return { title: 'Storage is nearly full', reasons, biggestRuns, trashBytes: options.trashBytes };
}
