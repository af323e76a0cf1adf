/**
 * The store's side of resuming a search whose page went away (reload, closed tab): reading its
 * `search_state.json`, checking that the parent run is an interrupted search, reopening it and
 * ending the trials that were running. searchCoordinator.ts holds the search's lock around this
 * and runs the search on from the point it returns.
 */
import type { TrackingClient } from '../../db/trackingClient';
import { TrackingError } from '../../domain/errors';
import type { RunId } from '../../domain/ids';
import { findEntryPoint, findRecipe } from '../../domain/recipes/recipeCatalogue';
import type { EntryPoint } from '../../domain/recipes/recipe.types';
import { resumeSearch, type SearchState } from '../../domain/search';
import { TAG_KILLED_REASON } from '../../domain/tracking/failure';
import { TAG_SEARCH_ALGORITHM } from './searchParentRun';
import { parseStoredSearch, SEARCH_STATE_PATH, type SearchSetup, type StoredSearch } from './storedSearch';

/** Where a reopened search goes on from. */
export interface ResumePoint {
  setup: SearchSetup;
  entryPoint: EntryPoint;
  state: SearchState;
  /** The last trial index the parent's running-best curve covers. */
  loggedUpTo: number;
}

/** A parent run's `search_state.json`, read and checked (parseStoredSearch). */
export async function readStoredSearch(client: TrackingClient, parentRunId: RunId): Promise<StoredSearch> {
  return parseStoredSearch(await (await client.downloadArtifact(parentRunId, SEARCH_STATE_PATH)).text());
}

/** Whether a search can go on from its stored state: the state is readable and wasn't stopped. */
export async function canResumeFromState(client: TrackingClient, parentRunId: RunId): Promise<boolean> {
  let stopped: boolean;
  try {
    const stored = await readStoredSearch(client, parentRunId);
    stopped = stored.state.stopped === true;
  } catch {
    return false; // no readable state: nothing to resume from
  }
  return !stopped;
}

/**
 * Reopens an interrupted search's parent run: refuses a run that is no search, still RUNNING, or
 * ended (finished or stopped); otherwise trials that were running end KILLED (they don't count
 * against the budget) and the returned point carries on from the stored state. `now` is read once,
 * when the state is resumed.
 */
export async function reopenInterruptedSearch(client: TrackingClient, parentRunId: RunId, now: () => number): Promise<ResumePoint> {
  // Ends RUNNING runs whose writer is gone, this search and its trials among them.
  await client.killOrphanedRuns();
  const parent = await client.getRun(parentRunId);
  if (parent.tags[TAG_SEARCH_ALGORITHM] === undefined) {
    throw new TrackingError('INVALID_PARAMETER_VALUE', `Run ${parentRunId} is not a search: it has no ${TAG_SEARCH_ALGORITHM} tag.`);
  }
  if (parent.status === 'RUNNING') {
    throw new TrackingError('INVALID_STATE', `Search ${parentRunId} is running in another tab or window; stop or close it there first.`);
  }
  const stored = await readStoredSearch(client, parentRunId);
  if (parent.status !== 'KILLED' || stored.state.stopped === true) {
    throw new TrackingError('INVALID_STATE', `Search ${parentRunId} ended (${parent.status}${stored.state.stopped === true ? ', stopped' : ''}); only an interrupted search can be resumed.`);
  }
  const entryPoint = findEntryPoint(findRecipe(stored.setup.recipe), stored.setup.entryPoint);
  const interrupted = stored.state.trials.filter((t) => t.status === 'running');
  const state = resumeSearch(stored.state, now());
  await client.reopenRun(parentRunId);
  for (const trial of interrupted) {
    if (!trial.runId) continue;
    const childId = trial.runId as RunId;
    const child = await client.getRun(childId).catch(() => null);
    if (child?.status === 'RUNNING') {
      await client.endRun('KILLED', { runId: childId, tags: { [TAG_KILLED_REASON]: 'interrupted: the page was closed or reloaded while it ran' } });
    }
  }
  // The curve goes on after the last point logged before the page went away.
  const logged = await client.getMetricHistory(parentRunId, `best_${state.objective.metric}`).catch(() => []);
  const loggedUpTo = logged.reduce((max, point) => Math.max(max, point.step), -1);
  return { setup: stored.setup, entryPoint, state, loggedUpTo };
}
