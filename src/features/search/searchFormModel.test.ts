import { describe, expect, it } from 'vitest';
import { findEntryPoint, findRecipe, RECIPES } from '../../domain/recipes/recipeCatalogue';
import { BUILTIN_SEARCHES } from '../../services/search/builtinSearches';
import { planSearch } from '../../services/search/searchPlan';
import type { ExperimentId } from '../../domain/ids';
import {
  directionFor,
  fieldError,
  formFromPreset,
  formToRequest,
  initialSearchForm,
  niceStep,
  otherErrors,
  rowError,
  searchRequestErrors,
  withDimensionType,
  withEntryPoint,
  type ParamRow,
  type SearchForm,
} from './searchFormModel';

const DEFAULTS = { experimentId: '0' as ExperimentId, now: 0 };

function plan(form: SearchForm): string | null {
  try {
    planSearch(formToRequest(form), DEFAULTS);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function withRow(form: SearchForm, name: string, change: Partial<ParamRow>): SearchForm {
  const row = form.rows[name];
  if (!row) throw new Error(`no row ${name}`);
  return { ...form, rows: { ...form.rows, [name]: { ...row, ...change } } };
}

const iris = initialSearchForm('iris_logreg');
const irisTwo = withRow(withRow(iris, 'epochs', { search: true, low: '3', high: '12' }), 'learning_rate', { low: '0.005', high: '0.5' });

describe('initialSearchForm', () => {
  it('should prefill every parameter from its min/max and default, searching the learning rate', () => {
    expect(Object.keys(iris.rows)).toEqual(['epochs', 'learning_rate', 'test_fraction', 'seed']);
    expect(iris.rows.learning_rate).toMatchObject({ search: true, type: 'loguniform', low: '0.000001', high: '1', fixed: '0.05' });
    expect(iris.rows.epochs).toMatchObject({ search: false, type: 'int', low: '1', high: '10000', fixed: '100' });
    expect(iris.rows.test_fraction).toMatchObject({ type: 'uniform', low: '0.05', high: '0.5', q: '0.01' });
    expect(iris.objective).toBe('test_accuracy');
    expect(iris.direction).toBe('maximize');
  });

  it.each(RECIPES.flatMap((r) => r.entryPoints.map((ep) => [r.name, ep.name] as const)))('should build a form for %s/%s with a row per parameter', (recipe, entryPoint) => {
    const form = initialSearchForm(recipe, entryPoint);
    expect(Object.keys(form.rows)).toEqual(findEntryPoint(findRecipe(recipe), entryPoint).params.map((p) => p.name));
  });

  it('should start valid for the recipes that need no dataset choice', () => {
    expect(searchRequestErrors(formToRequest(iris))).toEqual({});
    expect(plan(iris)).toBeNull();
  });
});

describe('formToRequest', () => {
  it('should send the searched rows as the space and the others as fixed params', () => {
    const request = formToRequest({ ...irisTwo, maxTrials: '4', parallel: '2', seed: '7' });
    expect(request.space).toEqual([
      { name: 'epochs', type: 'int', low: 3, high: 12 },
      { name: 'learning_rate', type: 'loguniform', low: 0.005, high: 0.5 },
    ]);
    expect(request.fixedParams).toEqual({ test_fraction: '0.25', seed: '42' });
    expect(request).toMatchObject({ recipe: 'iris_logreg', entryPoint: 'main', algorithm: 'random', maxTrials: 4, parallel: 2, seed: 7 });
    expect(request.objective).toEqual({ metric: 'test_accuracy', direction: 'maximize' });
    expect(request).not.toHaveProperty('maxSeconds');
    expect(request).not.toHaveProperty('runName');
  });

  it('should send grid points only for grid search, q only for quantized types, options for choice', () => {
    const grid = formToRequest({ ...withRow(iris, 'learning_rate', { type: 'quniform', q: '0.01', low: '0.01', high: '0.1', gridPoints: '' }), algorithm: 'grid' });
    expect(grid.space).toEqual([{ name: 'learning_rate', type: 'quniform', low: 0.01, high: 0.1, q: 0.01 }]);
    const withPoints = formToRequest({ ...iris, algorithm: 'grid' });
    expect(withPoints.space).toEqual([{ name: 'learning_rate', type: 'loguniform', low: 0.000001, high: 1, gridPoints: 5 }]);
    const choice = formToRequest(withRow(iris, 'learning_rate', { type: 'choice', options: '0.01, 0.1 ,, 1' }));
    expect(choice.space).toEqual([{ name: 'learning_rate', type: 'choice', options: [0.01, 0.1, 1] }]);
  });

  it('should pass TPE start-up trials and the optional budget when given', () => {
    const request = formToRequest({ ...iris, algorithm: 'tpe', tpeStartup: '3', maxSeconds: '60', stopAfterNoImprovement: '5', runName: ' mine ' });
    expect(request).toMatchObject({ algorithm: { name: 'tpe', nStartupJobs: 3 }, maxSeconds: 60, stopAfterNoImprovement: 5, runName: 'mine' });
    expect(formToRequest({ ...iris, algorithm: 'tpe' }).algorithm).toBe('tpe');
  });
});

describe('searchRequestErrors', () => {
  const bad: [string, SearchForm, string, RegExp][] = [
    ['low above high', withRow(iris, 'learning_rate', { low: '0.5', high: '0.1' }), 'space.learning_rate', /learning_rate\.low must be less than learning_rate\.high/],
    ['max trials 0', { ...iris, maxTrials: '0' }, 'maxTrials', /maxTrials must be an integer from 1/],
    ['max trials blank', { ...iris, maxTrials: '' }, 'maxTrials', /got nothing/],
    ['a seed that is not a number', { ...iris, seed: 'abc' }, 'seed', /seed must be an integer; got "abc"/],
    ['parallel 0', { ...iris, parallel: '0' }, 'parallel', /parallel must be an integer from 1 to 16/],
    ['no searched parameter', withRow(iris, 'learning_rate', { search: false }), 'space', /at least one parameter/],
    ['a range beyond the parameter max', withRow(iris, 'learning_rate', { high: '5' }), 'space.learning_rate', /at most 1, the parameter's max/],
    ['a fixed value out of range', withRow(iris, 'epochs', { fixed: '0' }), 'fixedParams.epochs', /epochs/],
    ['log-uniform from 0', withRow(iris, 'test_fraction', { search: true, type: 'loguniform', low: '0' }), 'space.test_fraction', /greater than 0/],
    ['grid without grid points', withRow({ ...iris, algorithm: 'grid' }, 'learning_rate', { gridPoints: '' }), 'space', /gridPoints is needed/],
    ['an empty objective', { ...iris, objective: ' ' }, 'objective.metric', /objective\.metric must name the metric/],
    ['an empty choice', withRow(iris, 'learning_rate', { type: 'choice', options: '' }), 'space.learning_rate', /at least one value/],
    ['zero TPE start-up trials is fine, a negative is not', { ...iris, algorithm: 'tpe', tpeStartup: '-1' }, 'algorithm.nStartupJobs', /nStartupJobs/],
  ];

  it.each(bad)('should key %s by its field', (_label, form, key, message) => {
    const errors = searchRequestErrors(formToRequest(form));
    expect(Object.keys(errors)).toContain(key);
    expect(errors[key]).toMatch(message);
  });

  it.each(bad)('should refuse exactly what planSearch refuses, with the same message (%s)', (_label, form, key) => {
    const errors = searchRequestErrors(formToRequest(form));
    const thrown = plan(form);
    expect(thrown).not.toBeNull();
    expect(thrown).toContain(`${key}: ${errors[key]}`);
    for (const [field, message] of Object.entries(errors)) expect(thrown).toContain(`${field}: ${message}`);
  });

  it('should keep every valid form valid for planSearch', () => {
    for (const form of [irisTwo, { ...iris, algorithm: 'grid' as const }, { ...iris, algorithm: 'tpe' as const, tpeStartup: '0' }, formFromPreset(BUILTIN_SEARCHES[0]!)]) {
      expect(searchRequestErrors(formToRequest(form))).toEqual({});
      expect(plan(form)).toBeNull();
    }
  });

  it('should place every error beside a field, row or the algorithm', () => {
    const form = withRow({ ...iris, maxTrials: '0', algorithm: 'tpe', tpeStartup: 'x' }, 'learning_rate', { low: '2' });
    const errors = searchRequestErrors(formToRequest(form));
    expect(rowError(errors, 'learning_rate')).toMatch(/learning_rate\.low/);
    expect(fieldError(errors, 'maxTrials')).toMatch(/maxTrials/);
    expect(fieldError(errors, 'algorithm')).toMatch(/algorithm\.nStartupJobs/);
    expect(otherErrors(errors, Object.keys(form.rows))).toEqual([]);
    expect(otherErrors({ 'space.nope': 'x', recipe: 'y' }, ['epochs'])).toEqual([['space.nope', 'x'], ['recipe', 'y']]);
  });
});

describe('formFromPreset', () => {
  it('should fill the form with the wine SGD search, which passes planSearch as the preset itself does', () => {
    const preset = BUILTIN_SEARCHES.find((s) => s.id === 'wine-sgd');
    if (!preset) throw new Error('no wine-sgd preset');
    const form = formFromPreset(preset);
    expect(form).toMatchObject({ recipe: 'wine_quality', entryPoint: 'sgd', algorithm: 'tpe', objective: 'val_rmse', direction: 'minimize', maxTrials: '12', seed: '42', parallel: '2' });
    expect(form.rows.learning_rate).toMatchObject({ search: true, type: 'loguniform', low: '0.00001', high: '0.1' });
    expect(form.rows.momentum).toMatchObject({ search: true, type: 'uniform', low: '0', high: '1' });
    expect(form.rows.epochs).toMatchObject({ search: false, fixed: '32' });
    const request = formToRequest(form);
    const fromForm = planSearch(request, DEFAULTS);
    const fromPreset = planSearch(preset.request, DEFAULTS);
    expect(fromForm.state.space).toEqual(fromPreset.state.space);
    expect(fromForm.state.algorithm).toEqual(fromPreset.state.algorithm);
    expect(fromForm.state.budget).toEqual(fromPreset.state.budget);
    expect(fromForm.setup.parallel).toBe(fromPreset.setup.parallel);
    expect(Number(fromForm.setup.fixedParams.epochs)).toBe(32);
  });
});

describe('form edits', () => {
  it('should fill the options from the range when switching to choice, and grid points for continuous types', () => {
    const spec = findEntryPoint(findRecipe('iris_logreg'), 'main').params.find((p) => p.name === 'epochs');
    if (!spec) throw new Error('no epochs');
    const row = { ...iris.rows.epochs!, search: true, low: '5', high: '50' };
    expect(withDimensionType(row, spec, 'choice')).toMatchObject({ type: 'choice', options: '5, 50' });
    expect(withDimensionType(row, spec, 'quniform')).toMatchObject({ type: 'quniform', q: '1', gridPoints: '' });
    const lr = findEntryPoint(findRecipe('iris_logreg'), 'main').params.find((p) => p.name === 'learning_rate')!;
    expect(withDimensionType({ ...iris.rows.learning_rate!, gridPoints: '' }, lr, 'uniform').gridPoints).toBe('5');
  });

  it('should reset the rows and keep a fitting objective when the entry point changes', () => {
    const wine = initialSearchForm('wine_quality', 'mlp');
    const sgd = withEntryPoint({ ...wine, maxTrials: '7' }, 'sgd');
    expect(sgd.entryPoint).toBe('sgd');
    expect(Object.keys(sgd.rows)).toEqual(findEntryPoint(findRecipe('wine_quality'), 'sgd').params.map((p) => p.name));
    expect(sgd.maxTrials).toBe('7');
    expect(sgd.objective).toBe('test_rmse');
  });

  it.each([
    [0, 1, 0.1],
    [1e-6, 1, 0.1],
    [3, 12, 0.1],
    [1, 1000, 10],
    [5, 5, 1],
  ])('niceStep(%d, %d) = %d', (low, high, step) => {
    expect(niceStep(low, high)).toBeCloseTo(step, 12);
  });

  it('should pick the direction the glossary says is better', () => {
    expect(directionFor('test_accuracy')).toBe('maximize');
    expect(directionFor('val_rmse')).toBe('minimize');
    expect(directionFor('val_loss')).toBe('minimize');
    expect(directionFor('train_rmse')).toBe('minimize');
    expect(directionFor('test_f1_macro')).toBe('maximize');
    expect(directionFor('my_metric')).toBeUndefined();
  });

  it('should pick the direction by the same rule as the compare and models pages', () => {
    expect(directionFor('f1_score')).toBe('maximize');
    expect(directionFor('eval:recall')).toBe('maximize');
    expect(directionFor('val_perplexity')).toBe('minimize');
    expect(directionFor('train/loss')).toBe('minimize');
    expect(directionFor('epoch_seconds')).toBe('minimize');
    expect(directionFor(' test_r2 ')).toBe('maximize');
    expect(directionFor('stopped_epoch')).toBeUndefined();
  });
});
