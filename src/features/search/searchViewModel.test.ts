import { describe, expect, it } from 'vitest';
import { parseRoute, routes } from '../../shared/routes';
import { decodeCompareState } from '../../domain/compare/compareState';
import type { ExperimentId, RunId } from '../../domain/ids';
import type { SearchState } from '../../domain/search';
import type { Run, RunStatus } from '../../domain/tracking/types';
import { storedSearch, type SearchSetup } from '../../services/search/searchPlan';
import {
  bestSoFarPoints,
  objectiveCsv,
  objectiveLayout,
  objectiveTraces,
  searchCompareView,
  searchControl,
  searchInfo,
  searchSummary,
  shortValue,
  trialIndexOf,
  trialRows,
  trialTickStep,
  type TrialRow,
} from './searchViewModel';

const PARENT = 'p'.repeat(32) as RunId;

function run(options: Omit<Partial<Run>, 'runId'> & { runId: string; metricValues?: Record<string, number> }): Run {
  const { metricValues = {}, ...rest } = options;
  return {
    experimentId: '0' as ExperimentId,
    runName: 'r',
    status: 'FINISHED',
    startTime: 1000,
    endTime: 3000,
    lifecycleStage: 'active',
    deletedTime: null,
    userId: 'u',
    artifactUri: '',
    parentRunId: null,
    params: {},
    tags: {},
    metrics: Object.fromEntries(
      Object.entries(metricValues).map(([key, value]) => [key, { key, latest: { value, step: 0, timestamp: 0 }, min: value, max: value, count: 1 }]),
    ),
    ...rest,
    runId: rest.runId as RunId,
  };
}

function child(index: number, status: RunStatus, accuracy?: number, lr = '0.01'): Run {
  return run({
    runId: `c${index}`.padEnd(32, '0'),
    parentRunId: PARENT,
    status,
    endTime: status === 'RUNNING' ? null : 1000 + 500 * (index + 1),
    params: { learning_rate: lr, epochs: '5', seed: '42' },
    tags: { 'mlflow.parentRunId': PARENT, 'trainyard.search.trial': String(index) },
    metricValues: accuracy === undefined ? { loss: 1 } : { test_accuracy: accuracy, loss: 0.5 },
  });
}

const parent = run({
  runId: PARENT,
  status: 'RUNNING',
  params: {
    algorithm: 'random',
    space: JSON.stringify([{ name: 'learning_rate', type: 'loguniform', low: 0.005, high: 0.5 }]),
    max_trials: '4',
    seed: '1',
    objective: 'test_accuracy',
    objective_direction: 'maximize',
  },
  tags: { 'trainyard.search.algorithm': 'random' },
  metricValues: { best_test_accuracy: 0.9 },
});

const state: SearchState = {
  version: 1,
  space: [{ name: 'learning_rate', type: 'loguniform', low: 0.005, high: 0.5 }],
  algorithm: { name: 'random' },
  objective: { metric: 'test_accuracy', direction: 'maximize' },
  seed: 1,
  budget: { maxTrials: 4 },
  startedAt: 0,
  trials: [
    { index: 0, params: { learning_rate: 0.01 }, status: 'completed', objective: 0.8, runId: child(0, 'FINISHED').runId, startedAt: 0, endedAt: 10 },
    { index: 1, params: { learning_rate: 0.02 }, status: 'running', runId: child(1, 'RUNNING').runId, startedAt: 5 },
    { index: 2, params: { learning_rate: 0.03 }, status: 'failed', error: 'bad params', startedAt: 6, endedAt: 6 },
    { index: 3, params: { learning_rate: 0.04 }, status: 'pending' },
  ],
};
const setup: SearchSetup = { recipe: 'iris_logreg', entryPoint: 'main', parallel: 2, fixedParams: {}, experimentId: '0' as ExperimentId };
const stored = storedSearch(setup, state);

describe('searchInfo', () => {
  it('should read the space, objective and budget from the parent params when there is no stored state', () => {
    expect(searchInfo(parent, null)).toEqual({ algorithm: 'random', paramNames: ['learning_rate'], objective: 'test_accuracy', direction: 'maximize', maxTrials: 4 });
  });

  it('should prefer the stored state, and cope with a space too long for a param', () => {
    const long = run({ ...parent, runId: PARENT, params: { ...parent.params, space: '(70 parameters: see search_state.json)' } });
    expect(searchInfo(long, null).paramNames).toEqual([]);
    expect(searchInfo(long, stored).paramNames).toEqual(['learning_rate']);
  });
});

