import { describe, expect, it } from 'vitest';
import type { SearchSpace, SearchState } from './search.types';
import { checkSearchRequest, createSearchState, type SearchRequest } from './searchConfig';
import {
  bestTrial, isDone, markRunning, recordResult, resumeSearch, stopReason, stopSearch, suggestNext, trialSeed,
} from './searchState';
import { bestSoFar, trialTableCsv, trialTableRows } from './trialTable';

const space: SearchSpace = [
  { name: 'learning_rate', type: 'loguniform', low: 1e-4, high: 1e-1 },
  { name: 'momentum', type: 'uniform', low: 0, high: 0.99 },
];

const bowl = (p: Record<string, number | string>): number =>
  (Math.log10(p.learning_rate as number) + 2) ** 2 + ((p.momentum as number) - 0.9) ** 2;

function start(overrides: Partial<SearchRequest> = {}): SearchState {
  return createSearchState({ space, algorithm: 'tpe', objective: { metric: 'val_rmse', direction: 'minimize' }, seed: 42, maxTrials: 30, ...overrides }, 1_000);
}

/** Suggest, run and complete one trial at a time with `objective`. */
function runSequential(state: SearchState, trials: number, objective = bowl): SearchState {
  let s = state;
  for (let i = 0; i < trials; i++) {
    const next = suggestNext(s);
    if (!next.ok) throw new Error(`stopped early: ${next.reason}`);
    s = markRunning(next.state, next.trial.index, { runId: `run-${next.trial.index}` });
    s = recordResult(s, next.trial.index, { status: 'completed', objective: objective(next.trial.params) });
  }
  return s;
}

describe('createSearchState', () => {
  it('fills hyperopt defaults for TPE and minimise for the direction', () => {
    const state = createSearchState({ space, algorithm: 'tpe', objective: 'val_rmse', seed: 1, maxTrials: 5 }, 0);
    expect(state.algorithm).toEqual({ name: 'tpe', nStartupJobs: 20, gamma: 0.25, nEiCandidates: 24, priorWeight: 1, linearForgetting: 25 });
    expect(state.objective).toEqual({ metric: 'val_rmse', direction: 'minimize' });
    expect(state).toMatchObject({ version: 1, seed: 1, budget: { maxTrials: 5 }, startedAt: 0, trials: [] });
  });

  it('keys every problem by field and names what it got', () => {
    const check = checkSearchRequest({
      space: { momentum: { type: 'uniform', low: 1, high: 0 } },
      algorithm: { name: 'tpe', gamma: 0, nEiCandidates: 0, typo: 1 },
      objective: { metric: 'val_rmse', direction: 'up' },
      seed: 1.5,
      maxTrials: 0,
      maxSeconds: -1,
      stopAfterNoImprovement: Number.NaN,
    });
    expect(check).toEqual({
      ok: false,
      errors: {
        'space.momentum': 'momentum.low must be less than momentum.high; got low 1, high 0',
        'algorithm.typo': 'algorithm.typo is not a TPE setting; TPE takes nStartupJobs, gamma, nEiCandidates, priorWeight, linearForgetting',
        'algorithm.nEiCandidates': 'algorithm.nEiCandidates must be an integer from 1 to 10000; got 0',
        'algorithm.gamma': 'algorithm.gamma must be a number greater than 0 and at most 1; got 0',
        'objective.direction': 'objective.direction must be "minimize" or "maximize"; got "up"',
        seed: 'seed must be an integer; got 1.5',
        maxTrials: 'maxTrials must be an integer from 1 to 10000; got 0',
        maxSeconds: 'maxSeconds must be a finite number of seconds greater than 0; got -1',
        stopAfterNoImprovement: 'stopAfterNoImprovement must be an integer from 1 to 10000; got NaN',
      },
    });
    expect(() => start({ algorithm: 'hyperband' })).toThrow('algorithm must be "random", "grid" or "tpe" (or { name: "tpe", gamma, … }); got "hyperband"');
  });

  it('checks the grid when the algorithm is grid', () => {
    expect(() => start({ algorithm: 'grid' })).toThrow('learning_rate.gridPoints is needed for grid search');
    const huge = { a: { type: 'int', low: 1, high: 1000 }, b: { type: 'int', low: 1, high: 1000 } };
    expect(() => start({ algorithm: 'grid', space: huge })).toThrow('the grid has 1,000,000 points (1000 a × 1000 b), more than the limit of 100,000');
  });
});

describe('trialSeed', () => {
  it('gives each trial its own stream and depends on the search seed', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => trialSeed(42, i)));
    expect(seeds.size).toBe(1000);
    expect(trialSeed(42, 0)).not.toBe(trialSeed(43, 0));
    expect(trialSeed(2 ** 40, 3)).not.toBe(trialSeed(0, 3));
  });
});

