import { describe, expect, it } from 'vitest';
import { makeRun } from '../../test/makeRun';
import {
  EMPTY_PREFS,
  MAX_DEFAULT_TAG_COLUMNS,
  collectRunKeys,
  columnCatalog,
  filterCatalog,
  isDefaultVisible,
  mainMetric,
  newColumns,
  resolveSort,
  setColumnWidth,
  setColumnsVisible,
  setMainMetric,
  setMetricSummary,
  visibleColumns,
  type RunKeys,
} from './columnPrefs';
import { columnKey, columnLabel, type ColumnId } from './runsTableModel';

const param = (key: string): ColumnId => ({ kind: 'param', key });
const metric = (key: string): ColumnId => ({ kind: 'metric', key });
const tag = (key: string): ColumnId => ({ kind: 'tag', key });
const attribute = (key: 'run_name' | 'status' | 'start_time' | 'duration' | 'end_time' | 'user_id' | 'run_id'): ColumnId => ({
  kind: 'attribute',
  key,
});
const keysOf = (columns: readonly ColumnId[]) => columns.map(columnKey);
const SHA = 'a'.repeat(64);

const runs = [
  makeRun({ id: 'a', params: { lr: '0.1', model: 'mlp' }, metrics: { loss: 1, acc: 0.5 }, tags: { team: 'blue', 'mlflow.user': 'al' } }),
  makeRun({ id: 'b', params: { seed: '1', lr: '0.2' }, metrics: { 'val loss': 2 }, tags: { 'trainyard.recipe': 'iris', 'mlflow.user': 'al' } }),
];
const keys = collectRunKeys(runs);

/** An experiment as the issue saw it: recipe runs with digests, side params, many metrics. */
function recipeRuns(count: number) {
  return Array.from({ length: count }, (_, i) =>
    makeRun({
      id: `r${i}`,
      params: {
        epochs: '40',
        learning_rate: '0.01',
        seed: String(i),
        test_fraction: '0.25',
        dataset_name: 'iris',
        dataset_digest: SHA,
        train_size: '120',
        opt_beta_1: '0.9',
        'trainyard.note': 'x',
      },
      metrics: { acc: 0.9, loss: 0.3, test_accuracy: 0.9 + i / 1000, test_f1_macro: 0.88, val_loss: 0.4 },
      tags: { 'trainyard.recipe': 'iris_logreg', 'trainyard.task': 'classification', 'mlflow.source.type': 'PROJECT' },
    }),
  );
}

describe('default columns', () => {
  it('should show the four usual attributes, then the metrics (main first), the params users set and few user tags', () => {
    expect(keysOf(visibleColumns(keys, EMPTY_PREFS))).toEqual([
      'attribute:run_name',
      'attribute:status',
      'attribute:start_time',
      'attribute:duration',
      'metric:acc',
      'metric:loss',
      'metric:val loss',
      'param:lr',
      'param:model',
      'param:seed',
      'tag:team',
    ]);
  });

  it('should lead with the main metric and keep digests, recorded and trainyard.* params and system tags for the chooser', () => {
    const recipe = collectRunKeys(recipeRuns(85));
    const visible = keysOf(visibleColumns(recipe, EMPTY_PREFS));
    // The first column after the attributes is the headline metric of the recipe.
    expect(visible.slice(0, 6)).toEqual([
      'attribute:run_name',
      'attribute:status',
      'attribute:start_time',
      'attribute:duration',
      'metric:test_accuracy',
      'metric:acc',
    ]);
    expect(visible).not.toContain('param:dataset_digest');
    expect(visible).not.toContain('param:trainyard.note');
    expect(visible).not.toContain('param:train_size');
    expect(visible).not.toContain('tag:mlflow.source.type');
    expect(visible).toContain('param:learning_rate');
    const groups = columnCatalog(recipe, EMPTY_PREFS);
    expect(keysOf(groups.find((g) => g.id === 'recordedParams')?.columns ?? [])).toEqual([
      'param:dataset_digest',
      'param:dataset_name',
      'param:opt_beta_1',
      'param:train_size',
      'param:trainyard.note',
    ]);
  });

  it('should hide user tags by default when there are many', () => {
    const many: RunKeys = { ...keys, tags: Array.from({ length: MAX_DEFAULT_TAG_COLUMNS + 1 }, (_, i) => `t${i}`) };
    expect(isDefaultVisible('tags', tag('t0'), many)).toBe(false);
    expect(isDefaultVisible('tags', tag('t0'), keys)).toBe(true);
    expect(isDefaultVisible('systemTags', tag('mlflow.user'), keys)).toBe(false);
    expect(isDefaultVisible('attributes', attribute('run_id'), keys)).toBe(false);
  });

  it('should list every column in the catalog, grouped in table order', () => {
    const groups = columnCatalog(keys, EMPTY_PREFS);
    expect(groups.map((g) => [g.id, g.columns.length])).toEqual([
      ['attributes', 7],
      ['metrics', 3],
      ['params', 3],
      ['tags', 1],
      ['recordedParams', 0],
      ['systemTags', 2],
    ]);
  });
});

