import { describe, expect, it } from 'vitest';
import { makeRun } from '../../test/makeRun';
import { FilterSyntaxError } from '../errors';

import { parseOrderBy, sortRuns } from './searchFilter';
import type { OrderClause } from './searchFilter';
import type { Run } from './types';

const order = (runs: readonly Run[], clauses: readonly string[]): string[] =>
  sortRuns(runs, parseOrderBy(clauses)).map((run) => run.runId);

function clauseError(clause: string): FilterSyntaxError {
  try {
    parseOrderBy([clause]);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected "${clause}" to be rejected`);
}

describe('parseOrderBy', () => {
  it.each<[string, OrderClause]>([
    ['metrics.rmse', { kind: 'metric', key: 'rmse', ascending: true }],
    ['metrics.rmse DESC', { kind: 'metric', key: 'rmse', ascending: false }],
    ['metric.rmse desc', { kind: 'metric', key: 'rmse', ascending: false }],
    ['  metrics.rmse \t Asc  ', { kind: 'metric', key: 'rmse', ascending: true }],
    ['metrics.`val/loss` DeSc', { kind: 'metric', key: 'val/loss', ascending: false }],
    ['`metrics.val loss` desc', { kind: 'metric', key: 'val loss', ascending: false }],
    ['params.`learning rate` DESC', { kind: 'param', key: 'learning rate', ascending: false }],
    ['parameters.lr', { kind: 'param', key: 'lr', ascending: true }],
    ['tags.mlflow.runName', { kind: 'tag', key: 'mlflow.runName', ascending: true }],
    ['tags."mlflow.source.type" ASC', { kind: 'tag', key: 'mlflow.source.type', ascending: true }],
    ['attributes.start_time DESC', { kind: 'attribute', key: 'start_time', ascending: false }],
    ['created', { kind: 'attribute', key: 'start_time', ascending: true }],
    ['Created DESC', { kind: 'attribute', key: 'start_time', ascending: false }],
    ['end_time', { kind: 'attribute', key: 'end_time', ascending: true }],
    ['run_id', { kind: 'attribute', key: 'run_id', ascending: true }],
    ['attr.run_name', { kind: 'attribute', key: 'run_name', ascending: true }],
    ['run.status DESC', { kind: 'attribute', key: 'status', ascending: false }],
    ['user_id', { kind: 'attribute', key: 'user_id', ascending: true }],
    ['artifact_uri', { kind: 'attribute', key: 'artifact_uri', ascending: true }],
  ])('should parse %j', (clause, expected) => {
    expect(parseOrderBy([clause])).toEqual([expected]);
  });

  it('should return no clauses for an empty list', () => {
    expect(parseOrderBy([])).toEqual([]);
  });

  it.each<[string, number, string]>([
    ['', 0, 'an identifier'],
    ['   ', 3, 'an identifier'],
    ['metrics.rmse UP', 13, 'ASC, DESC or end of clause'],
    ['metrics.rmse, params.a', 12, 'ASC, DESC or end of clause'],
    ['metrics.rmse ASC DESC', 17, 'end of clause'],
    ['metrics.rmse DESC NULLS LAST', 18, 'end of clause'],
    ['`Run Name`', 0, 'an orderable attribute'],
    ['attributes.`Run Name` DESC', 0, 'an orderable attribute'],
    ['experiment_id', 0, 'an orderable attribute'],
    ['rmse DESC', 0, 'an orderable attribute'],
    ['dataset.name', 0, 'to order by'],
    ['METRICS.rmse', 0, 'lower-case'],
    ['foo.rmse', 0, 'an entity'],
    ['metrics.', 8, 'a key'],
    ['`metrics.rmse', 0, 'closing'],
  ])('should reject %j at position %i, expecting %s', (clause, position, expected) => {
    const error = clauseError(clause);
    expect(error.position).toBe(position);
    expect(error.expected).toContain(expected);
    expect(error.input).toBe(clause);
  });

  it('should report the failing clause as the error input', () => {
    expect(() => parseOrderBy(['metrics.rmse', 'metrics.rmse sideways'])).toThrow(FilterSyntaxError);
    expect(clauseError('metrics.rmse ASC DESC').message).toContain('found "DESC"');
    expect(clauseError('metrics.rmse UP DOWN').message).toContain('found "UP"');
  });
});

