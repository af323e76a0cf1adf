import { describe, expect, it } from 'vitest';
import { makeRun } from '../../test/makeRun';
import {
  EMPTY_PREFS,
  MAX_DEFAULT_TAG_COLUMNS,
  collectRunKeys,
  columnCatalog,
  filterCatalog,
  isDefaultVisible,
  isVisible,
  parseColumnPrefs,
  resolveSort,
  runKeysFromSignature,
  runKeysSignature,
  serializeColumnPrefs,
  setColumnsVisible,
  setMetricSummary,
  visibleColumns,
  type ColumnPrefs,
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

const runs = [
  makeRun({ id: 'a', params: { lr: '0.1', model: 'mlp' }, metrics: { loss: 1, acc: 0.5 }, tags: { team: 'blue', 'mlflow.user': 'al' } }),
  makeRun({ id: 'b', params: { seed: '1', lr: '0.2' }, metrics: { 'val loss': 2 }, tags: { 'trainyard.recipe': 'iris', 'mlflow.user': 'al' } }),
];
const keys = collectRunKeys(runs);

describe('collectRunKeys', () => {
  it('should list every key once, sorted, with system tags apart', () => {
    expect(keys).toEqual({
      params: ['lr', 'model', 'seed'],
      metrics: ['acc', 'loss', 'val loss'],
      tags: ['team'],
      systemTags: ['mlflow.user', 'trainyard.recipe'],
    });
  });

  it('should order keys naturally, numbers by value, case-insensitively', () => {
    const run = makeRun({ id: 'n', params: { p10: '', p2: '', P3: '', p1: '', b: '', B: '' } });
    expect(collectRunKeys([run]).params).toEqual(['b', 'B', 'p1', 'p2', 'P3', 'p10']);
  });

  it('should return empty lists for no runs', () => {
    expect(collectRunKeys([])).toEqual({ params: [], metrics: [], tags: [], systemTags: [] });
  });

  it('should survive a round trip through its signature', () => {
    expect(runKeysFromSignature(runKeysSignature(keys))).toEqual(keys);
    expect(runKeysSignature(collectRunKeys([...runs].reverse()))).toBe(runKeysSignature(keys));
  });
});

describe('default columns', () => {
  it('should show the four usual attributes, every param and metric and few user tags, but no system tag', () => {
    expect(keysOf(visibleColumns(keys, EMPTY_PREFS))).toEqual([
      'attribute:run_name',
      'attribute:status',
      'attribute:start_time',
      'attribute:duration',
      'param:lr',
      'param:model',
      'param:seed',
      'metric:acc',
      'metric:loss',
      'metric:val loss',
      'tag:team',
    ]);
  });

  it('should hide user tags by default when there are many', () => {
    const many: RunKeys = { ...keys, tags: Array.from({ length: MAX_DEFAULT_TAG_COLUMNS + 1 }, (_, i) => `t${i}`) };
    expect(isDefaultVisible(tag('t0'), many)).toBe(false);
    expect(isDefaultVisible(tag('t0'), keys)).toBe(true);
    expect(isDefaultVisible(tag('mlflow.user'), keys)).toBe(false);
    expect(isDefaultVisible(attribute('run_id'), keys)).toBe(false);
  });

  it('should list every column in the catalog, grouped', () => {
    const groups = columnCatalog(keys, EMPTY_PREFS);
    expect(groups.map((g) => [g.id, g.columns.length])).toEqual([
      ['attributes', 7],
      ['params', 3],
      ['metrics', 3],
      ['tags', 1],
      ['systemTags', 2],
    ]);
  });
});

describe('choosing columns', () => {
  it('should show and hide columns over the defaults, and keep the run name', () => {
    let prefs = setColumnsVisible(EMPTY_PREFS, [param('lr'), metric('acc'), attribute('run_name')], false);
    prefs = setColumnsVisible(prefs, [tag('mlflow.user'), attribute('run_id')], true);
    expect(keysOf(visibleColumns(keys, prefs))).toEqual([
      'attribute:run_name',
      'attribute:status',
      'attribute:start_time',
      'attribute:duration',
      'attribute:run_id',
      'param:model',
      'param:seed',
      'metric:loss',
      'metric:val loss',
      'tag:team',
      'tag:mlflow.user',
    ]);
    expect(EMPTY_PREFS.hidden.size).toBe(0); // the input is left alone
  });

  it('should show none and then all of a list', () => {
    const all = columnCatalog(keys, EMPTY_PREFS).flatMap((g) => g.columns);
    const none = setColumnsVisible(EMPTY_PREFS, all, false);
    expect(keysOf(visibleColumns(keys, none))).toEqual(['attribute:run_name']);
    const every = setColumnsVisible(none, all, true);
    expect(visibleColumns(keys, every)).toHaveLength(all.length);
    expect(every.hidden.size).toBe(0);
  });

  it('should let a column shown again follow the choice, not the default', () => {
    const hidden = setColumnsVisible(EMPTY_PREFS, [param('lr')], false);
    expect(isVisible(param('lr'), keys, hidden)).toBe(false);
    expect(isVisible(param('lr'), keys, setColumnsVisible(hidden, [param('lr')], true))).toBe(true);
  });

  it('should carry a metric summary on its column and its header', () => {
    const prefs = setMetricSummary(EMPTY_PREFS, 'loss', 'min');
    const loss = visibleColumns(keys, prefs).find((c) => c.kind === 'metric' && c.key === 'loss');
    expect(loss).toEqual({ kind: 'metric', key: 'loss', summary: 'min' });
    expect(loss && columnLabel(loss)).toBe('loss (min)');
    expect(setMetricSummary(prefs, 'loss', 'latest').summaries.has('loss')).toBe(false);
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

describe('stored prefs', () => {
  const prefs: ColumnPrefs = setMetricSummary(
    setColumnsVisible(setColumnsVisible(EMPTY_PREFS, [param('lr')], false), [tag('mlflow.user')], true),
    'loss',
    'min',
  );

  it('should survive a round trip', () => {
    const back = parseColumnPrefs(serializeColumnPrefs(prefs));
    expect([...back.shown]).toEqual(['tag:mlflow.user']);
    expect([...back.hidden]).toEqual(['param:lr']);
    expect([...back.summaries]).toEqual([['loss', 'min']]);
  });

  it.each<[string, string | null | undefined]>([
    ['nothing stored', null],
    ['undefined', undefined],
    ['an empty string', ''],
    ['not JSON', '{"v":1,'],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['a string', '"hello"'],
    ['an array', '[1,2,3]'],
    ['no version', '{"shown":["param:lr"]}'],
    ['another version', '{"v":2,"shown":["param:lr"]}'],
    ['a version as text', '{"v":"1","shown":["param:lr"]}'],
    ['an inherited version only', '{"__proto__":{"v":1},"shown":["param:lr"]}'],
  ])('should fall back to the defaults for %s', (_label, text) => {
    const parsed = parseColumnPrefs(text);
    expect(parsed.shown.size + parsed.hidden.size + parsed.summaries.size).toBe(0);
  });

  it('should keep only well-formed entries', () => {
    const hostile = JSON.stringify({
      v: 1,
      shown: ['param:lr', 7, null, { k: 1 }, 'bogus:x', 'param:', 'metric:loss', 'x'.repeat(2000), 'tag:__proto__'],
      hidden: 'param:seed',
      summaries: [['loss', 'min'], ['acc', 'median'], ['x'], 'max', [1, 'max'], ['', 'max'], ['constructor', 'max'], ['val', 'latest'], null],
    });
    const parsed = parseColumnPrefs(hostile);
    expect([...parsed.shown]).toEqual(['param:lr', 'metric:loss', 'tag:__proto__']);
    expect(parsed.hidden.size).toBe(0);
    expect([...parsed.summaries]).toEqual([['loss', 'min'], ['constructor', 'max']]);
    expect(Object.prototype).not.toHaveProperty('v');
  });

  it('should not let one key be both shown and hidden', () => {
    const parsed = parseColumnPrefs('{"v":1,"shown":["param:lr"],"hidden":["param:lr","param:seed"]}');
    expect([...parsed.hidden]).toEqual(['param:seed']);
  });

  it('should cap huge lists instead of trusting them', () => {
    const shown = Array.from({ length: 50_000 }, (_, i) => `param:p${i}`);
    expect(parseColumnPrefs(JSON.stringify({ v: 1, shown })).shown.size).toBe(10_000);
  });

  it('should ignore stale keys: a stored column the runs no longer have is simply not shown', () => {
    const parsed = parseColumnPrefs('{"v":1,"shown":["param:gone","tag:old"]}');
    expect(keysOf(visibleColumns(keys, parsed))).not.toContain('param:gone');
  });
});
