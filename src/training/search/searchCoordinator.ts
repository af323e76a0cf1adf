/**
 * Runs a hyperparameter search as MLflow's hyperparam example does: one parent run, one child run
 * per trial (mlflow.parentRunId), trials in parallel through the training pool. After every trial
 * the parent logs the running best (`best_<objective>` at step = trial index), the best run and
 * params as tags, and rewrites `search_state.json`, from which a reload resumes. At the end the
 * parent gets `trials.csv` and ends FINISHED, or KILLED when stopped. The decisions are pure
 * (domain/search and searchPlan.ts); this file only performs them.
 */
import type { TrackingClient } from '../../db/trackingClient';
import { killedRunsTagged } from '../../db/queries';
import { tryHoldLock } from '../../db/writerLiveness';
import { PREPROCESSING_FILES } from '../../domain/playground/exportModel';
import type { ExperimentId, RunId } from '../../domain/ids';
import { TrackingError } from '../../domain/errors';
import { findEntryPoint, findRecipe } from '../../domain/recipes/recipeCatalogue';
import type { EntryPoint, Params } from '../../domain/recipes/recipe.types';
import {
  bestTrial,
  isDone,
  markRunning,
  recordResult,
  resumeSearch,
  stopSearch,
  suggestNext,
  trialTableCsv,
  type SearchState,
  type SearchTrial,
  type StopReason,
} from '../../domain/search';
import { describeFailure, failureTags, TAG_KILLED_REASON } from '../failure';
import type { BackendName, TrainRequest } from '../protocol';
import type { TrainResult } from '../trainingPool';
import {
  bestPoints,
  bestRunMetrics,
  bestTags,
  defaultParentName,
  MODEL_ARTIFACT_PATH,
  parentParams,
  parentTags,
  parseStoredSearch,
  planSearch,
  retargetMlmodel,
  SEARCH_STATE_PATH,
  storedSearch,
  TAG_SEARCH_ALGORITHM,
  trialParams,
  trialRequest,
  trialResult,
  TRIALS_CSV_PATH,
  withRunId,
  type SearchRunRequest,
  type SearchSetup,
} from './searchPlan';

/** The part of the training pool a search uses. */
export interface SearchPool {
  train(request: TrainRequest, onStarted?: (runId: RunId) => void): Promise<TrainResult>;
  stop(runId: RunId): boolean;
}

export interface SearchDeps {
  client: TrackingClient;
  /** Asked for on each trial, so no worker starts before a search does. */
  pool: () => SearchPool;
  backend: () => BackendName | 'auto';
  experimentId: () => ExperimentId;
  /** Before each trial: e.g. download its built-in dataset once. */
  prepare?: (params: Params) => Promise<void>;
  now?: () => number;
  /**
   * Takes a lock held for as long as this page runs the search, or null when another page holds
   * it, so two tabs never resume one search together. Defaults to a Web Lock.
   */
  lock?: (name: string) => Promise<(() => void) | null>;
}

/** The lock a page holds while it runs a search. */
export function searchLockName(parentRunId: RunId): string {
  return `trainyard-search:${parentRunId}`;
}

export interface SearchOutcome {
  parentRunId: RunId;
  status: 'FINISHED' | 'KILLED' | 'FAILED';
  /** Why no more trials started. */
  reason?: StopReason;
  state: SearchState;
}

/** Why a trial ends when its search is stopped. */
export const SEARCH_STOPPED = 'The search was stopped.';

/**
 * What the parent keeps of the best trial: its train/val/test metrics under the same names, a
 * copy of its model (MLmodel's run_id pointing at the parent) and the preprocessing files the
 * model predicts through, as MLflow's hyperparameter example keeps the best run's results on the
 * parent run.
 */
async function keepBestTrial(client: TrackingClient, bestRunId: RunId, parentRunId: RunId): Promise<void> {
  const best = await client.getRun(bestRunId);
  const metrics = bestRunMetrics(best);
  if (Object.keys(metrics).length > 0) client.logMetrics(metrics, { runId: parentRunId, step: 0 });
  await copyArtifacts(client, bestRunId, parentRunId, MODEL_ARTIFACT_PATH);
  // What the model needs to predict from raw inputs (the recipes log it at the run's root).
  const atRoot = new Set((await client.listArtifacts(bestRunId)).map((f) => f.path));
  for (const file of PREPROCESSING_FILES) {
    if (atRoot.has(file)) await client.logArtifact(await client.downloadArtifact(bestRunId, file), file, { runId: parentRunId });
  }
}

