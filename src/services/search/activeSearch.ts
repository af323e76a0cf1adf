/**
 * One search running in this page, from its first trial to the end of its parent run: it keeps
 * up to `parallel` trials in flight through the training pool, records each ended trial on the
 * parent (the running best and `search_state.json`, written one after another), and at the end
 * keeps the best trial, writes `trials.csv` and ends the parent. searchCoordinator.ts creates it,
 * for a new search or a resumed one.
 */
import type { RunId } from '../../domain/ids';
import type { EntryPoint } from '../../domain/recipes/recipe.types';
import {
  bestTrial,
  isDone,
  markRunning,
  recordResult,
  stopSearch,
  suggestNext,
  trialTableCsv,
  type SearchState,
  type SearchTrial,
  type StopReason,
} from '../../domain/search';
import { describeFailure, failureTags, TAG_KILLED_REASON } from '../../domain/tracking/failure';
import type { TrainResult } from '../training/trainingPool';
import { keepBestTrial } from './bestTrialCopy';
import type { SearchDeps, SearchOutcome } from './searchCoordinator.types';
import { bestPoints, bestTags, TRIALS_CSV_PATH } from './searchParentRun';
import { trialParams, trialRequest, trialResult, withRunId } from './searchTrials';
import { SEARCH_STATE_PATH, storedSearch, type SearchSetup } from './storedSearch';

/** Why a trial ends when its search is stopped. */
export const SEARCH_STOPPED = 'The search was stopped.';

/** A search this page runs; `done` resolves when its parent run has ended. */
export class ActiveSearch {
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