describe('trialRows', () => {
  const info = searchInfo(parent, stored);

  it('should merge child runs with the stored trials, by index', () => {
    const rows = trialRows({ children: [child(1, 'RUNNING'), child(0, 'FINISHED', 0.8)], stored, info, now: 4000 });
    expect(rows.map((r) => [r.index, r.status, r.objective, r.params.learning_rate])).toEqual([
      [0, 'FINISHED', 0.8, '0.01'],
      [1, 'RUNNING', null, '0.01'],
      [2, 'FAILED', null, '0.03'],
      [3, 'PENDING', null, '0.04'],
    ]);
    expect(rows[0]?.durationMs).toBe(500);
    expect(rows[1]?.durationMs).toBe(3000); // running: up to now
    expect(rows[2]).toMatchObject({ runId: null, error: 'bad params' });
  });

  it('should work from the child runs alone (a search from another tab without a readable state)', () => {
    const rows = trialRows({ children: [child(2, 'FINISHED', 0.7), child(0, 'FINISHED', 0.9), child(1, 'KILLED')], stored: null, info: searchInfo(parent, null), now: 0 });
    expect(rows.map((r) => [r.index, r.status, r.objective])).toEqual([
      [0, 'FINISHED', 0.9],
      [1, 'KILLED', null],
      [2, 'FINISHED', 0.7],
    ]);
  });

  it('should skip children that are not trials', () => {
    const stray = run({ runId: 'x'.repeat(32), parentRunId: PARENT, tags: {} });
    expect(trialIndexOf(stray)).toBeNull();
    expect(trialIndexOf(child(4, 'FINISHED'))).toBe(4);
    expect(trialRows({ children: [stray], stored: null, info, now: 0 })).toEqual([]);
  });
});

function rowsOf(objectives: (number | null)[]): TrialRow[] {
  return objectives.map((objective, index) => ({ index, status: 'FINISHED', runId: null, experimentId: null, params: {}, objective, durationMs: null, error: null }));
}

describe('shortValue', () => {
  it.each([
    ['0.06650895403251039', '0.066509'],
    ['12', '12'],
    ['1e-7', '1e-7'],
    ['0.000012345678', '0.000012346'],
    ['categoricalCrossentropy', 'categoricalCrossentropy'],
    ['', ''],
  ])('should show %s as %s', (text, shown) => {
    expect(shortValue(text)).toBe(shown);
  });
});

describe('bestSoFarPoints', () => {
  it('should keep the running best in trial order, for either direction', () => {
    const rows = rowsOf([0.5, null, 0.3, 0.7, 0.6]);
    expect(bestSoFarPoints(rows, 'minimize').map((p) => [p.index, p.best])).toEqual([[0, 0.5], [2, 0.3], [3, 0.3], [4, 0.3]]);
    expect(bestSoFarPoints(rows, 'maximize').map((p) => [p.index, p.best])).toEqual([[0, 0.5], [2, 0.5], [3, 0.7], [4, 0.7]]);
  });

  it('should never let NaN be the best', () => {
    expect(bestSoFarPoints(rowsOf([NaN, 0.4, NaN]), 'minimize').map((p) => p.best)).toEqual([NaN, 0.4, 0.4]);
  });
});

describe('objectiveTraces', () => {
  it('should draw the objective as points and the best as a step line, escaping the metric name', () => {
    const points = bestSoFarPoints(rowsOf([0.5, 0.3, Infinity]), 'minimize');
    const [markers, best] = objectiveTraces(points, '<b>loss</b>');
    expect(markers).toMatchObject({ type: 'scatter', mode: 'markers', name: '&lt;b&gt;loss&lt;/b&gt;', x: [0, 1, 2], y: [0.5, 0.3, null] });
    expect(best).toMatchObject({ mode: 'lines', line: { shape: 'hv' }, x: [0, 1, 2], y: [0.5, 0.3, 0.3] });
    expect(objectiveCsv(points, 'a,b')).toBe('trial,"a,b",best_so_far\r\n0,0.5,0.5\r\n1,0.3,0.3\r\n2,Infinity,0.3\r\n');
  });
});

