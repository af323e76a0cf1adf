import { describe, expect, it } from 'vitest';
import type { RunId } from '../../domain/ids';
import type { Run } from '../../domain/tracking/types';
import { makeRun } from '../../test/makeRun';
import { chartDefaults, mainMetric, NO_SEARCH, searchContext, varyingParams } from './compareDefaults';

/** A search's parent and its trials: lr and units searched, activation text, batch fixed. */
function searchRuns(): { parent: Run; trials: Run[] } {
  const parent = makeRun({
    id: 'p'.repeat(32),
    params: { algorithm: 'tpe', objective: 'val_rmse', space: JSON.stringify([{ name: 'lr', type: 'loguniform' }, { name: 'units', type: 'choice' }]) },
    tags: { 'trainyard.search.algorithm': 'tpe' },
    metrics: { best_val_rmse: 0.6 },
  });
  const trials = [0, 1, 2, 3].map((i) =>
    makeRun({
      id: `${i}`.repeat(32),
      parent: parent.runId,
      params: { activation: i % 2 ? 'relu' : 'tanh', batch: '32', lr: String(10 ** -(i + 1)), units: String(16 * (i + 1)) },
      tags: { 'mlflow.parentRunId': parent.runId, 'trainyard.search.trial': String(i) },
      metrics: { loss: 1 - i / 10, val_rmse: 0.7 - i / 100, test_rmse: 0.71 },
    }),
  );
  return { parent, trials };
}

describe('chartDefaults', () => {
  it('should never default to a param with one distinct value (the charts would say "needs at least 2 distinct values")', () => {
    // "batch" sorts first and is the same in every run: the old default.
    const runs = [
      makeRun({ id: 'a', params: { batch: '32', lr: '0.1', opt: 'adam' }, metrics: { loss: 0.5 } }),
      makeRun({ id: 'b', params: { batch: '32', lr: '0.01', opt: 'sgd' }, metrics: { loss: 0.3 } }),
      makeRun({ id: 'c', params: { batch: '32', lr: '0.001', opt: 'adam' }, metrics: { loss: 0.4 } }),
    ];
    const d = chartDefaults(runs);
    expect(d.scatter).toEqual({ x: { kind: 'param', key: 'lr' }, y: { kind: 'metric', key: 'loss' } });
    expect(d.box).toEqual({ param: 'opt', metric: 'loss' });
    // Only one numeric param varies: no contour to draw, rather than an empty one.
    expect(d.contour).toBeNull();
    expect(d.parallel.map((c) => c.key)).toEqual(['lr', 'opt', 'loss']);
  });

  it('should leave out of parallel coordinates a param that only one run has (its line alone would be drawn)', () => {
    const runs = [
      makeRun({ id: 'a', params: { lr: '0.1', seed: '1' }, metrics: { loss: 0.5 } }),
      makeRun({ id: 'b', params: { lr: '0.01' }, metrics: { loss: 0.3 } }),
      makeRun({ id: 'c', params: { lr: '0.001' }, metrics: { loss: 0.4 } }),
    ];
    expect(chartDefaults(runs).parallel.map((c) => c.key)).toEqual(['lr', 'loss']);
  });

  it('should default a search to its searched numeric params and its objective, never a text param on a contour', () => {
    const { parent, trials } = searchRuns();
    const context = searchContext(trials, new Map([[parent.runId, parent]]));
    expect(context).toEqual({ objective: 'val_rmse', searched: ['lr', 'units'] });
    const d = chartDefaults(trials, context);
    expect(d.contour).toEqual({ x: { kind: 'param', key: 'lr' }, y: { kind: 'param', key: 'units' }, z: { kind: 'metric', key: 'val_rmse' } });
    expect(d.scatter).toEqual({ x: { kind: 'param', key: 'lr' }, y: { kind: 'metric', key: 'val_rmse' } });
    expect(d.parallel.map((c) => c.key)).toEqual(['lr', 'units', 'activation', 'val_rmse']);
    expect(d.box).toEqual({ param: 'activation', metric: 'val_rmse' });
  });

  it('should have no chart defaults when nothing varies', () => {
    const runs = [makeRun({ id: 'a', params: { lr: '0.1' }, metrics: { loss: 1 } }), makeRun({ id: 'b', params: { lr: '0.1' }, metrics: { loss: 2 } })];
    expect(chartDefaults(runs)).toEqual({ parallel: [{ kind: 'metric', key: 'loss' }], scatter: null, contour: null, box: null });
  });
});

describe('searchContext', () => {
  it('should ignore parents that are not searches, and a space that is not JSON', () => {
    const parent = makeRun({ id: 'p'.repeat(32), params: { objective: 'loss', space: '(12 parameters: see search_state.json)' }, tags: { 'trainyard.search.algorithm': 'random' } });
    const child = makeRun({ id: 'c'.repeat(32), parent: parent.runId });
    expect(searchContext([child], new Map([[parent.runId, parent]]))).toEqual({ objective: 'loss', searched: [] });
    const plain = { ...parent, tags: {} };
    expect(searchContext([child], new Map<string, Run>([[parent.runId as RunId, plain]]))).toEqual(NO_SEARCH);
  });
});

describe('mainMetric and varyingParams', () => {
  it('should prefer the objective, else the validation metric most runs have', () => {
    const runs = [
      makeRun({ id: 'a', metrics: { acc: 1, loss: 1, val_loss: 1, only_here: 1 } }),
      makeRun({ id: 'b', metrics: { acc: 1, loss: 1, val_loss: 1 } }),
    ];
    expect(mainMetric(runs)).toBe('val_loss');
    expect(mainMetric(runs, { objective: 'acc', searched: [] })).toBe('acc');
    expect(mainMetric(runs, { objective: 'not_logged', searched: [] })).toBe('val_loss');
    expect(mainMetric([])).toBeNull();
  });

  it('should never pick a baseline, the yardstick logged beside a score', () => {
    const runs = [makeRun({ id: 'a', metrics: { test_baseline_mae: 1, test_baseline_rmse: 1, test_mae: 1, test_rmse: 1 } })];
    expect(mainMetric(runs)).toBe('test_mae');
  });

  it('should list params with 2+ values present in at least half the runs, numeric or not', () => {
    const runs = [
      makeRun({ id: 'a', params: { a: '1', b: 'x', c: '5' } }),
      makeRun({ id: 'b', params: { a: '2', b: 'y' } }),
      makeRun({ id: 'c', params: { a: '3', c: '6' } }),
    ];
    expect(varyingParams(runs).map((p) => [p.key, p.numeric, p.distinct, p.present])).toEqual([
      ['a', true, 3, 3],
      ['b', false, 2, 2],
      ['c', true, 2, 2],
    ]);
  });
});
