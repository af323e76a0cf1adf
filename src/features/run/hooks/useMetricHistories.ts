import { useLiveQuery } from 'dexie-react-hooks';
import { reads } from '../../../services/page';
import type { MetricHistory } from '../../../db/metricStore';
import type { RunId } from '../../../domain/ids';

/** The histories of several metrics of one run (one chart's curves), live; undefined while loading. */
export function useMetricHistories(runId: RunId, keys: readonly string[]): MetricHistory[] | undefined {
  const dependency = JSON.stringify(keys);
  return useLiveQuery(() => Promise.all(keys.map((key) => reads.metricHistory({ runId, key }))), [runId, dependency]);
}