describe('objectiveLayout', () => {
  /** The labels Plotly draws on a linear axis: tick0 + k·dtick inside the range, formatted as integers (tickformat 'd'). */
  function tickLabels(axis: Record<string, unknown>): string[] {
    const [low, high] = axis.range as [number, number];
    const tick0 = axis.tick0 as number;
    const dtick = axis.dtick as number;
    const labels: string[] = [];
    for (let t = tick0 + Math.ceil((low - tick0) / dtick) * dtick; t <= high; t += dtick) labels.push(String(Math.round(t)));
    return labels;
  }

  it.each([
    [1, ['0']],
    [3, ['0', '1', '2']],
    [4, ['0', '1', '2', '3']],
    [12, ['0', '2', '4', '6', '8', '10']],
    [100, ['0', '10', '20', '30', '40', '50', '60', '70', '80', '90']],
  ])('should tick %i trials at whole trials, each label once', (count, expected) => {
    const points = bestSoFarPoints(rowsOf(Array.from({ length: count }, (_, i) => i / 10)), 'maximize');
    const { xaxis } = objectiveLayout(points, 'test_accuracy') as { xaxis: Record<string, unknown> };
    expect(xaxis).toMatchObject({ tickmode: 'linear', tick0: 0, tickformat: 'd', title: { text: 'trial' } });
    expect(Number.isInteger(xaxis.dtick)).toBe(true);
    expect(tickLabels(xaxis)).toEqual(expected);
  });

  it('should keep whole-trial steps of about ten ticks at most', () => {
    expect([0, 1, 9, 10, 11, 20, 21, 50, 51, 99, 1000, 1001].map(trialTickStep)).toEqual([1, 1, 1, 1, 2, 2, 5, 5, 10, 10, 100, 200]);
  });

  it('should name the y axis after the objective, escaped', () => {
    const points = bestSoFarPoints(rowsOf([0.5]), 'minimize');
    expect(objectiveLayout(points, '<b>loss</b>')).toMatchObject({ yaxis: { title: { text: '&lt;b&gt;loss&lt;/b&gt;' } } });
  });
});

describe('searchSummary', () => {
  it('should count ended trials (not killed ones) and read the best from the parent curve', () => {
    const summary = searchSummary(parent, [child(0, 'FINISHED', 0.9), child(1, 'KILLED'), child(2, 'FAILED'), child(3, 'RUNNING')]);
    expect(summary).toMatchObject({ trialsDone: 2, best: 0.9 });
    expect(summary.info.maxTrials).toBe(4);
    expect(searchSummary({ ...parent, metrics: {} }, []).best).toBeNull();
  });
});

describe('searchControl', () => {
  it.each([
    ['stop', { ...parent, status: 'RUNNING' as const }, stored, true],
    ['elsewhere', { ...parent, status: 'RUNNING' as const }, stored, false],
    ['resume', { ...parent, status: 'KILLED' as const }, stored, false],
    ['none', { ...parent, status: 'KILLED' as const }, storedSearch(setup, { ...state, stopped: true }), false],
    ['none', { ...parent, status: 'KILLED' as const }, null, false],
    ['none', { ...parent, status: 'FINISHED' as const }, stored, false],
  ])('should offer %s', (expected, p, s, runningHere) => {
    expect(searchControl({ parent: p, stored: s, runningHere })).toBe(expected);
  });
});

describe('search routes', () => {
  it('should parse and build #/search and #/search/<id>', () => {
    expect(parseRoute(routes.search())).toEqual({ page: 'search', parentRunId: null });
    expect(parseRoute(routes.search(PARENT))).toEqual({ page: 'search', parentRunId: PARENT });
  });

  it('should link to the compare view with the searched params and the objective as parallel axes', () => {
    const link = routes.compare([child(0, 'FINISHED').runId], { parallel: [{ kind: 'param', key: 'learning_rate' }, { kind: 'metric', key: 'test_accuracy' }] });
    const route = parseRoute(link);
    if (route.page !== 'compare') throw new Error(route.page);
    const decoded = decodeCompareState(route.query).state;
    expect(decoded.runIds).toEqual([child(0, 'FINISHED').runId]);
    expect(decoded.parallel).toEqual([{ kind: 'param', key: 'learning_rate' }, { kind: 'metric', key: 'test_accuracy' }]);
  });

  it('should open a one-param search as the objective against that param, with the fit time beside it when trials logged one', () => {
    const info = { algorithm: 'grid', paramNames: ['n_estimators'], objective: 'test_rmse', direction: 'minimize' as const, maxTrials: 5 };
    const timed = { ...child(0, 'FINISHED'), metrics: { ...child(0, 'FINISHED').metrics, fit_seconds: child(0, 'FINISHED').metrics.loss! } };
    expect(searchCompareView(info, [child(1, 'FINISHED'), timed])).toEqual({
      parallel: [{ kind: 'param', key: 'n_estimators' }, { kind: 'metric', key: 'test_rmse' }, { kind: 'metric', key: 'fit_seconds' }],
      scatter: { x: { kind: 'param', key: 'n_estimators' }, y: { kind: 'metric', key: 'test_rmse' } },
    });
    // Two params: no single axis to plot against; no trial timed itself: no fit time.
    const two = searchCompareView({ ...info, paramNames: ['learning_rate', 'momentum'] }, [child(1, 'FINISHED')]);
    expect(two.scatter).toBeNull();
    expect(two.parallel.map((c) => c.key)).toEqual(['learning_rate', 'momentum', 'test_rmse']);
  });
});