describe('suggestNext', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = runSequential(start(), 25).trials.map((t) => t.params);
    const b = runSequential(start(), 25).trials.map((t) => t.params);
    const c = runSequential(start({ seed: 43 }), 25).trials.map((t) => t.params);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a.map((p) => p.learning_rate)).size).toBe(25); // each trial draws its own values
  });

  it('resumes from stored state (JSON round trip) with identical suggestions', () => {
    const straight = runSequential(start(), 28);
    const before = runSequential(start(), 22);
    const reloaded = JSON.parse(JSON.stringify(before)) as SearchState;
    const resumed = runSequential(reloaded, 6);
    expect(resumed.trials.map((t) => t.params)).toEqual(straight.trials.map((t) => t.params));
    const after = suggestNext(reloaded);
    expect(after.ok && after.trial.params).toEqual(straight.trials[22]?.params);
  });

  it('leaves its input state untouched', () => {
    const state = runSequential(start(), 3);
    const frozen = JSON.stringify(state);
    const next = suggestNext(state);
    if (!next.ok) throw new Error(next.reason);
    recordResult(markRunning(next.state, 3), 3, { status: 'completed', objective: 1 });
    expect(JSON.stringify(state)).toBe(frozen);
    expect(next.state.trials[3]?.status).toBe('pending');
  });

  it('suggests while other trials are still running; TPE treats them as bad observations', () => {
    let state = runSequential(start(), 20);
    const first = suggestNext(state);
    if (!first.ok) throw new Error(first.reason);
    state = markRunning(first.state, 20);
    const second = suggestNext(state);
    if (!second.ok) throw new Error(second.reason);
    expect(second.trial.index).toBe(21);
    expect(second.trial.params).not.toEqual(first.trial.params);
    // The same trial index with trial 20 absent instead of running gives another suggestion:
    // the running trial was taken into account.
    const withoutRunning: SearchState = { ...state, trials: state.trials.map((t) => (t.index === 20 ? { ...t, status: 'killed' } : t)) };
    const alt = suggestNext(withoutRunning);
    expect(alt.ok && alt.trial.params).not.toEqual(second.trial.params);
  });

  it('walks the grid in order, replacing grid points whose trial was killed', () => {
    const grid = createSearchState({
      space: { a: { type: 'choice', options: ['x', 'y'] }, b: { type: 'int', low: 1, high: 2 } },
      algorithm: 'grid', objective: 'loss', seed: 0, maxTrials: 100,
    }, 0);
    let state = grid;
    const seen: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      const next = suggestNext(state);
      if (!next.ok) throw new Error(next.reason);
      state = markRunning(next.state, i);
      seen.push(next.trial.params);
    }
    state = resumeSearch(state, 5); // both running trials were interrupted
    expect(state.trials.map((t) => t.status)).toEqual(['killed', 'killed']);
    for (let i = 2; i < 6; i++) {
      const next = suggestNext(state);
      if (!next.ok) throw new Error(next.reason);
      state = recordResult(next.state, i, { status: 'completed', objective: i });
      seen.push(next.trial.params);
    }
    expect(seen).toEqual([{ a: 'x', b: 1 }, { a: 'x', b: 2 }, { a: 'x', b: 1 }, { a: 'x', b: 2 }, { a: 'y', b: 1 }, { a: 'y', b: 2 }]);
    expect(suggestNext(state)).toEqual({ ok: false, reason: 'grid-exhausted' });
    expect(isDone(state)).toEqual({ done: true, reason: 'grid-exhausted' });
  });
});

describe('recordResult', () => {
  it('records a non-finite objective as a failure with the reason', () => {
    const next = suggestNext(start());
    if (!next.ok) throw new Error(next.reason);
    const state = recordResult(markRunning(next.state, 0, { runId: 'r0', startedAt: 5 }), 0, { status: 'completed', objective: Number.NaN }, 9);
    expect(state.trials[0]).toEqual({
      index: 0, params: next.trial.params, status: 'failed', runId: 'r0', startedAt: 5, endedAt: 9, error: 'the objective val_rmse was NaN',
    });
  });

  it('refuses to change an ended trial or an unknown one', () => {
    const state = runSequential(start(), 1);
    expect(() => recordResult(state, 0, { status: 'killed' })).toThrow("trial 0 already ended as completed; its result can't change");
    expect(() => recordResult(state, 4, { status: 'killed' })).toThrow('trial 4 does not exist; this search has 1 trials');
    expect(() => markRunning(state, 0)).toThrow('trial 0 is completed; only a pending trial can start running');
  });
});

