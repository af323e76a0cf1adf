/** Reads for runs: search with MLflow's filter grammar (plus OR and parentheses), order and pages. */
import Dexie from 'dexie';
import { TrackingError } from '../domain/errors';
import type { ExperimentId } from '../domain/ids';
import { decodePageToken, encodePageToken } from '../domain/tracking/pageToken';
import { matchesFilter, parseFilter, parseOrderBy, sortRuns } from '../domain/tracking/searchFilter';
import { inView, type Run, type ViewType } from '../domain/tracking/types';
import { toRun } from './runStore';
import type { TrainyardDB } from './schema';

export const SEARCH_MAX_RESULTS_DEFAULT = 1000;
export const SEARCH_MAX_RESULTS_LIMIT = 50000;

export interface SearchRunsOptions {
  experimentIds: readonly ExperimentId[];
  filter?: string;
  orderBy?: readonly string[];
  maxResults?: number;
  pageToken?: string | null;
  viewType?: ViewType;
}

export interface SearchRunsResult {
  runs: Run[];
  nextPageToken: string | null;
}

/**
 * All runs of the experiments in one view, in index order (experiment id, then run id); what the
 * runs table observes live. Read for speed at 10,000 runs (measured in e2e/bench/runsTable.mjs):
 * - one `equals` read per experiment, not one `anyOf`: `anyOf` walks a cursor, and inside a live
 *   query Dexie wraps every cursor step, while `equals` is a single getAll;
 * - in an explicit read transaction: Dexie's live-query cache skips those, and that cache
 *   deep-clones every result it hands out (about as long as the read itself). Live queries still
 *   observe the read, and the experiments are read as one consistent snapshot.
 */
export async function listRuns(
  db: TrainyardDB,
  options: { experimentIds: readonly ExperimentId[]; viewType?: ViewType },
): Promise<Run[]> {
  const viewType = options.viewType ?? 'ACTIVE_ONLY';
  const ids = [...new Set(options.experimentIds)].sort();
  const parts = await db.transaction('r', db.runs, () =>
    Promise.all(ids.map((id) => db.runs.where('experimentId').equals(id).toArray())),
  );
  const out: Run[] = [];
  for (const rows of parts) for (const row of rows) if (inView(row, viewType)) out.push(toRun(row));
  return out;
}

/**
 * The `limit` newest runs of one experiment (by start time), every lifecycle stage: a first screen
 * for the runs table while listRuns reads the rest.
 */
export async function listNewestRuns(db: TrainyardDB, options: { experimentId: ExperimentId; limit: number }): Promise<Run[]> {
  const rows = await db.transaction('r', db.runs, () =>
    db.runs
      .where('[experimentId+startTime]')
      .between([options.experimentId, Dexie.minKey], [options.experimentId, Dexie.maxKey])
      .reverse()
      .limit(options.limit)
      .toArray(),
  );
  return rows.map(toRun);
}

/** Every run (of every experiment) started at or after `since`, by the (experiment, start time) index. */
export async function listRunsStartedSince(db: TrainyardDB, since: number): Promise<Run[]> {
  const rows = await db.transaction('r', [db.experiments, db.runs], async () => {
    const experiments = await db.experiments.toCollection().primaryKeys();
    const lists = await Promise.all(experiments.map((experimentId) => db.runs.where('[experimentId+startTime]').between([experimentId, since], [experimentId, Dexie.maxKey]).toArray()));
    return lists.flat();
  });
  return rows.map(toRun);
}

export async function searchRuns(db: TrainyardDB, options: SearchRunsOptions): Promise<SearchRunsResult> {
  // Parse before reading, so a bad filter fails fast with its position.
  const filter = parseFilter(options.filter ?? '');
  const orderBy = parseOrderBy(options.orderBy ?? []);
  const maxResults = options.maxResults ?? SEARCH_MAX_RESULTS_DEFAULT;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > SEARCH_MAX_RESULTS_LIMIT) {
    throw new TrackingError(
      'INVALID_PARAMETER_VALUE',
      `Invalid maxResults ${String(maxResults)}: it must be an integer from 1 to ${SEARCH_MAX_RESULTS_LIMIT}.`,
    );
  }
  const offset = decodePageToken(options.pageToken);
  const runs = await listRuns(db, options);
  const sorted = sortRuns(
    runs.filter((run) => matchesFilter(filter, run)),
    orderBy,
  );
  const page = sorted.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return { runs: page, nextPageToken: next < sorted.length ? encodePageToken(next) : null };
}
