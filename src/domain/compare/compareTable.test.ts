import { describe, expect, it } from 'vitest';
import { makeRun } from '../../test/makeRun';
import { bestIndices, compareRows } from './compareTable';
import type { CompareRow, CompareValue, Direction } from './compareTable';

const row = (rows: CompareRow[], section: string, key: string): CompareRow | undefined =>
  rows.find((r) => r.section === section && r.key === key);

describe('bestIndices', () => {
  it.each<[CompareValue[], Direction, number[]]>([
    [[3, 1, 2], 'lower', [1]],
    [[3, 1, 2], 'higher', [0]],
    [[1, 2, 1], 'lower', [0, 2]],
    [[NaN, 5, NaN], 'lower', [1]],
    [[NaN, 5, NaN], 'higher', [1]],
    [[-Infinity, 0, Infinity], 'lower', [1]],
    [[-Infinity, 0, Infinity], 'higher', [1]],
    [[NaN, NaN], 'lower', []],
    [[null, 2, null], 'higher', [1]],
    [['7', 2], 'higher', [1]],
    [[], 'lower', []],
    [[-0, 0], 'lower', [0, 1]],
  ])('should pick the best of %j (%s)', (values, direction, expected) => {
    expect(bestIndices(values, direction)).toEqual(expected);
  });
});

describe('compareRows', () => {
  const a = makeRun({
    id: 'a',
    name: 'first',
    start: 1000,
    end: 5000,
    params: { lr: '0.1', optimizer: 'adam', seed: '1' },
    metrics: { loss: 0.5, accuracy: 0.8, diverged: NaN },
    tags: { 'mlflow.user': 'ann' },
  });
  const b = makeRun({
    id: 'b',
    name: 'second',
    status: 'RUNNING',
    start: 2000,
    end: null,
    params: { lr: '0.01', optimizer: 'adam' },
    metrics: { loss: 0.3, accuracy: 0.8, diverged: NaN, only_b: 1 },
    tags: { 'mlflow.user': 'ann', note: 'x' },
  });

  it('should list attributes, then params, metrics and tags, keys sorted within a section', () => {
    expect(compareRows([a, b]).map((r) => `${r.section}:${r.key}`)).toEqual([
      'attribute:run_name',
      'attribute:status',
      'attribute:duration',
      'attribute:start_time',
      'param:lr',
      'param:optimizer',
      'param:seed',
      'metric:accuracy',
      'metric:diverged',
      'metric:loss',
      'metric:only_b',
      'tag:mlflow.user',
      'tag:note',
    ]);
  });

  it('should give values per run, differs and best runs', () => {
    const rows = compareRows([a, b]);
    expect(row(rows, 'attribute', 'run_name')).toEqual({
      section: 'attribute',
      key: 'run_name',
      values: ['first', 'second'],
      differs: true,
      bestIndices: [],
    });
    expect(row(rows, 'attribute', 'duration')?.values).toEqual([4000, null]);
    expect(row(rows, 'attribute', 'status')?.values).toEqual(['FINISHED', 'RUNNING']);
    expect(row(rows, 'param', 'seed')).toMatchObject({ values: ['1', null], differs: true });
    expect(row(rows, 'param', 'optimizer')).toMatchObject({ values: ['adam', 'adam'], differs: false });
    expect(row(rows, 'metric', 'loss')).toMatchObject({ values: [0.5, 0.3], differs: true, bestIndices: [1] });
    expect(row(rows, 'metric', 'accuracy')).toMatchObject({ differs: false, bestIndices: [0, 1] });
    expect(row(rows, 'metric', 'diverged')).toMatchObject({ values: [NaN, NaN], differs: false, bestIndices: [] });
    expect(row(rows, 'metric', 'only_b')).toMatchObject({ values: [null, 1], differs: true, bestIndices: [1] });
    expect(row(rows, 'tag', 'note')).toMatchObject({ values: [null, 'x'], differs: true, bestIndices: [] });
  });

  it('should keep only differing rows when asked', () => {
    const keys = compareRows([a, b], { onlyDiffering: true }).map((r) => r.key);
    expect(keys).toEqual(['run_name', 'status', 'duration', 'start_time', 'lr', 'seed', 'loss', 'only_b', 'note']);
  });

  it('should judge metrics without a chosen direction by metricDirection', () => {
    const c = makeRun({ id: 'c', metrics: { val_perplexity: 12, f1_score: 0.7, fit_time: 30, my_metric: 5 } });
    const d = makeRun({ id: 'd', metrics: { val_perplexity: 9, f1_score: 0.6, fit_time: 40, my_metric: 3 } });
    const rows = compareRows([c, d]);
    expect(row(rows, 'metric', 'val_perplexity')?.bestIndices).toEqual([1]);
    expect(row(rows, 'metric', 'f1_score')?.bestIndices).toEqual([0]);
    expect(row(rows, 'metric', 'fit_time')?.bestIndices).toEqual([0]);
    expect(row(rows, 'metric', 'my_metric')?.bestIndices).toEqual([1]);
  });

  it('should let directions override the default', () => {
    const rows = compareRows([a, b], { directions: { loss: 'higher', accuracy: 'lower' } });
    expect(row(rows, 'metric', 'loss')?.bestIndices).toEqual([0]);
    expect(row(rows, 'metric', 'accuracy')?.bestIndices).toEqual([0, 1]);
  });

  it('should not take a direction from Object.prototype for a key like constructor', () => {
    const rows = compareRows([makeRun({ id: 'c', metrics: { constructor: 1 } }), makeRun({ id: 'd', metrics: { constructor: 2 } })]);
    expect(row(rows, 'metric', 'constructor')?.bestIndices).toEqual([0]);
  });

  it('should mark nothing as differing for a single run', () => {
    const rows = compareRows([a]);
    expect(rows.every((r) => !r.differs)).toBe(true);
    expect(compareRows([a], { onlyDiffering: true })).toEqual([]);
  });

  it('should give no rows for no runs', () => {
    expect(compareRows([])).toEqual([]);
  });

  it('should treat a present empty string as different from a missing value', () => {
    const rows = compareRows([makeRun({ id: 'c', params: { p: '' } }), makeRun({ id: 'd' })]);
    expect(row(rows, 'param', 'p')).toMatchObject({ values: ['', null], differs: true });
  });

  it('should treat keys like __proto__ and toString as ordinary keys', () => {
    const c = makeRun({ id: 'c', params: { toString: '1' }, tags: JSON.parse('{"__proto__":"x"}') as Record<string, string> });
    const rows = compareRows([c, makeRun({ id: 'd' })]);
    expect(row(rows, 'param', 'toString')?.values).toEqual(['1', null]);
    expect(row(rows, 'tag', '__proto__')?.values).toEqual(['x', null]);
  });

  it('should sort keys case-insensitively', () => {
    const c = makeRun({ id: 'c', params: { b: '1', A: '1', a: '1', B: '1' } });
    expect(compareRows([c]).filter((r) => r.section === 'param').map((r) => r.key)).toEqual(['A', 'a', 'B', 'b']);
  });

  it('should handle 500 runs with many keys', () => {
    const runs = Array.from({ length: 500 }, (_, i) =>
      makeRun({ id: `r${i}`, params: { [`p${i % 50}`]: String(i) }, metrics: { loss: i % 7, [`m${i % 30}`]: i } }),
    );
    const rows = compareRows(runs);
    expect(rows).toHaveLength(4 + 50 + 31);
    expect(row(rows, 'metric', 'loss')?.bestIndices).toHaveLength(72);
  });
});
