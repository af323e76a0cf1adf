/** Reads for runs: search with MLflow's filter grammar (plus OR and parentheses), order and pages. */
import { TrackingError } from '../domain/errors';
import type { ExperimentId } from '../domain/ids';
import { decodePageToken, encodePageToken } from '../domain/tracking/pageToken';
import { matchesFilter, parseFilter, parseOrderBy, sortRuns } from '../domain/tracking/searchFilter';
import type { Run, ViewType } from '../domain/tracking/types';
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

export function inView(run: Pick<Run, 'lifecycleStage'>, viewType: ViewType): boolean {
  if (viewType === 'ALL') return true;
  return (run.lifecycleStage === 'active') === (viewType === 'ACTIVE_ONLY');
}

/** All runs of the experiments in one view, unsorted; what the runs table observes live. */
export async function listRuns(
  db: TrainyardDB,
  options: { experimentIds: readonly ExperimentId[]; viewType?: ViewType },
): Promise<Run[]> {
  const viewType = options.viewType ?? 'ACTIVE_ONLY';
  const rows = await db.runs.where('experimentId').anyOf(options.experimentIds as ExperimentId[]).toArray();
  return rows.filter((r) => inView(r, viewType)).map(toRun);
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
