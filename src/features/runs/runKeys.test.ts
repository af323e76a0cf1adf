import { describe, expect, it } from 'vitest';
import { makeRun } from '../../test/makeRun';
import { chooseHeadlineMetric, collectRunKeys, isDigestParam, runKeysFromSignature, runKeysSignature } from './runKeys';

const runs = [
  makeRun({ id: 'a', params: { lr: '0.1', model: 'mlp' }, metrics: { loss: 1, acc: 0.5 }, tags: { team: 'blue', 'mlflow.user': 'al' } }),
  makeRun({ id: 'b', params: { seed: '1', lr: '0.2' }, metrics: { 'val loss': 2 }, tags: { 'trainyard.recipe': 'iris', 'mlflow.user': 'al' } }),
];
const keys = collectRunKeys(runs);

const recipeRun = (id: string, recipe: string, task: string | null, metrics: Record<string, number>, params: Record<string, string> = {}) =>
  makeRun({ id, metrics, params, tags: { 'trainyard.recipe': recipe, ...(task ? { 'trainyard.task': task } : {}) } });

describe('collectRunKeys', () => {
  it('should list every key once, sorted, with system tags apart', () => {
    expect(keys).toEqual({
      params: ['lr', 'model', 'seed'],
      recordedParams: [],
      metrics: ['acc', 'loss', 'val loss'],
      tags: ['team'],
      systemTags: ['mlflow.user', 'trainyard.recipe'],
      headlineMetric: 'acc',
    });
  });

  it('should order keys naturally, numbers by value, case-insensitively', () => {
    const run = makeRun({ id: 'n', params: { p10: '', p2: '', P3: '', p1: '', b: '', B: '' } });
    expect(collectRunKeys([run]).params).toEqual(['b', 'B', 'p1', 'p2', 'P3', 'p10']);
  });

  it('should return empty lists for no runs', () => {
    expect(collectRunKeys([])).toEqual({ params: [], recordedParams: [], metrics: [], tags: [], systemTags: [], headlineMetric: null });
  });

  it('should survive a round trip through its signature', () => {
    expect(runKeysFromSignature(runKeysSignature(keys))).toEqual(keys);
    expect(runKeysSignature(collectRunKeys([...runs].reverse()))).toBe(runKeysSignature(keys));
  });

  it("should keep a recipe's form fields as the params users set, and its side records, digests and trainyard.* params apart", () => {
    const run = recipeRun('w', 'wine_quality', 'regression', { test_rmse: 0.6 }, {
      epochs: '40',
      hidden_layers: '[64]',
      dataset_digest: 'f'.repeat(64),
      dataset_name: 'wine',
      fit_size: '900',
      'trainyard.extra': '1',
    });
    const console = makeRun({ id: 'c', params: { my_setting: '3', checksum: 'x', blob: '0123456789abcdef'.repeat(4) } });
    const found = collectRunKeys([run, console]);
    expect(found.params).toEqual(['epochs', 'hidden_layers', 'my_setting']);
    expect(found.recordedParams).toEqual(['blob', 'checksum', 'dataset_digest', 'dataset_name', 'fit_size', 'trainyard.extra']);
  });
});

describe('the headline metric', () => {
  it('should be test_accuracy when most runs are classifiers and test_rmse when most are regressors', () => {
    const cls = (id: string) => recipeRun(id, 'iris_logreg', null, { test_accuracy: 0.9, test_rmse: 1, loss: 1 });
    const reg = (id: string) => recipeRun(id, 'wine_quality', 'regression', { test_rmse: 0.6, test_accuracy: 0, loss: 1 });
    expect(collectRunKeys([cls('a'), cls('b'), reg('c')]).headlineMetric).toBe('test_accuracy');
    expect(collectRunKeys([cls('a'), reg('b'), reg('c')]).headlineMetric).toBe('test_rmse');
    // The csv recipe's task is in its trainyard.task tag.
    expect(collectRunKeys([recipeRun('x', 'csv', 'classification', { test_rmse: 1, test_accuracy: 0.5 })]).headlineMetric).toBe('test_accuracy');
  });

  it('should keep the test_* metric most runs have when one new run brings another', () => {
    const old = (id: string) => makeRun({ id, metrics: { test_rmse: 1, loss: 1 } });
    expect(collectRunKeys([old('a'), old('b'), makeRun({ id: 'c', metrics: { test_mae: 1 } })]).headlineMetric).toBe('test_rmse');
    expect(collectRunKeys([makeRun({ id: 'a', metrics: { zz: 1 } }), makeRun({ id: 'b', metrics: { zz: 1, aa: 1 } })]).headlineMetric).toBe('zz');
  });

  it('should fall back to the first test_* metric for console runs, then to the first metric', () => {
    expect(collectRunKeys([makeRun({ id: 'a', metrics: { loss: 1, test_mae: 2, test_loss: 3 } })]).headlineMetric).toBe('test_loss');
    expect(collectRunKeys([makeRun({ id: 'a', metrics: { zeta: 1, alpha: 2 } })]).headlineMetric).toBe('alpha');
    expect(chooseHeadlineMetric([], { classification: 3, regression: 0 })).toBeNull();
    // A classifier experiment whose runs haven't logged test_accuracy yet.
    expect(chooseHeadlineMetric(['loss', 'test_f1'], { classification: 3, regression: 0 })).toBe('test_f1');
  });

  it('should never lead with a baseline, the yardstick logged beside a score', () => {
    const counts = new Map([['test_baseline_mae', 5], ['test_r2', 2]]);
    expect(chooseHeadlineMetric(['test_baseline_mae', 'test_r2'], { classification: 0, regression: 0 }, counts)).toBe('test_r2');
  });
});

describe('isDigestParam', () => {
  it.each([
    ['dataset_digest', 'abc', true],
    ['sha256', '', true],
    ['file_hash', 'x', true],
    ['anything', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', true],
    ['hashing_trick', 'yes', false],
    ['lr', '0.1', false],
    ['name', 'z'.repeat(64), false],
  ])('%s = %s → %s', (key, value, expected) => {
    expect(isDigestParam(key, value)).toBe(expected);
  });
});
