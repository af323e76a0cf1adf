import { describe, expect, it } from 'vitest';
import { TrackingError } from '../errors';
import { findEntryPoint, findRecipe } from '../recipes/recipeCatalogue';
import type { EntryPoint } from '../recipes/recipe.types';
import { validateParams } from '../recipes/validateRecipe';
import type { SearchSpace } from './search.types';
import { createSearchState } from './searchConfig';
import { markRunning, recordResult, suggestNext } from './searchState';
import { checkSpaceForEntryPoint, defaultDimensionFor, defaultSearchSpace } from './spaceForEntryPoint';
import { checkSearchSpace, parseSearchSpace } from './validateSpace';

function errorsOf(raw: unknown): Record<string, string> {
  const result = checkSearchSpace(raw);
  if (result.ok) throw new Error('expected the space to be rejected');
  return result.errors;
}

describe('checkSearchSpace', () => {
  it('accepts both shapes and normalises them to an ordered list', () => {
    const asObject = checkSearchSpace({
      learning_rate: { type: 'loguniform', low: 1e-4, high: 1e-1 },
      momentum: { type: 'uniform', low: 0, high: 0.99 },
    });
    const asList = checkSearchSpace([
      { name: 'learning_rate', type: 'loguniform', low: 1e-4, high: 1e-1 },
      { name: 'momentum', type: 'uniform', low: 0, high: 0.99 },
    ]);
    expect(asObject).toEqual(asList);
    expect(asObject.ok && asObject.space.map((p) => p.name)).toEqual(['learning_rate', 'momentum']);
  });

  it('names the parameter and the field for each hostile dimension', () => {
    const errors = errorsOf({
      a: { type: 'uniform', low: Number.NaN, high: 1 },
      b: { type: 'uniform', low: 2, high: 2 },
      c: { type: 'loguniform', low: 0, high: 1 },
      d: { type: 'quniform', low: 0, high: 1, q: 0 },
      e: { type: 'choice', options: [] },
      f: { type: 'normal', low: 0, high: 1 },
      g: { type: 'int', low: 0.5, high: 4 },
      h: { type: 'uniform', lo: 0, high: 1 },
      i: { type: 'choice', options: ['x', 'x'] },
      j: { type: 'qloguniform', low: 1, high: 2, q: 5 },
      k: { type: 'uniform', low: 0, high: Infinity },
      l: { type: 'choice', options: [1, Number.NaN] },
      m: 'uniform',
      n: { type: 'uniform', low: 0, high: 1, gridPoints: 1 },
    });
    expect(errors).toEqual({
      a: 'a.low must be a finite number; got NaN',
      b: 'b.low must be less than b.high; got low 2, high 2',
      c: 'c.low must be greater than 0 for loguniform; got 0',
      d: 'd.q must be greater than 0; got 0',
      e: 'e.options must hold at least one value; got an empty list',
      f: 'f.type must be one of uniform, loguniform, quniform, qloguniform, int, choice; got "normal"',
      g: 'g.low must be an integer; got 0.5',
      h: 'h.lo is not a field of uniform (did you mean "low"?)',
      i: 'i.options[1] repeats "x"; each option may appear once',
      j: 'j.q: no multiple of 5 lies between 1 and 2',
      k: 'k.high must be a finite number; got Infinity',
      l: 'l.options[1] must be a finite number or a string; got NaN',
      m: "m must be an object such as { type: 'uniform', low: 0, high: 1 }; got \"uniform\"",
      n: 'n.gridPoints must be an integer from 2 to 10000; got 1',
    });
  });

  it('rejects empty spaces, non-objects, repeated names and odd names', () => {
    expect(errorsOf({})).toEqual({ '*': 'the search space must name at least one parameter' });
    expect(errorsOf('lr')['*']).toMatch(/^the search space must be a list/);
    expect(errorsOf([{ name: 'a', type: 'int', low: 0, high: 2 }, { name: 'a', type: 'int', low: 0, high: 3 }])).toEqual({
      a: 'a appears more than once in the search space',
    });
    expect(errorsOf({ ' a': { type: 'int', low: 0, high: 1 } })[' a']).toMatch(/must be 1 to 250 characters/);
  });

  it('keeps a parameter called __proto__ as data', () => {
    const result = checkSearchSpace([{ name: '__proto__', type: 'int', low: 0, high: 1 }]);
    expect(result.ok && result.space[0]?.name).toBe('__proto__');
    const bad = errorsOf([{ name: '__proto__', type: 'int', low: 1, high: 0 }]);
    expect(Object.keys(bad)).toEqual(['__proto__']);
  });

  it('throws one TrackingError listing every problem from parseSearchSpace', () => {
    expect(() => parseSearchSpace({ a: { type: 'uniform', low: 1, high: 0 }, b: { type: 'choice', options: [] } })).toThrow(
      new TrackingError('INVALID_PARAMETER_VALUE', 'Invalid search space: a.low must be less than a.high; got low 1, high 0; b.options must hold at least one value; got an empty list'),
    );
  });
});

const wine = findRecipe('wine_quality');
const mlp = findEntryPoint(wine, 'mlp');
const elasticnet = findEntryPoint(wine, 'elasticnet');