describe('the main metric', () => {
  const recipe = collectRunKeys(recipeRuns(3));

  it('should follow the runs until the user picks one, and move the pick to the front', () => {
    expect(mainMetric(recipe, EMPTY_PREFS)).toBe('test_accuracy');
    const picked = setMainMetric(EMPTY_PREFS, 'val_loss', recipe);
    expect(mainMetric(recipe, picked)).toBe('val_loss');
    expect(keysOf(visibleColumns(recipe, picked))[4]).toBe('metric:val_loss');
  });

  it('should show a main metric the user had hidden', () => {
    const hidden = setColumnsVisible(EMPTY_PREFS, [metric('val_loss')], false, recipe);
    const picked = setMainMetric(hidden, 'val_loss', recipe);
    expect(keysOf(visibleColumns(recipe, picked))[4]).toBe('metric:val_loss');
  });

  it('should go back to following the runs when the headline metric is picked, or the pick is gone', () => {
    const picked = setMainMetric(EMPTY_PREFS, 'val_loss', recipe);
    expect(setMainMetric(picked, 'test_accuracy', recipe).mainMetric).toBeNull();
    expect(mainMetric(collectRunKeys([makeRun({ id: 'x', metrics: { test_rmse: 1 } })]), picked)).toBe('test_rmse');
  });
});

