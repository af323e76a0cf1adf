/**
 * The search as a pure state machine over `SearchState`, which the lead stores with the parent
 * run. Every function returns a new state and leaves its input untouched.
 *
 * Determinism: trial i draws from its own random stream, seeded by (seed, i), and TPE sees only
 * the trials before it in the state. So the same state gives the same suggestion, whether it was
 * just computed or read back after a reload.
 *
 * Parallel trials: `suggestNext` works while other trials are pending or running. Like hyperopt's
 * `tpe.suggest`, which gives in-flight trials an infinite loss, TPE counts them as observations in
 * the "above" (bad) group, so a new suggestion leans away from points already being tried, and
 * they count towards the start-up trials. Failed trials count the same way (hyperopt's
 * STATUS_FAIL has no loss). Killed trials are left out, as hyperopt leaves out cancelled jobs.
 */
import { TrackingError } from '../errors';
import { createRandom } from '../ml/random';
import { gridPoint, gridSize } from './gridSampler';
import type { SearchState, SearchTrial, StopReason, SuggestedParams } from './search.types';
import { sampleRandom, suggestTpe, type Observation } from './tpe';

/**
 * The seed of trial `index`'s random stream: murmur3's 32-bit finaliser over the search seed and
 * the index, so neighbouring trials get unrelated streams.
 */
export function trialSeed(seed: number, index: number): number {
  const fmix = (h0: number): number => {
    let h = h0 >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  return fmix((seed >>> 0) ^ fmix(Math.imul(index + 1, 0x9e3779b9)) ^ fmix(Math.floor(seed / 4294967296)));
}

const IN_FLIGHT: ReadonlySet<SearchTrial['status']> = new Set(['pending', 'running']);

/** The trial's loss: its objective, sign-flipped when the objective is maximised; +Infinity unless completed. */
export function trialLoss(state: SearchState, trial: SearchTrial): number {
  if (trial.status !== 'completed' || trial.objective === undefined) return Infinity;
  return state.objective.direction === 'maximize' ? -trial.objective : trial.objective;
}

function counted(state: SearchState): SearchTrial[] {
  return state.trials.filter((t) => t.status !== 'killed');
}

/** The completed trial with the best objective (earliest on ties), if any. */
export function bestTrial(state: SearchState): SearchTrial | undefined {
  let best: SearchTrial | undefined;
  for (const trial of state.trials) {
    if (trial.status === 'completed' && (best === undefined || trialLoss(state, trial) < trialLoss(state, best))) best = trial;
  }
  return best;
}

/** Finished trials (completed or failed) after the best one, in index order; all of them when none completed. */
function trialsSinceBest(state: SearchState): number {
  const best = bestTrial(state);
  return state.trials.filter((t) => (t.status === 'completed' || t.status === 'failed') && (best === undefined || t.index > best.index)).length;
}

function usedGridIndices(state: SearchState): Set<number> {
  return new Set(counted(state).flatMap((t) => (t.gridIndex === undefined ? [] : [t.gridIndex])));
}

/**
 * Why no new trial may start now, or undefined when one may. `now` (epoch ms) is needed only for
 * the `maxSeconds` budget.
 */
export function stopReason(state: SearchState, now?: number): StopReason | undefined {
  const { budget } = state;
  if (state.stopped === true) return 'stopped';
  if (budget.stopAfterNoImprovement !== undefined && trialsSinceBest(state) >= budget.stopAfterNoImprovement) return 'no-improvement';
  if (now !== undefined && budget.maxSeconds !== undefined && now - state.startedAt >= budget.maxSeconds * 1000) return 'max-seconds';
  if (state.algorithm.name === 'grid' && usedGridIndices(state).size >= gridSize(state.space)) return 'grid-exhausted';
  if (counted(state).length >= budget.maxTrials) return 'max-trials';
  return undefined;
}

export type DoneCheck =
  | { readonly done: true; readonly reason: StopReason }
  /** `reason` set: no new trials, but `inFlight` trials must still finish (or be killed). */
  | { readonly done: false; readonly reason?: StopReason; readonly inFlight: number };

/** Done when no new trial may start and none is pending or running. */
export function isDone(state: SearchState, now?: number): DoneCheck {
  const reason = stopReason(state, now);
  const inFlight = state.trials.filter((t) => IN_FLIGHT.has(t.status)).length;
  if (reason !== undefined && inFlight === 0) return { done: true, reason };
  return reason === undefined ? { done: false, inFlight } : { done: false, reason, inFlight };
}

export type Suggestion =
  | { readonly ok: true; readonly state: SearchState; readonly trial: SearchTrial }
  | { readonly ok: false; readonly reason: StopReason };

function observations(state: SearchState): Observation[] {
  return counted(state).map((t) => ({ params: t.params, loss: trialLoss(state, t) }));
}

/**
 * The next trial's parameters, appended to the state as a pending trial; or why there is none.
 * Deterministic: the suggestion depends only on the state (the seed, the space, the algorithm and
 * the earlier trials); `now` only decides whether the time budget allows a new trial.
 */
export function suggestNext(state: SearchState, now?: number): Suggestion {
  const reason = stopReason(state, now);
  if (reason !== undefined) return { ok: false, reason };
  const index = state.trials.length;
  const random = createRandom(trialSeed(state.seed, index));
  let params: SuggestedParams;
  let gridIndex: number | undefined;
  switch (state.algorithm.name) {
    case 'random':
      params = sampleRandom(state.space, random);
      break;
    case 'tpe':
      params = suggestTpe(state.space, observations(state), random, state.algorithm);
      break;
    case 'grid': {
      const used = usedGridIndices(state);
      let next = 0;
      while (used.has(next)) next++;
      gridIndex = next;
      params = gridPoint(state.space, next);
      break;
    }
  }
  const trial: SearchTrial = gridIndex === undefined ? { index, params, status: 'pending' } : { index, params, status: 'pending', gridIndex };
  return { ok: true, state: { ...state, trials: [...state.trials, trial] }, trial };
}

function findTrial(state: SearchState, index: number): SearchTrial {
  const trial = state.trials[index];
  if (trial === undefined || trial.index !== index) {
    throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `trial ${index} does not exist; this search has ${state.trials.length} trials`);
  }
  return trial;
}

