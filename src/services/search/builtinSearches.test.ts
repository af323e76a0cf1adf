import { describe, expect, it } from 'vitest';
import type { ExperimentId } from '../../domain/ids';
import { BUILTIN_SEARCHES, findBuiltinSearch } from './builtinSearches';
import { gridPoint, gridSize } from '../../domain/search/gridSampler';
import { parentParams, planSearch, retargetMlmodel } from './searchPlan';

describe('built-in searches', () => {
  it.each(BUILTIN_SEARCHES.map((s) => [s.id, s] as const))('%s passes the checks every started search passes', (_id, builtin) => {
    const { setup, state } = planSearch(builtin.request, { experimentId: '0' as ExperimentId, now: 0 });
    expect(setup.entryPoint).toBe(builtin.request.entryPoint);
    expect(state.trials).toEqual([]);
  });

  it('wine-sgd is MLflow\'s hyperparameter example: lr log-uniform, momentum uniform, by validation RMSE', () => {
    const wine = findBuiltinSearch('wine-sgd');
    if (!wine) throw new Error('no wine-sgd search');
    const { setup, state } = planSearch(wine.request, { experimentId: '0' as ExperimentId, now: 0 });
    expect(state.space).toEqual([
      { name: 'learning_rate', type: 'loguniform', low: 1e-5, high: 1e-1 },
      { name: 'momentum', type: 'uniform', low: 0, high: 1 },
    ]);
    expect(state.objective).toEqual({ metric: 'val_rmse', direction: 'minimize' });
    expect(parentParams(setup, state)).toMatchObject({ recipe: 'wine_quality', entry_point: 'sgd', algorithm: 'tpe' });
  });
});

describe('wine-ntrees', () => {
  it("is MLflow's H2O example: forests of 10, 20, 50, 100 and 200 trees on a 70/30 split, by test RMSE", () => {
    const forest = findBuiltinSearch('wine-ntrees');
    if (!forest) throw new Error('no wine-ntrees search');
    const { setup, state } = planSearch(forest.request, { experimentId: '0' as ExperimentId, now: 0 });
    expect(gridSize(state.space)).toBe(5);
    expect(Array.from({ length: 5 }, (_, i) => gridPoint(state.space, i).n_estimators)).toEqual([10, 20, 50, 100, 200]);
    expect(state.objective).toEqual({ metric: 'test_rmse', direction: 'minimize' });
    expect(parentParams(setup, state)).toMatchObject({ recipe: 'wine_quality', entry_point: 'random_forest', algorithm: 'grid' });
    expect(forest.request.fixedParams).toEqual({ test_fraction: 0.3 });
  });
});

describe('retargetMlmodel', () => {
  it('points run_id at the parent and leaves the rest as written', () => {
    expect(retargetMlmodel('artifact_path: model\nrun_id: abc\nutc_time_created: x\n', 'p1' as never)).toBe('artifact_path: model\nrun_id: p1\nutc_time_created: x\n');
  });
  it('adds run_id when the file has none', () => {
    expect(retargetMlmodel('artifact_path: model', 'p1' as never)).toBe('artifact_path: model\nrun_id: p1\n');
  });
});
