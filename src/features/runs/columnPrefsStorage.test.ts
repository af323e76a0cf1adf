import { describe, expect, it } from 'vitest';
import { collectRunKeys, EMPTY_PREFS, setColumnWidth, setColumnsVisible, setMainMetric, setMetricSummary, visibleColumns, type ColumnPrefs } from './columnPrefs';
import { parseColumnPrefs, serializeColumnPrefs } from './columnPrefsStorage';
import { makeRun } from '../../test/makeRun';
import { columnKey, type ColumnId } from './runsTableModel';
import { MAX_COLUMN_WIDTH } from './runsTableLayout';

const param = (key: string): ColumnId => ({ kind: 'param', key });
const tag = (key: string): ColumnId => ({ kind: 'tag', key });
const keysOf = (columns: readonly ColumnId[]) => columns.map(columnKey);
const keys = collectRunKeys([
  makeRun({ id: 'a', params: { lr: '0.1', model: 'mlp' }, metrics: { loss: 1, acc: 0.5 }, tags: { team: 'blue', 'mlflow.user': 'al' } }),
  makeRun({ id: 'b', params: { seed: '1', lr: '0.2' }, metrics: { 'val loss': 2 }, tags: { 'mlflow.user': 'al' } }),
]);

describe('stored prefs', () => {
  const prefs: ColumnPrefs = setMetricSummary(
    setColumnsVisible(setColumnsVisible(EMPTY_PREFS, [param('lr')], false, keys), [tag('mlflow.user')], true, keys),
    'loss',
    'min',
  );

  it('should survive a round trip', () => {
    const back = parseColumnPrefs(serializeColumnPrefs(prefs));
    expect([...back.shown]).toEqual(['tag:mlflow.user']);
    expect([...back.hidden]).toEqual(['param:lr']);
    expect([...back.summaries]).toEqual([['loss', 'min']]);
  });

  it('should keep the known keys, the main metric and the widths', () => {
    const full = setColumnWidth(setMainMetric(prefs, 'val loss', keys), 'param:model', 222);
    const back = parseColumnPrefs(serializeColumnPrefs(full));
    expect(back.known).toEqual(full.known);
    expect(back.mainMetric).toBe('val loss');
    expect([...back.widths]).toEqual([['param:model', 222]]);
    expect(keysOf(visibleColumns(keys, back))).toEqual(keysOf(visibleColumns(keys, full)));
  });

  it('should read a version 1 entry as a choice made before known keys were kept', () => {
    const parsed = parseColumnPrefs('{"v":1,"shown":["tag:mlflow.user"],"hidden":["param:lr"],"summaries":[["loss","max"]]}');
    expect([...parsed.hidden]).toEqual(['param:lr']);
    expect(parsed.known).toBeNull();
    expect(parsed.mainMetric).toBeNull();
    expect(parsed.widths.size).toBe(0);
  });

  it('should clamp stored widths and drop bad ones', () => {
    const parsed = parseColumnPrefs(
      JSON.stringify({ v: 2, widths: [['param:lr', 1e9], ['param:seed', -5], ['param:x', 'wide'], ['bogus', 100], ['metric:acc', null]], main: 7, known: 'all' }),
    );
    expect([...parsed.widths]).toEqual([['param:lr', MAX_COLUMN_WIDTH], ['param:seed', 60]]);
    expect(parsed.mainMetric).toBeNull();
    expect(parsed.known).toBeNull();
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
    ['another version', '{"v":3,"shown":["param:lr"]}'],
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