function replaceTrial(state: SearchState, trial: SearchTrial): SearchState {
  return { ...state, trials: state.trials.map((t) => (t.index === trial.index ? trial : t)) };
}

/** pending → running, recording the child run and the start time. */
export function markRunning(state: SearchState, index: number, options: { runId?: string; startedAt?: number } = {}): SearchState {
  const trial = findTrial(state, index);
  if (trial.status !== 'pending') {
    throw new TrackingError('INVALID_STATE', `trial ${index} is ${trial.status}; only a pending trial can start running`);
  }
  return replaceTrial(state, {
    ...trial,
    status: 'running',
    ...(options.runId === undefined ? {} : { runId: options.runId }),
    ...(options.startedAt === undefined ? {} : { startedAt: options.startedAt }),
  });
}

export type TrialResult =
  | { readonly status: 'completed'; readonly objective: number }
  | { readonly status: 'failed'; readonly error: string }
  | { readonly status: 'killed'; readonly error?: string };

/**
 * Ends a pending or running trial. A completed trial whose objective is not a finite number
 * (NaN from a diverged model) is recorded as failed, with the reason. Ending a trial twice is an
 * INVALID_STATE error, so a late message from a stopped worker cannot overwrite a result.
 */
export function recordResult(state: SearchState, index: number, result: TrialResult, endedAt?: number): SearchState {
  const trial = findTrial(state, index);
  if (!IN_FLIGHT.has(trial.status)) {
    throw new TrackingError('INVALID_STATE', `trial ${index} already ended as ${trial.status}; its result can't change`);
  }
  const base = { index: trial.index, params: trial.params, ...pick(trial), ...(endedAt === undefined ? {} : { endedAt }) };
  let ended: SearchTrial;
  if (result.status === 'completed') {
    ended = Number.isFinite(result.objective)
      ? { ...base, status: 'completed', objective: result.objective }
      : { ...base, status: 'failed', error: `the objective ${state.objective.metric} was ${String(result.objective)}` };
  } else if (result.status === 'failed') {
    ended = { ...base, status: 'failed', error: result.error };
  } else {
    ended = { ...base, status: 'killed', ...(result.error === undefined ? {} : { error: result.error }) };
  }
  return replaceTrial(state, ended);
}

function pick(trial: SearchTrial): Partial<Pick<SearchTrial, 'gridIndex' | 'runId' | 'startedAt'>> {
  return {
    ...(trial.gridIndex === undefined ? {} : { gridIndex: trial.gridIndex }),
    ...(trial.runId === undefined ? {} : { runId: trial.runId }),
    ...(trial.startedAt === undefined ? {} : { startedAt: trial.startedAt }),
  };
}

/** Stop: no new trials. The lead kills the trials in flight and records each as killed. */
export function stopSearch(state: SearchState): SearchState {
  return { ...state, stopped: true };
}

/**
 * After a reload: trials that were running lost their worker, so they end as killed (not
 * counting against `maxTrials`, so the search suggests replacements). Pending trials, never
 * started, stay pending for the lead to start.
 */
export function resumeSearch(state: SearchState, now?: number): SearchState {
  let next = state;
  for (const trial of state.trials) {
    if (trial.status === 'running') {
      next = recordResult(next, trial.index, { status: 'killed', error: 'interrupted: the page was closed or reloaded while it ran' }, now);
    }
  }
  return next;
}
