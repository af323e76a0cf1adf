import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { coachRun, type Finding, type MetricPoint } from '../../../domain/coach/coach';
import { coachInputOf, curveKeys, historyPoints } from '../../../domain/coach/coachInput';
import type { Run } from '../../../domain/tracking/types';
import { reads } from '../../../services/page';

/**
 * The coach's findings on a run, live (they follow the curves while it trains); undefined while
 * the histories load. The keys travel with their histories so a new curve cannot pair with an old
 * query's values.
 */
export function useCoachFindings(run: Run): Finding[] | undefined {
  const keys = curveKeys(run);
  const dependency = keys.join('\n');
  const histories = useLiveQuery(async () => {
    const found = await Promise.all(keys.map((key) => reads.metricHistory({ runId: run.runId, key })));
    const byKey: Record<string, MetricPoint[]> = {};
    keys.forEach((key, i) => {
      const history = found[i];
      if (history) byKey[key] = historyPoints(history);
    });
    return byKey;
    // `dependency` stands for `keys` (a new array each render).
  }, [run.runId, dependency]);
  return useMemo(() => (histories === undefined ? undefined : coachRun(coachInputOf(run, histories))), [run, histories]);
}