describe('defaultSearchSpace', () => {
  it('prefills ranges from min/max, log scale for learning-rate-like floats, choices in full', () => {
    expect(defaultSearchSpace(mlp, ['learning_rate', 'epochs', 'feature_transform', 'validation_split'])).toEqual([
      { name: 'epochs', type: 'int', low: 1, high: 2000 },
      { name: 'learning_rate', type: 'loguniform', low: 1e-6, high: 1 },
      { name: 'feature_transform', type: 'choice', options: ['log1p', 'none'] },
      { name: 'validation_split', type: 'uniform', low: 0, high: 0.5 },
    ]);
    // min 0.05, max 0.5: a ratio of 10 stays linear.
    expect(defaultDimensionFor({ type: 'float', name: 't', default: 0.25, min: 0.05, max: 0.5, help: '' })).toEqual({ type: 'uniform', low: 0.05, high: 0.5 });
    expect(defaultDimensionFor({ type: 'float', name: 't', default: 1, help: '' })).toBeUndefined();
  });

  it('leaves out strings, unbounded numbers and the training seed unless named', () => {
    const names = defaultSearchSpace(elasticnet).map((p) => p.name);
    expect(names).toEqual(['alpha', 'l1_ratio', 'epochs', 'learning_rate', 'batch_size', 'test_fraction']);
    expect(() => defaultSearchSpace(mlp, ['hidden_layers'])).toThrow('hidden_layers has no range to search');
    expect(() => defaultSearchSpace(mlp, ['learning_rte'])).toThrow('"learning_rte" is not a parameter of mlp — did you mean "learning_rate"?');
  });
});

describe('checkSpaceForEntryPoint', () => {
  it('accepts the default space of an entry point', () => {
    expect(checkSpaceForEntryPoint(defaultSearchSpace(elasticnet), elasticnet)).toEqual({});
  });

  it('names unknown parameters, ranges outside min/max, wrong kinds and invalid choices', () => {
    const space: SearchSpace = [
      { name: 'learning_rte', type: 'loguniform', low: 1e-4, high: 1e-1 },
      { name: 'momentum', type: 'uniform', low: 0, high: 1 },
      { name: 'epochs', type: 'uniform', low: 1, high: 10 },
      { name: 'batch_size', type: 'int', low: 0, high: 64 },
      { name: 'learning_rate', type: 'loguniform', low: 1e-3, high: 10 },
      { name: 'feature_transform', type: 'choice', options: ['log1p', 'sqrt'] },
      { name: 'hidden_layers', type: 'choice', options: ['64,64', '2000'] },
      { name: 'validation_split', type: 'quniform', low: 0, high: 0.5, q: 0.1 },
    ];
    expect(checkSpaceForEntryPoint(space, mlp)).toEqual({
      learning_rte: '"learning_rte" is not a parameter of mlp — did you mean "learning_rate"?',
      momentum: expect.stringMatching(/^"momentum" is not a parameter of mlp; its parameters: dataset, hidden_layers, epochs/),
      epochs: 'epochs is an int parameter: search it with int, quniform or qloguniform with an integer q, or choice of integers; got uniform',
      batch_size: "batch_size.low must be at least 1, the parameter's min; got 0",
      learning_rate: "learning_rate.high must be at most 1, the parameter's max; got 10",
      feature_transform: 'feature_transform.options[1]: feature_transform must be one of log1p, none; got "sqrt"',
      hidden_layers: expect.stringMatching(/^hidden_layers\.options\[1\]: hidden_layers must be .*1 to 1024/),
    });
  });

  it('checks "at most another parameter" rules over every combination', () => {
    const clash: SearchSpace = [
      { name: 'epochs', type: 'int', low: 5, high: 50 },
      { name: 'swa_start_epoch', type: 'int', low: 0, high: 10 },
    ];
    expect(checkSpaceForEntryPoint(clash, mlp)).toEqual({
      swa_start_epoch: 'swa_start_epoch must be at most epochs in every trial, but swa_start_epoch can reach 10 while epochs can be as low as 5',
    });
    expect(checkSpaceForEntryPoint([{ name: 'swa_start_epoch', type: 'int', low: 0, high: 60 }], mlp)).toEqual({});
    expect(checkSpaceForEntryPoint([{ name: 'swa_start_epoch', type: 'int', low: 0, high: 60 }], mlp, { epochs: 30 })).toHaveProperty('swa_start_epoch');
  });

  it('makes every suggested trial pass validateParams (random, grid and TPE)', () => {
    const space: SearchSpace = [
      { name: 'learning_rate', type: 'loguniform', low: 1e-6, high: 1, gridPoints: 3 },
      { name: 'epochs', type: 'qloguniform', low: 10, high: 200, q: 10, gridPoints: 3 },
      { name: 'swa_start_epoch', type: 'int', low: 0, high: 10, step: 5 },
      { name: 'validation_split', type: 'quniform', low: 0, high: 0.5, q: 0.1, gridPoints: 2 },
      { name: 'batch_size', type: 'choice', options: [16, 32, 64] },
      { name: 'feature_transform', type: 'choice', options: ['log1p', 'none'] },
    ];
    expect(checkSpaceForEntryPoint(space, mlp)).toEqual({});
    for (const algorithm of ['random', 'grid', 'tpe'] as const) {
      const settings = algorithm === 'tpe' ? { name: algorithm, nStartupJobs: 5 } : algorithm;
      let state = createSearchState({ space, algorithm: settings, objective: 'val_rmse', seed: 3, maxTrials: 40 }, 0);
      for (let i = 0; i < 40; i++) {
        const next = suggestNext(state);
        if (!next.ok) throw new Error(next.reason);
        const check = validateParams(mlp as EntryPoint, { ...next.trial.params });
        expect(check).toMatchObject({ ok: true });
        state = recordResult(markRunning(next.state, i), i, { status: 'completed', objective: ((i * 37) % 11) / 10 });
      }
    }
  });
});
