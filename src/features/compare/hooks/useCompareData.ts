/** Live reads for the compare view: the runs (from any experiments) and one metric's histories. */
import { useLiveQuery } from 'dexie-react-hooks';
import { reads } from '../../../services/page';
import type { MetricHistory } from '../../../db/metricStore';
import type { RunId } from '../../../domain/ids';
import type { Run } from '../../../domain/tracking/types';

/** The runs that exist, in the order asked, and the ids that don't; undefined while loading. */
export function useCompareRuns(runIds: readonly string[]): { runs: Run[]; missing: string[] } | undefined {
  const key = runIds.join(',');
  return useLiveQuery(() => reads.runsInOrder(runIds), [key]);
}

/** One metric's history for each run that logged it. */
export function useMetricHistories(runs: readonly Run[], metric: string): ReadonlyMap<RunId, MetricHistory> | undefined {
  const ids = runs.filter((r) => Object.hasOwn(r.metrics, metric)).map((r) => r.runId);
  // Re-read when a run logs more points (its summary's count changes), not on every render.
  const version = runs.map((r) => (Object.hasOwn(r.metrics, metric) ? r.metrics[metric]?.count : 0)).join(',');
  return useLiveQuery(() => reads.metricHistories({ runIds: ids, key: metric }), [ids.join(','), metric, version]);
}