describe('sortRuns', () => {
  const runs = [
    makeRun({ id: 'b', start: 2 }),
    makeRun({ id: 'a', start: 2 }),
    makeRun({ id: 'c', start: 3 }),
    makeRun({ id: 'd', start: 1 }),
  ];

  it('should default to start_time DESC then run_id ASC', () => {
    expect(order(runs, [])).toEqual(['c', 'a', 'b', 'd']);
  });

  it('should return a new array and leave the input untouched', () => {
    const sorted = sortRuns(runs, []);
    expect(sorted).not.toBe(runs);
    expect(runs.map((run) => run.runId)).toEqual(['b', 'a', 'c', 'd']);
  });

  const metricRuns = [
    makeRun({ id: 'm1', metrics: { rmse: 0.3 } }),
    makeRun({ id: 'm2', metrics: { rmse: 0.1 } }),
    makeRun({ id: 'm3', metrics: { rmse: NaN } }),
    makeRun({ id: 'm4' }),
    makeRun({ id: 'm5', metrics: { rmse: 0.2 } }),
    makeRun({ id: 'm6', metrics: { rmse: -Infinity } }),
    makeRun({ id: 'm7', metrics: { rmse: Infinity } }),
  ];

  it.each([
    ['metrics.rmse', ['m6', 'm2', 'm5', 'm1', 'm7', 'm3', 'm4']],
    ['metrics.rmse ASC', ['m6', 'm2', 'm5', 'm1', 'm7', 'm3', 'm4']],
    ['metrics.rmse DESC', ['m7', 'm1', 'm5', 'm2', 'm6', 'm3', 'm4']],
  ])('should sort metrics numerically, then NaN, then missing (%s)', (clause, expected) => {
    expect(order(metricRuns, [clause])).toEqual(expected);
  });

  // MLflow (2.12 and 3.6, FileStore and SQL): NaN after every number, ±inf included, but before the
  // runs without the metric, in both directions. The runs are given so that the default order
  // (start_time DESC) puts the missing run first and the NaN runs last: only the rule can reorder them.
  const nanRuns = [
    makeRun({ id: 'one', start: 60, metrics: { acc: 1 } }),
    makeRun({ id: 'missing', start: 50 }),
    makeRun({ id: 'neg-inf', start: 40, metrics: { acc: -Infinity } }),
    makeRun({ id: 'inf', start: 30, metrics: { acc: Infinity } }),
    makeRun({ id: 'zero', start: 20, metrics: { acc: 0 } }),
    makeRun({ id: 'nan', start: 10, metrics: { acc: NaN } }),
    makeRun({ id: 'nan-older', start: 5, metrics: { acc: NaN } }),
    makeRun({ id: 'missing-older', start: 1 }),
  ];

  it.each([
    ['metrics.acc ASC', ['neg-inf', 'zero', 'one', 'inf', 'nan', 'nan-older', 'missing', 'missing-older']],
    ['metrics.acc DESC', ['inf', 'one', 'zero', 'neg-inf', 'nan', 'nan-older', 'missing', 'missing-older']],
  ])('should put NaN after ±inf and before missing values, in default order within each (%s)', (clause, expected) => {
    expect(order(nanRuns, [clause])).toEqual(expected);
  });

  it('should apply the NaN rule within the ties of an earlier clause', () => {
    // params.g is the primary key; within each of its values the metric clause orders NaN before missing.
    const grouped = nanRuns.map((run) => ({ ...run, params: { g: run.runId.startsWith('n') ? 'a' : 'b' } }));
    expect(order(grouped, ['params.g', 'metrics.acc DESC'])).toEqual([
      'neg-inf', 'nan', 'nan-older',
      'inf', 'one', 'zero', 'missing', 'missing-older',
    ]);
  });

  it('should sort a run without an end time last in both directions', () => {
    const runs = [makeRun({ id: 'open', start: 9, end: null }), makeRun({ id: 'a', start: 1, end: 5 }), makeRun({ id: 'b', start: 2, end: 7 })];
    expect(order(runs, ['end_time'])).toEqual(['a', 'b', 'open']);
    expect(order(runs, ['end_time DESC'])).toEqual(['b', 'a', 'open']);
  });

  const stringRuns = [
    makeRun({ id: 'p1', name: 'beta', params: { n: '10' }, tags: { t: 'b' } }),
    makeRun({ id: 'p2', name: 'Zed', params: { n: '9' } }),
    makeRun({ id: 'p3', name: 'alpha', tags: { t: 'a' } }),
    makeRun({ id: 'p4', name: 'Alpha', params: { n: '100' }, tags: { t: 'c' } }),
  ];

  it.each([
    ['params.n', ['p1', 'p4', 'p2', 'p3']],
    ['params.n DESC', ['p2', 'p4', 'p1', 'p3']],
    ['tags.t', ['p3', 'p1', 'p4', 'p2']],
    ['tags.t DESC', ['p4', 'p1', 'p3', 'p2']],
    ['run_name', ['p4', 'p2', 'p3', 'p1']],
    ['attributes.run_name DESC', ['p1', 'p3', 'p2', 'p4']],
  ])('should sort params, tags and string attributes as strings, missing last (%s)', (clause, expected) => {
    expect(order(stringRuns, [clause])).toEqual(expected);
  });

  const timeRuns = [
    makeRun({ id: 't1', start: 10, end: 30, status: 'RUNNING' }),
    makeRun({ id: 't2', start: 20, end: null, status: 'FAILED' }),
    makeRun({ id: 't3', start: 5, end: 40, status: 'FINISHED' }),
  ];

  it.each([
    ['created', ['t3', 't1', 't2']],
    ['start_time DESC', ['t2', 't1', 't3']],
    ['end_time', ['t1', 't3', 't2']],
    ['end_time DESC', ['t3', 't1', 't2']],
    ['status', ['t2', 't3', 't1']],
  ])('should sort times numerically and statuses as strings (%s)', (clause, expected) => {
    expect(order(timeRuns, [clause])).toEqual(expected);
  });

  const multiRuns = [
    makeRun({ id: 'x1', start: 1, params: { model: 'rf' }, metrics: { rmse: 0.5 } }),
    makeRun({ id: 'x2', start: 2, params: { model: 'xgb' }, metrics: { rmse: 0.5 } }),
    makeRun({ id: 'x3', start: 3, params: { model: 'rf' }, metrics: { rmse: 0.9 } }),
    makeRun({ id: 'x4', start: 4, params: { model: 'xgb' }, metrics: { rmse: 0.1 } }),
    makeRun({ id: 'x5', start: 5, metrics: { rmse: 0.5 } }),
    makeRun({ id: 'x6', start: 6, params: { model: 'rf' }, metrics: { rmse: 0.5 } }),
  ];

  it.each([
    [['params.model', 'metrics.rmse DESC'], ['x3', 'x6', 'x1', 'x2', 'x4', 'x5']],
    [['params.model DESC', 'metrics.rmse'], ['x4', 'x2', 'x6', 'x1', 'x3', 'x5']],
    [['metrics.rmse', 'params.model'], ['x4', 'x6', 'x1', 'x2', 'x5', 'x3']],
    [['metrics.rmse DESC', 'params.model DESC'], ['x3', 'x2', 'x6', 'x1', 'x5', 'x4']],
  ])('should make the first clause primary and keep ties stable (%j)', (clauses, expected) => {
    expect(order(multiRuns, clauses)).toEqual(expected);
  });

  it.each([['metrics.rmse'], ['metrics.rmse DESC'], ['params.model'], ['params.model DESC']])(
    'should keep tied runs in the default order (%s)',
    (clause) => {
      const tied = multiRuns.filter((run) => run.metrics.rmse?.latest.value === 0.5 && run.params.model === 'rf');
      expect(order(tied, [clause])).toEqual(['x6', 'x1']);
    },
  );

  it('should sort 10,000 runs by two clauses quickly', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      makeRun({ id: `r${String(i).padStart(5, '0')}`, start: i % 50, metrics: i % 10 ? { rmse: (i * 7919) % 1000 } : {}, params: { p: `v${i % 13}` } }),
    );
    const clauses = parseOrderBy(['params.p DESC', 'metrics.rmse']);
    const started = performance.now();
    const sorted = sortRuns(many, clauses);
    expect(performance.now() - started).toBeLessThan(200);
    expect(sorted).toHaveLength(10_000);
    expect(sorted[0]?.params.p).toBe('v9');
  });
});
