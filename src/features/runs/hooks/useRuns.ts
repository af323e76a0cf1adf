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
import { reads } from '../../../services/page';
import { inView } from '../../../domain/tracking/types';
import type { ExperimentId } from '../../../domain/ids';
import type { Run, ViewType } from '../../../domain/tracking/types';

export interface ExperimentRuns {
  /** Every run of the experiment, whatever its lifecycle stage (the newest ones only while `complete` is false). */
  all: Run[];
  /** False while only the first screen (the newest runs) has been read. */
  complete: boolean;
  /** The runs of the chosen view. */
  shown: Run[];
}

const RECENT_LISTS = 3;
/** Enough rows for a first screen of the default order (newest first). */
const FIRST_SCREEN = 100;
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
  const cached = recent.get(experimentId);
  // The newest runs come from an index in a few ms and fill the first screen. The full read starts
  // only after them: IndexedDB answers reads in order, so starting both at once would make the
  // small one wait for the big one.
  const newest = useLiveQuery(() => (cached ? undefined : reads.newestRunsOfExperiment({ experimentId, limit: FIRST_SCREEN })), [experimentId]);
  const firstScreenRead = cached !== undefined || newest !== undefined;
  const all = useLiveQuery(
    () => (firstScreenRead ? reads.runsOfExperiment(experimentId).then((runs) => remember(experimentId, runs)) : undefined),
    [experimentId, firstScreenRead],
    cached,
  );
  return useMemo(() => {
    const runs = all ?? newest;
    if (runs === undefined) return undefined;
    // Usually every run is in view (no deleted runs): keep the same array then.
    const shown = runs.every((run) => inView(run, viewType)) ? runs : runs.filter((run) => inView(run, viewType));
    return { all: runs, shown, complete: all !== undefined };
  }, [all, newest, viewType]);
}
