/** Live reads for the compare view: the runs (from any experiments) and one metric's histories. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
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

/**
 * The parent runs of the compared runs (a hyperparameter search's parent holds its objective and
 * searched space), those in the comparison and those read from the store; empty while loading.
 */
export function useParentRuns(runs: readonly Run[]): ReadonlyMap<string, Run> {
  const ids = useMemo(() => {
    const inView = new Set<string>(runs.map((r) => r.runId));
    return [...new Set(runs.flatMap((r) => (r.parentRunId && !inView.has(r.parentRunId) ? [r.parentRunId] : [])))];
  }, [runs]);
  const read = useLiveQuery(() => reads.runsById(ids), [ids.join(',')]);
  return useMemo(() => {
    const all = new Map<string, Run>(read ?? []);
    for (const run of runs) all.set(run.runId, run);
    return all;
  }, [read, runs]);
}