async function copyArtifacts(client: TrackingClient, from: RunId, to: RunId, path: string): Promise<void> {
  for (const entry of await client.listArtifacts(from, path)) {
    if (entry.isDir) {
      await copyArtifacts(client, from, to, entry.path);
      continue;
    }
    const blob = await client.downloadArtifact(from, entry.path);
    const content = entry.path === `${MODEL_ARTIFACT_PATH}/MLmodel` ? retargetMlmodel(await blob.text(), to) : blob;
    await client.logArtifact(content, entry.path, { runId: to });
  }
}

class ActiveSearch {
  state: SearchState;
  readonly done: Promise<SearchOutcome>;
  private resolveDone!: (outcome: SearchOutcome) => void;
  /** Trial index → its child run, once the worker has created it. */
  private readonly inFlight = new Map<number, RunId | null>();
  private writes: Promise<void> = Promise.resolve();
  private writeError: unknown = null;
  private finishing = false;
  /** The last trial index the parent's running-best curve covers. */
  private loggedUpTo: number;
  private readonly deps: SearchDeps;
  readonly parentRunId: RunId;
  private readonly setup: SearchSetup;
  private readonly entryPoint: EntryPoint;
  private readonly onEnd: () => void;

  constructor(deps: SearchDeps, parentRunId: RunId, setup: SearchSetup, entryPoint: EntryPoint, state: SearchState, onEnd: () => void, loggedUpTo = -1) {
    this.deps = deps;
    this.loggedUpTo = loggedUpTo;
    this.parentRunId = parentRunId;
    this.setup = setup;
    this.entryPoint = entryPoint;
    this.onEnd = onEnd;
    this.state = state;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Starts trials until `parallel` are in flight or the budget says no more; finishes when nothing is left. */
  pump(): void {
    if (this.finishing) return;
    for (const trial of this.state.trials) {
      if (trial.status === 'pending' && this.inFlight.size < this.setup.parallel && !this.state.stopped) this.launch(trial);
    }
    while (!this.state.stopped && this.inFlight.size < this.setup.parallel) {
      const suggestion = suggestNext(this.state, this.now());
      if (!suggestion.ok) break;
      this.state = suggestion.state;
      this.launch(suggestion.trial);
    }
    const check = isDone(this.state, this.now());
    if (check.done && this.inFlight.size === 0) void this.finish(check.reason);
  }

  stop(): void {
    if (this.state.stopped === true) return;
    this.state = stopSearch(this.state);
    const pool = this.deps.pool();
    for (const runId of this.inFlight.values()) if (runId) pool.stop(runId);
    this.persist();
    this.pump();
  }

  private launch(trial: SearchTrial): void {
    const checked = trialParams(this.entryPoint, this.setup, trial.params);
    if (!checked.ok) {
      this.state = recordResult(this.state, trial.index, { status: 'failed', error: checked.error }, this.now());
      this.afterTrial();
      return;
    }
    this.state = markRunning(this.state, trial.index, { startedAt: this.now() });
    this.inFlight.set(trial.index, null);
    const request = trialRequest({
      setup: this.setup,
      trial,
      params: checked.params,
      parentRunId: this.parentRunId,
      backend: this.deps.backend(),
      requestId: crypto.randomUUID(),
    });
    const onStarted = (runId: RunId) => {
      this.inFlight.set(trial.index, runId);
      this.state = withRunId(this.state, trial.index, runId);
      if (this.state.stopped === true) this.deps.pool().stop(runId);
      this.persist();
    };
    const train = async (): Promise<TrainResult> => {
      await this.deps.prepare?.(checked.params);
      return this.deps.pool().train(request, onStarted);
    };
    void train()
      .catch((error: unknown): TrainResult => ({ runId: null, status: 'FAILED', error: error instanceof Error ? error.message : String(error) }))
      .then((outcome) => this.settle(trial.index, outcome));
  }

  private async settle(index: number, outcome: TrainResult): Promise<void> {
    let child = null;
    if (outcome.status === 'FINISHED' && outcome.runId) {
      child = await this.deps.client.getRun(outcome.runId).catch(() => null);
    }
    if (outcome.runId) this.state = withRunId(this.state, index, outcome.runId);
    const result = trialResult(
      outcome.status === 'KILLED' && this.state.stopped === true ? { status: 'KILLED', error: SEARCH_STOPPED } : outcome,
      child,
      this.state.objective.metric,
    );
    this.state = recordResult(this.state, index, result, this.now());
    this.inFlight.delete(index);
    this.afterTrial();
    this.pump();
  }

  /** The parent's record of a finished trial: the running best and the state to resume from. */
  private afterTrial(): void {
    const { client } = this.deps;
    const curve = bestPoints(this.state, this.loggedUpTo);
    this.loggedUpTo = curve.upTo;
    const tags = bestTags(this.state);
    this.write(async () => {
      for (const point of curve.points) client.logMetric(curve.key, point.value, { runId: this.parentRunId, step: point.step });
      if (tags) await client.setTags(tags, { runId: this.parentRunId });
    });
    this.persist();
  }

  private persist(): void {
    const text = JSON.stringify(storedSearch(this.setup, this.state));
    this.write(() => this.deps.client.logText(text, SEARCH_STATE_PATH, { runId: this.parentRunId }));
  }

  /** Parent writes go one after another, in order; the first failure ends the search FAILED. */
  private write(action: () => Promise<void>): void {
    this.writes = this.writes.then(action).catch((error: unknown) => {
      this.writeError ??= error;
      console.error('Could not record the search on its parent run:', error);
    });
  }

  private async finish(reason: StopReason | undefined): Promise<void> {
    if (this.finishing) return;
    this.finishing = true;
    const { client } = this.deps;
    const stopped = this.state.stopped === true;
    const best = bestTrial(this.state);
    if (best?.runId !== undefined) {
      const bestRunId = best.runId as RunId;
      this.write(() => keepBestTrial(client, bestRunId, this.parentRunId));
    }
    this.persist();
    const csv = trialTableCsv(this.state);
    this.write(() => client.logText(csv, TRIALS_CSV_PATH, { runId: this.parentRunId }));
    await this.writes;
    let status: SearchOutcome['status'] = stopped ? 'KILLED' : 'FINISHED';
    const tags: Record<string, string> = stopped ? { [TAG_KILLED_REASON]: SEARCH_STOPPED } : {};
    if (this.writeError !== null) {
      status = 'FAILED';
      Object.assign(tags, failureTags(describeFailure(this.writeError)));
    }
    try {
      await client.endRun(status, { runId: this.parentRunId, tags });
    } catch (error) {
      console.error('Could not end the search run:', error);
      status = 'FAILED';
    }
    this.onEnd();
    this.resolveDone({ parentRunId: this.parentRunId, status, ...(reason === undefined ? {} : { reason }), state: this.state });
  }
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
    const { client } = this.deps;
    // Ends RUNNING runs whose writer is gone, this search and its trials among them.
    await client.killOrphanedRuns();
    const parent = await client.getRun(parentRunId);
    if (parent.tags[TAG_SEARCH_ALGORITHM] === undefined) {
      throw new TrackingError('INVALID_PARAMETER_VALUE', `Run ${parentRunId} is not a search: it has no ${TAG_SEARCH_ALGORITHM} tag.`);
    }
    if (parent.status === 'RUNNING') {
      throw new TrackingError('INVALID_STATE', `Search ${parentRunId} is running in another tab or window; stop or close it there first.`);
    }
    const stored = parseStoredSearch(await (await client.downloadArtifact(parentRunId, SEARCH_STATE_PATH)).text());
    if (parent.status !== 'KILLED' || stored.state.stopped === true) {
      throw new TrackingError('INVALID_STATE', `Search ${parentRunId} ended (${parent.status}${stored.state.stopped === true ? ', stopped' : ''}); only an interrupted search can be resumed.`);
    }
    const entryPoint = findEntryPoint(findRecipe(stored.setup.recipe), stored.setup.entryPoint);
    const interrupted = stored.state.trials.filter((t) => t.status === 'running');
    const state = resumeSearch(stored.state, this.now());
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
    const search = this.track(parentRunId, stored.setup, entryPoint, state, release, loggedUpTo);
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
      let stopped: boolean;
      try {
        const stored = parseStoredSearch(await (await client.downloadArtifact(runId, SEARCH_STATE_PATH)).text());
        stopped = stored.state.stopped === true;
      } catch {
        continue; // no readable state: nothing to resume from
      }
      if (stopped) continue;
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
