/**
 * Runs a hyperparameter search as MLflow's hyperparam example does: one parent run, one child run
 * per trial (mlflow.parentRunId), trials in parallel through the training pool. After every trial
 * the parent logs the running best (`best_<objective>` at step = trial index), the best run and
 * params as tags, and rewrites `search_state.json`, from which a reload resumes. At the end the
 * parent gets `trials.csv` and ends FINISHED, or KILLED when stopped. The decisions are pure
 * (domain/search and searchPlan.ts); this file only performs them.
 *
 * This file starts, stops and resumes searches, each under a Web Lock; one search's trials and
 * parent writes are in activeSearch.ts, reopening an interrupted one in searchResume.ts.
 */
import { killedRunsTagged } from '../../db/queries';
import { tryHoldLock } from '../../db/writerLiveness';
import { TrackingError } from '../../domain/errors';
import type { RunId } from '../../domain/ids';
import type { EntryPoint } from '../../domain/recipes/recipe.types';
import type { SearchState } from '../../domain/search';
import { describeFailure, failureTags } from '../../domain/tracking/failure';
import { ActiveSearch } from './activeSearch';
import type { SearchDeps, SearchOutcome } from './searchCoordinator.types';
import { defaultParentName, parentParams, parentTags, TAG_SEARCH_ALGORITHM } from './searchParentRun';
import { planSearch, type SearchRunRequest } from './searchPlan';
import { canResumeFromState, reopenInterruptedSearch } from './searchResume';
import { SEARCH_STATE_PATH, storedSearch, type SearchSetup } from './storedSearch';

export { SEARCH_STOPPED } from './activeSearch';
export type { SearchDeps, SearchOutcome, SearchPool } from './searchCoordinator.types';

/** The lock a page holds while it runs a search. */
export function searchLockName(parentRunId: RunId): string {
  return `trainyard-search:${parentRunId}`;
}

export class SearchCoordinator {
  private readonly active = new Map<RunId, ActiveSearch>();

  private readonly deps: SearchDeps;

  constructor(deps: SearchDeps) {
    this.deps = deps;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private lock(parentRunId: RunId): Promise<(() => void) | null> {
    return (this.deps.lock ?? tryHoldLock)(searchLockName(parentRunId));
  }

  /**
   * Checks the request (no run is created on bad input), creates the parent run and starts the
   * trials. Resolves with the parent run id and a promise of the outcome.
   */
  async start(request: SearchRunRequest): Promise<{ parentRunId: RunId; done: Promise<SearchOutcome> }> {
    const { client } = this.deps;
    const { setup, state, entryPoint } = planSearch(request, { experimentId: this.deps.experimentId(), now: this.now() });
    const runName = typeof request.runName === 'string' && request.runName.trim() !== '' ? request.runName.trim() : defaultParentName(setup, state);
    const parent = await client.createRun({ experimentId: setup.experimentId, runName, tags: parentTags(setup, state, runName) });
    try {
      await client.logParams(parentParams(setup, state), { runId: parent.runId });
      await client.logText(JSON.stringify(storedSearch(setup, state)), SEARCH_STATE_PATH, { runId: parent.runId });
    } catch (error) {
      await client.endRun('FAILED', { runId: parent.runId, tags: failureTags(describeFailure(error)) }).catch(() => undefined);
      throw error;
    }
    // A new name: nobody else can hold it. Without it (null) another tab could resume this search.
    const release = (await this.lock(parent.runId)) ?? (() => {});
    const search = this.track(parent.runId, setup, entryPoint, state, release);
    search.pump();
    return { parentRunId: parent.runId, done: search.done };
  }

  /** Runs a whole search; resolves with the parent run id when it ends. */
  async run(request: SearchRunRequest): Promise<SearchOutcome> {
    const { done } = await this.start(request);
    return done;
  }

  /** Stops a search running in this page: no new trials, the running ones end KILLED, then the parent. */
  stop(parentRunId: RunId): boolean {
    const search = this.active.get(parentRunId);
    search?.stop();
    return search !== undefined;
  }

  /** Parent run ids of the searches this page is running. */
  runningSearches(): RunId[] {
    return [...this.active.keys()];
  }

  /** The live state of a search running in this page. */
  stateOf(parentRunId: RunId): SearchState | undefined {
    return this.active.get(parentRunId)?.state;
  }

  /**
   * Resumes a search whose page went away (reload, closed tab): from its `search_state.json`,
   * trials that were running end KILLED (they don't count against the budget) and the search goes
   * on under the same parent run. Refuses searches that ended (finished or stopped) or that another
   * live page is running.
   */
  async resume(parentRunId: RunId): Promise<SearchOutcome> {
    const running = this.active.get(parentRunId);
    if (running) return running.done;
    const release = await this.lock(parentRunId);
    if (release === null) {
      throw new TrackingError('INVALID_STATE', `Search ${parentRunId} is running in another tab or window; stop or close it there first.`);
    }
    return this.resumeHolding(parentRunId, release);
  }

  /** Resumes holding the search's lock; releases it when the search ends or can't be resumed. */
  private async resumeHolding(parentRunId: RunId, release: () => void): Promise<SearchOutcome> {
    try {
      return await this.resumeLocked(parentRunId, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  private async resumeLocked(parentRunId: RunId, release: () => void): Promise<SearchOutcome> {
    const running = this.active.get(parentRunId);
    if (running) {
      release();
      return running.done;
    }
    const { setup, entryPoint, state, loggedUpTo } = await reopenInterruptedSearch(this.deps.client, parentRunId, () => this.now());
    const search = this.track(parentRunId, setup, entryPoint, state, release, loggedUpTo);
    search.pump();
    return search.done;
  }

  /**
   * Resumes every interrupted search (a search parent KILLED because its page went away, or still
   * RUNNING with its writer gone) and returns their parent run ids; their outcomes arrive later.
   */
  async resumeInterrupted(options: { onOutcome?: (outcome: Promise<SearchOutcome>) => void } = {}): Promise<RunId[]> {
    const { client } = this.deps;
    await client.killOrphanedRuns();
    const candidates = (await killedRunsTagged(client.db, TAG_SEARCH_ALGORITHM)).filter((run) => !this.active.has(run.runId));
    const resumed: RunId[] = [];
    for (const row of candidates) {
      const runId = row.runId as RunId;
      // No readable state, or a stopped search: nothing to resume from.
      if (!(await canResumeFromState(client, runId))) continue;
      // Another page holding the lock is resuming or running it: leave it to that page.
      const release = await this.lock(runId);
      if (release === null) continue;
      const outcome = this.resumeHolding(runId, release);
      options.onOutcome?.(outcome);
      outcome.catch((error: unknown) => console.error(`Could not resume search ${runId}:`, error));
      resumed.push(runId);
    }
    return resumed;
  }

  private track(parentRunId: RunId, setup: SearchSetup, entryPoint: EntryPoint, state: SearchState, release: () => void, loggedUpTo = -1): ActiveSearch {
    const onEnd = () => {
      this.active.delete(parentRunId);
      release();
    };
    const search = new ActiveSearch(this.deps, parentRunId, setup, entryPoint, state, onEnd, loggedUpTo);
    this.active.set(parentRunId, search);
    return search;
  }
}