describe('choosing columns', () => {
  it('should show and hide columns over the defaults, and keep the run name', () => {
    let prefs = setColumnsVisible(EMPTY_PREFS, [param('lr'), metric('acc'), attribute('run_name')], false, keys);
    prefs = setColumnsVisible(prefs, [tag('mlflow.user'), attribute('run_id')], true, keys);
    expect(keysOf(visibleColumns(keys, prefs))).toEqual([
      'attribute:run_name',
      'attribute:status',
      'attribute:start_time',
      'attribute:duration',
      'attribute:run_id',
      'metric:loss',
      'metric:val loss',
      'param:model',
      'param:seed',
      'tag:team',
      'tag:mlflow.user',
    ]);
    expect(EMPTY_PREFS.hidden.size).toBe(0); // the input is left alone
  });

  it('should show none and then all of a list', () => {
    const all = columnCatalog(keys, EMPTY_PREFS).flatMap((g) => g.columns);
    const none = setColumnsVisible(EMPTY_PREFS, all, false, keys);
    expect(keysOf(visibleColumns(keys, none))).toEqual(['attribute:run_name']);
    const every = setColumnsVisible(none, all, true, keys);
    expect(visibleColumns(keys, every)).toHaveLength(all.length);
    expect(every.hidden.size).toBe(0);
  });

  it('should keep the columns a user chose when later runs bring new keys, and offer those as new', () => {
    // The user keeps 8 columns: the four attributes, two metrics and two params.
    const first = collectRunKeys(recipeRuns(3));
    const all = columnCatalog(first, EMPTY_PREFS).flatMap((g) => g.columns);
    const keep = [attribute('status'), attribute('start_time'), attribute('duration'), metric('test_accuracy'), metric('loss'), param('epochs'), param('seed')];
    let prefs = setColumnsVisible(EMPTY_PREFS, all, false, first);
    prefs = setColumnsVisible(prefs, keep, true, first);
    const chosen = keysOf(visibleColumns(first, prefs));
    expect(chosen).toHaveLength(8);

    const later = collectRunKeys([
      ...recipeRuns(3),
      makeRun({ id: 'new', params: { dropout: '0.5', momentum: '0.9', batch_norm: 'yes' }, metrics: { test_f1_weighted: 0.8 }, tags: { 'mlflow.user': 'x' } }),
    ]);
    expect(keysOf(visibleColumns(later, prefs))).toEqual(chosen);
    expect(keysOf(newColumns(later, prefs))).toEqual(['metric:test_f1_weighted', 'param:batch_norm', 'param:dropout', 'param:momentum']);

    // Showing (or hiding) them settles them: they are no longer new.
    const shown = setColumnsVisible(prefs, newColumns(later, prefs), true, later);
    expect(newColumns(later, shown)).toEqual([]);
    expect(keysOf(visibleColumns(later, shown))).toEqual(expect.arrayContaining(['param:dropout', 'metric:test_f1_weighted']));
    const kept = setColumnsVisible(prefs, newColumns(later, prefs), false, later);
    expect(newColumns(later, kept)).toEqual([]);
    expect(keysOf(visibleColumns(later, kept))).toEqual(chosen);
  });

  it('should let new keys follow the defaults while the user has chosen nothing', () => {
    expect(newColumns(keys, EMPTY_PREFS)).toEqual([]);
    const later = collectRunKeys([...runs, makeRun({ id: 'c', params: { wd: '1' } })]);
    expect(keysOf(visibleColumns(later, EMPTY_PREFS))).toContain('param:wd');
  });

  it('should carry a metric summary on its column and its header', () => {
    const prefs = setMetricSummary(EMPTY_PREFS, 'loss', 'min');
    const loss = visibleColumns(keys, prefs).find((c) => c.kind === 'metric' && c.key === 'loss');
    expect(loss).toEqual({ kind: 'metric', key: 'loss', summary: 'min' });
    expect(loss && columnLabel(loss)).toBe('loss (min)');
    expect(setMetricSummary(prefs, 'loss', 'latest').summaries.has('loss')).toBe(false);
  });

  it('should set and forget a column width', () => {
    const wide = setColumnWidth(EMPTY_PREFS, 'param:lr', 300);
    expect(wide.widths.get('param:lr')).toBe(300);
    expect(setColumnWidth(wide, 'param:lr', null).widths.size).toBe(0);
    expect(EMPTY_PREFS.widths.size).toBe(0);
  });

  it('should make sorting follow the summary a metric column shows', () => {
    const prefs = setMetricSummary(EMPTY_PREFS, 'loss', 'max');
    const sort = { column: metric('loss'), direction: 'ASC' as const };
    expect(resolveSort(sort, prefs).column).toEqual({ kind: 'metric', key: 'loss', summary: 'max' });
    expect(resolveSort(sort, EMPTY_PREFS)).toBe(sort);
    const stale = { column: { kind: 'metric', key: 'loss', summary: 'min' } as ColumnId, direction: 'DESC' as const };
    expect(resolveSort(stale, EMPTY_PREFS).column).toEqual(metric('loss'));
    const byParam = { column: param('lr'), direction: 'ASC' as const };
    expect(resolveSort(byParam, prefs)).toBe(byParam);
  });
});

describe('filterCatalog', () => {
  const groups = columnCatalog(keys, EMPTY_PREFS);

  it('should keep the matching columns of each group, case-insensitively', () => {
    expect(filterCatalog(groups, 'LOSS').map((g) => [g.id, keysOf(g.columns)])).toEqual([['metrics', ['metric:loss', 'metric:val loss']]]);
  });

  it('should match search-syntax names and attribute labels', () => {
    expect(filterCatalog(groups, 'params.l').flatMap((g) => keysOf(g.columns))).toEqual(['param:lr']);
    expect(filterCatalog(groups, 'started').flatMap((g) => keysOf(g.columns))).toEqual(['attribute:start_time']);
  });

  it('should list everything (but no empty group) for a blank search, and nothing for no match', () => {
    expect(filterCatalog(groups, '  ')).toHaveLength(5);
    expect(filterCatalog(columnCatalog(collectRunKeys([]), EMPTY_PREFS), '')).toHaveLength(1);
    expect(filterCatalog(groups, 'zzz')).toEqual([]);
  });
});