describe('isDone and stopReason', () => {
  it('stops at maxTrials, counting every trial but killed ones, and waits for trials in flight', () => {
    let state = runSequential(start({ maxTrials: 3 }), 2);
    const next = suggestNext(state);
    if (!next.ok) throw new Error(next.reason);
    state = markRunning(next.state, 2);
    expect(isDone(state)).toEqual({ done: false, reason: 'max-trials', inFlight: 1 });
    const killed = recordResult(state, 2, { status: 'killed', error: 'stopped by the user' });
    expect(stopReason(killed)).toBeUndefined(); // a killed trial frees its slot
    state = recordResult(state, 2, { status: 'failed', error: 'worker crashed' });
    expect(isDone(state)).toEqual({ done: true, reason: 'max-trials' });
    expect(suggestNext(state)).toEqual({ ok: false, reason: 'max-trials' });
  });

  it('stops when the time budget is spent (counted from startedAt)', () => {
    const state = start({ maxSeconds: 60 });
    expect(stopReason(state, 1_000 + 59_999)).toBeUndefined();
    expect(stopReason(state, 1_000 + 60_000)).toBe('max-seconds');
    expect(suggestNext(state, 1_000 + 60_000)).toEqual({ ok: false, reason: 'max-seconds' });
    expect(isDone(state, 1_000 + 60_000)).toEqual({ done: true, reason: 'max-seconds' });
  });

  it('stops after N finished trials without improvement', () => {
    const losses = [5, 3, 4, 4];
    let i = 0;
    const state = runSequential(start({ stopAfterNoImprovement: 3, algorithm: 'random' }), 4, () => losses[i++] as number);
    expect(stopReason(state)).toBeUndefined(); // two trials since the best (3)
    const finish = (s: SearchState, result: Parameters<typeof recordResult>[2]): SearchState => {
      const next = suggestNext(s);
      if (!next.ok) throw new Error(next.reason);
      return recordResult(next.state, next.trial.index, result);
    };
    expect(stopReason(finish(state, { status: 'completed', objective: 6 }))).toBe('no-improvement');
    expect(stopReason(finish(state, { status: 'failed', error: 'NaN' }))).toBe('no-improvement');
    expect(stopReason(finish(state, { status: 'completed', objective: 2 }))).toBeUndefined();
    expect(stopReason(finish(state, { status: 'killed' }))).toBeUndefined();
  });

  it('stops on Stop and is done once in-flight trials are killed', () => {
    const next = suggestNext(start());
    if (!next.ok) throw new Error(next.reason);
    const stopped = stopSearch(markRunning(next.state, 0));
    expect(suggestNext(stopped)).toEqual({ ok: false, reason: 'stopped' });
    expect(isDone(stopped)).toEqual({ done: false, reason: 'stopped', inFlight: 1 });
    expect(isDone(recordResult(stopped, 0, { status: 'killed' }))).toEqual({ done: true, reason: 'stopped' });
  });
});

describe('best so far and the trial table', () => {
  it('tracks the running best, flipping the sign for maximize', () => {
    const accuracies = [0.5, 0.7, 0.6, 0.9];
    let i = 0;
    const state = runSequential(start({ objective: { metric: 'val_accuracy', direction: 'maximize' }, algorithm: 'random' }), 4, () => accuracies[i++] as number);
    expect(bestSoFar(state).map((p) => [p.index, p.best, p.bestIndex])).toEqual([[0, 0.5, 0], [1, 0.7, 1], [2, 0.7, 1], [3, 0.9, 3]]);
    expect(bestTrial(state)?.index).toBe(3);
  });

  it('writes one CSV row per trial, with text cells neutralised', () => {
    let state = createSearchState({
      space: { act: { type: 'choice', options: ['=HYPERLINK("x")', 'relu'] }, lr: { type: 'uniform', low: 0, high: 1, gridPoints: 2 } },
      algorithm: 'grid', objective: 'loss', seed: 1, maxTrials: 5,
    }, 0);
    const values = [0.5, 0.25];
    for (let i = 0; i < 2; i++) {
      const next = suggestNext(state);
      if (!next.ok) throw new Error(next.reason);
      state = markRunning(next.state, i, { runId: `r${i}` });
      state = recordResult(state, i, { status: 'completed', objective: values[i] as number });
    }
    const next = suggestNext(state);
    if (!next.ok) throw new Error(next.reason);
    state = recordResult(next.state, 2, { status: 'failed', error: 'NaN loss, "diverged"' });
    const rows = trialTableRows(state);
    expect(rows[0]).toEqual(['trial', 'status', 'run_id', 'act', 'lr', 'loss', 'best_so_far', 'error']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[5], r[6]])).toEqual([
      ['0', 'completed', 'r0', '0.5', '0.5'],
      ['1', 'completed', 'r1', '0.25', '0.25'],
      ['2', 'failed', '', '', ''],
    ]);
    const csv = trialTableCsv(state);
    expect(csv.endsWith('\r\n')).toBe(true);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines).toEqual([
      'trial,status,run_id,act,lr,loss,best_so_far,error',
      `0,completed,r0,"'=HYPERLINK(""x"")",0,0.5,0.5,`,
      `1,completed,r1,"'=HYPERLINK(""x"")",1,0.25,0.25,`,
      '2,failed,,relu,0,,,"NaN loss, ""diverged"""',
      '',
    ]);
  });
});
