/**
 * The runs of one experiment, live. One query reads every run (active and deleted): the view
 * (active / deleted / all) is a cheap in-memory filter, switching it needs no new read, and the
 * full list tells which selected runs still exist.
 *
 * Reading 10,000 runs from IndexedDB takes a few hundred ms however it is done, so the last lists
 * read stay in memory: going back to an experiment shows its runs at once while the live query
 * reads them again.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { db } from '../../../app/tracking';
import { inView, listRuns } from '../../../db/runQueries';
import type { ExperimentId } from '../../../domain/ids';
import type { Run, ViewType } from '../../../domain/tracking/types';

export interface ExperimentRuns {
  /** Every run of the experiment, whatever its lifecycle stage. */
  all: Run[];
  /** The runs of the chosen view. */
  shown: Run[];
}

const RECENT_LISTS = 3;
const recent = new Map<ExperimentId, Run[]>();

function remember(experimentId: ExperimentId, runs: Run[]): Run[] {
  recent.delete(experimentId);
  recent.set(experimentId, runs);
  for (const key of recent.keys()) {
    if (recent.size <= RECENT_LISTS) break;
    recent.delete(key);
  }
  return runs;
}

export function useRuns(experimentId: ExperimentId, viewType: ViewType): ExperimentRuns | undefined {
  const all = useLiveQuery(
    () => listRuns(db, { experimentIds: [experimentId], viewType: 'ALL' }).then((runs) => remember(experimentId, runs)),
    [experimentId],
    recent.get(experimentId),
  );
  return useMemo(() => {
    if (all === undefined) return undefined;
    // Usually every run is in view (no deleted runs): keep the same array then.
    const shown = all.every((run) => inView(run, viewType)) ? all : all.filter((run) => inView(run, viewType));
    return { all, shown };
  }, [all, viewType]);
}
