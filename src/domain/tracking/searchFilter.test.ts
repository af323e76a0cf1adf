import { describe, expect, it } from 'vitest';
import { makeRun } from '../../test/makeRun';
import { FilterSyntaxError } from '../errors';

import { compileFilter, likeToRegExp, matchesFilter, parseFilter } from './searchFilter';
import type { FilterExpr } from './searchFilter';

const ID_A = '0123456789abcdef0123456789abcdef';
const ID_B = 'fedcba9876543210fedcba9876543210';
const RUNS = {
  A: makeRun({
    id: ID_A, name: 'baseline-rf', status: 'FINISHED', user: 'alice', start: 1700000000001, end: 1700000001000,
    metrics: { rmse: 0.5, 'val/loss': 0.0005, acc: 0.9 },
    params: { model: 'rf', 'name with space': 'x y', lr: '0.1' },
    tags: { team: 'a', 'mlflow.runName': 'sweep-1', 'mlflow.source.type': 'NOTEBOOK' },
  }),
  B: makeRun({
    id: ID_B, name: 'Baseline-XGB', status: 'RUNNING', user: 'bob', start: 1690000000000, end: null,
    metrics: { rmse: 0.9, acc: NaN }, params: { model: 'xgb', lr: '0.01' }, tags: { team: 'b', 'mlflow.runName': 'sweep-2' },
  }),
  C: makeRun({
    id: 'c3', name: 'other', status: 'FAILED', user: 'alice', start: 1700000000500, end: 1700000002000,
    metrics: { rmse: 0.7, 'val/loss': 0.002 }, params: { model: 'rfxv2', lr: '1e-3' }, tags: { team: 'a' },
  }),
  D: makeRun({ id: 'd4', name: 'misc_run', status: 'KILLED', user: 'carol', start: 1600000000000, end: 1600000000500 }),
};

/** The fixture letters (A-D) of the runs a filter matches, e.g. 'AC'. */
function which(filter: string): string {
  const expr = parseFilter(filter);
  return Object.entries(RUNS).filter(([, run]) => matchesFilter(expr, run)).map(([letter]) => letter).join('');
}

function parseError(filter: string): FilterSyntaxError {
  try {
    parseFilter(filter);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected "${filter}" to be rejected`);
}

describe('parseFilter', () => {
  it.each(['', '   ', '\n\t '])('should return null for empty or whitespace-only input %j', (filter) => {
    expect(parseFilter(filter)).toBeNull();
  });

  it.each([
    ["metrics.rmse < 0.8 AND params.model = 'rf'", 'A'],
    ['metrics.`val/loss` <= 1e-3', 'A'],
    ["tags.mlflow.runName LIKE 'sweep-%'", 'AB'],
    ['tags."mlflow.source.type" = \'NOTEBOOK\'', 'A'],
    ["attributes.status = 'FINISHED' AND attributes.start_time > 1700000000000", 'A'],
    ["run_name ILIKE '%baseline%'", 'AB'],
    [`attributes.run_id IN ('${ID_A}', '${ID_B}')`, 'AB'],
    ["dataset.context = 'training' AND dataset.name IN ('train_v1', 'train_v2')", ''],
  ])('should accept spec §14 example %s', (filter, expected) => {
    expect(which(filter)).toBe(expected);
  });

  it.each<[string, FilterExpr]>([
    ["metrics.rmse < 0.8 AND params.model = 'rf'", { kind: 'and', operands: [
      { kind: 'metric', key: 'rmse', op: '<', value: 0.8 }, { kind: 'param', key: 'model', op: '=', value: 'rf' }] }],
    ["tags.mlflow.runName like 'x%'", { kind: 'tag', key: 'mlflow.runName', op: 'LIKE', value: 'x%' }],
    ['tags."mlflow.source.type" != "a"', { kind: 'tag', key: 'mlflow.source.type', op: '!=', value: 'a' }],
    ["params.`name with space` IlIkE 'x'", { kind: 'param', key: 'name with space', op: 'ILIKE', value: 'x' }],
    ["params.1abc = 'x'", { kind: 'param', key: '1abc', op: '=', value: 'x' }],
    ["params.ütf = 'x'", { kind: 'param', key: 'ütf', op: '=', value: 'x' }],
    ['attributes.created >= 5', { kind: 'numericAttribute', key: 'start_time', op: '>=', value: 5 }],
    ['Created < -5', { kind: 'numericAttribute', key: 'start_time', op: '<', value: -5 }],
    ["attributes.`Run Name` = 'x'", { kind: 'stringAttribute', key: 'run_name', op: '=', value: 'x' }],
    ["`Run name` = 'x'", { kind: 'stringAttribute', key: 'run_name', op: '=', value: 'x' }],
    ['"start_time" > 1', { kind: 'numericAttribute', key: 'start_time', op: '>', value: 1 }],
    ['`metrics.val loss` > 1', { kind: 'metric', key: 'val loss', op: '>', value: 1 }],
    ['`metrics`.`val/loss` > 1', { kind: 'metric', key: 'val/loss', op: '>', value: 1 }],
    ["params.a = 'it''s'", { kind: 'param', key: 'a', op: '=', value: "it''s" }],
    ['params.a = "say ""hi"""', { kind: 'param', key: 'a', op: '=', value: 'say ""hi""' }],
    ["params.a = 'it\"s'", { kind: 'param', key: 'a', op: '=', value: 'it"s' }],
    ["params.a = ''", { kind: 'param', key: 'a', op: '=', value: '' }],
    ["run_id IN ('abc', 'ABC', 'Abc', '123', 'a-1')", { kind: 'runIdIn', op: 'IN', values: ['abc', 'a-1'] }],
    ['run_id not  in ("x",)', { kind: 'runIdIn', op: 'NOT IN', values: ['x'] }],
    ["dataset.digest NOT IN ('d')", { kind: 'dataset', key: 'digest', op: 'NOT IN', value: ['d'] }],
    ["tags.b = 'x' OR status = 'y' AND user_id = 'z'", { kind: 'or', operands: [
      { kind: 'tag', key: 'b', op: '=', value: 'x' },
      { kind: 'and', operands: [
        { kind: 'stringAttribute', key: 'status', op: '=', value: 'y' }, { kind: 'stringAttribute', key: 'user_id', op: '=', value: 'z' }] }] }],
  ])('should build the AST for %s', (filter, expected) => {
    expect(parseFilter(filter)).toEqual(expected);
  });

  it.each([
    ['metric', 'metric'], ['metrics', 'metric'], ['param', 'param'], ['params', 'param'], ['parameter', 'param'],
    ['parameters', 'param'], ['tag', 'tag'], ['tags', 'tag'], ['`tags`', 'tag'],
  ])('should accept the entity word %s', (word, kind) => {
    const value = kind === 'metric' ? '1' : "'1'";
    expect(parseFilter(`${word}.x = ${value}`)).toMatchObject({ kind, key: 'x' });
  });

  it.each(['attribute', 'attributes', 'attr', 'run', '`attr`'])('should accept the attribute entity word %s', (word) => {
    expect(parseFilter(`${word}.status = 'RUNNING'`)).toMatchObject({ kind: 'stringAttribute', key: 'status' });
  });

  it.each([
    ['1', 1], ['-1', -1], ['0.5', 0.5], ['.5', 0.5], ['5.', 5], ['1e-3', 0.001], ['-1e-3', -0.001], ['1E3', 1000], ['-.5', -0.5],
  ])('should read the metric literal %s', (literal, value) => {
    expect(parseFilter(`metrics.m = ${literal}`)).toMatchObject({ kind: 'metric', value });
  });

  it.each([
    'metrics.rmse<0.8 AND params.model=\'rf\'',
    "  metrics.rmse\t<\n0.8\r\nand\tparams.model  =  'rf'  ",
    "(metrics.rmse<0.8)AND(params.model='rf')",
  ])('should tolerate any whitespace (or none) around tokens: %j', (filter) => {
    expect(which(filter)).toBe('A');
  });

  it.each([
    ["metrics.rmse < 0.8 AND params.model = 'rf' OR status = 'KILLED'", 'AD'],
    ["status = 'KILLED' OR metrics.rmse < 0.8 AND params.model = 'rf'", 'AD'],
    ["tags.team = 'b' OR metrics.rmse < 0.8 AND params.model = 'rf'", 'AB'],
    ["(tags.team = 'b' OR metrics.rmse < 0.8) AND params.model = 'rf'", 'A'],
    ["metrics.rmse < 0.8 AND (params.model = 'rf' OR status = 'KILLED')", 'A'],
    ["(metrics.rmse < 0.8 OR params.model = 'rf') AND tags.team = 'a'", 'AC'],
    ["((status = 'FAILED' OR (status = 'KILLED')) AND (user_id = 'carol' OR user_id = 'alice'))", 'CD'],
    ['(((metrics.rmse > 0.6)))', 'BC'],
    ["status = 'RUNNING' or status = 'KILLED' Or status = 'FAILED'", 'BCD'],
    ["metrics.rmse < 0.8 AND", 'AC'],
    ["metrics.rmse < 0.8 and  \n", 'AC'],
  ])('should apply AND before OR and honour parentheses: %s', (filter, expected) => {
    expect(which(filter)).toBe(expected);
  });

  it.each<[string, number, string]>([
    ["params.model = 'rf", 15, 'closing'],
    ['metrics.`val/loss < 1', 8, 'closing'],
    ['metrics.rmse <', 14, 'a number'],
    ['metrics.rmse 0.8', 13, 'an operator'],
    ['metrics.rmse', 12, 'an operator'],
    ['metrics.rmse == 1', 13, 'an operator'],
    ['metrics.rmse <> 1', 13, 'an operator'],
    ['(metrics.rmse < 0.8', 19, "')'"],
    ['((metrics.rmse < 1)', 19, "')'"],
    ["metrics.rmse < 1 OR (params.a = 'x'", 35, "')'"],
    ['metrics.rmse < 0.8)', 18, 'end of filter'],
    ['(metrics.rmse < 1))', 18, 'end of filter'],
    ["metrics.rmse < 0.8 params.model = 'rf'", 19, 'end of filter'],
    ["tags.team = 'a' 'b'", 16, 'end of filter'],
    ['metrics.rmse < +1', 15, 'a number'],
    ['metrics.rmse < - 1', 15, 'a number'],
    ["metrics.rmse < '0.8'", 15, 'a number'],
    ['metrics.rmse < 1abc', 15, 'a number'],
    ['metrics.rmse < 0x10', 15, 'a number'],
    ["foo.bar = 'x'", 0, 'an entity'],
    ['METRICS.rmse < 1', 0, 'lower-case'],
    ["Params.model = 'x'", 0, 'lower-case'],
    ["metrics.rmse LIKE '0.%'", 13, 'a metric operator'],
    ["params.model IN ('rf')", 13, 'a param operator'],
    ["params.model < 'rf'", 13, 'a param operator'],
    ["tags.team > 'a'", 10, 'a tag operator'],
    ["params.model = rf", 15, 'a quoted string'],
    ['status = FINISHED', 9, 'a quoted string'],
    ["experiment_id = '0'", 0, 'filterable attribute'],
    ["lifecycle_stage = 'active'", 0, 'filterable attribute'],
    ['rmse < 1', 0, 'an attribute'],
    ["status IN ('FINISHED')", 7, 'only with run_id'],
    ["start_time LIKE '1%'", 11, 'an operator for start_time'],
    ["attributes.start_time > 'x'", 24, 'an integer'],
    ['start_time > 1.5', 13, 'an integer'],
    ['()', 1, 'an identifier'],
    ['metrics.rmse < 1 OR', 19, 'an identifier'],
    ["params.model = 'rf' OR OR status = 'x'", 23, 'an identifier'],
    ['metrics.rmse < 1 AND AND metrics.rmse > 0', 21, 'an identifier'],
    ['(metrics.rmse < 1 AND)', 21, 'an identifier'],
    ['metrics.rmse < 1 AND (', 22, 'an identifier'],
    ['AND metrics.rmse < 1', 0, 'an identifier'],
    ['1 = 1', 0, 'an identifier'],
    ["params.a NOT LIKE 'x'", 13, 'IN after NOT'],
    ['run_id IN ()', 11, 'a quoted string'],
    ["run_id IN 'a'", 10, 'list'],
    ["run_id IN ('a' 'b')", 15, "',' or ')'"],
    ["run_id IN ('a'", 14, "',' or ')'"],
    ['metrics. < 1', 8, 'a key'],
    ["dataset.foo = 'x'", 0, 'a dataset key'],
    ["dataset.name < 'x'", 13, 'a dataset operator'],
  ])('should reject %j at position %i, expecting %s', (filter, position, expected) => {
    const error = parseError(filter);
    expect(error.position).toBe(position);
    expect(error.expected).toContain(expected);
    expect(error.input).toBe(filter);
    expect(error.code).toBe('FILTER_SYNTAX');
  });

  it.each([
    ['metrics.rmse < +1', 'found "+1"'],
    ['metrics.rmse <', 'found end of filter'],
    ['METRICS.rmse < 1', 'found "METRICS.rmse"'],
    ["metrics.rmse < '0.8'", `found "'0.8'"`],
    ['metrics.rmse <= = 1', 'found "="'],
  ])('should name the offending token in the message of %j', (filter, found) => {
    expect(parseError(filter).message).toContain(found);
  });
});

describe('matchesFilter', () => {
  it('should match every run when the expression is null', () => {
    expect(Object.values(RUNS).every((run) => matchesFilter(null, run))).toBe(true);
  });

  it.each([
    ['metrics.rmse = 0.5', 'A'], ['metrics.rmse != 0.5', 'BC'], ['metrics.rmse < 0.7', 'A'], ['metrics.rmse <= 0.7', 'AC'],
    ['metrics.rmse > 0.7', 'B'], ['metrics.rmse >= 0.7', 'BC'], ['metric.rmse = .5', 'A'], ['metrics.rmse > -1e-3', 'ABC'],
    ["params.model = 'rf'", 'A'], ["params.model != 'rf'", 'BC'], ["params.model LIKE 'rf%'", 'AC'],
    ["params.model LIKE 'RF%'", ''], ["params.model ILIKE 'RF%'", 'AC'], ['params.lr = "0.01"', 'B'],
    ["params.\"name with space\" = 'x y'", 'A'], ["parameters.model = 'xgb'", 'B'],
    ["tags.team = 'a'", 'AC'], ["tags.team != 'a'", 'B'], ["tag.team LIKE '_'", 'ABC'], ["tags.team ILIKE 'A'", 'AC'],
    ["tags.mlflow.runName != 'sweep-1'", 'B'],
    ["status = 'RUNNING'", 'B'], ["status != 'RUNNING'", 'ACD'], ["status LIKE 'F%'", 'AC'], ["status ilike 'f%'", 'AC'],
    ["attributes.user_id = 'alice'", 'AC'], ["attr.user_id LIKE 'c%'", 'D'], ["run.run_name = 'other'", 'C'],
    ["attributes.`Run Name` = 'other'", 'C'], ["`run name` ILIKE 'OTHER'", 'C'], ["artifact_uri LIKE '%/d4/artifacts'", 'D'],
    ["run_id = 'c3'", 'C'], ["run_id != 'c3'", 'ABD'], ["run_id LIKE '%ef'", 'A'],
    ['start_time = 1700000000500', 'C'], ['start_time != 1700000000500', 'ABD'], ['start_time < 1690000000001', 'BD'],
    ['start_time <= 1690000000000', 'BD'], ['start_time > 1700000000000', 'AC'], ['start_time >= 1700000000500', 'C'],
    ['created > 1700000000000', 'AC'], ['Created > 1700000000000', 'AC'],
    ['end_time > 0', 'ACD'], ['end_time != 0', 'ACD'], ['attributes.end_time < 1600000001000', 'D'],
    ["run_id IN ('c3', 'd4')", 'CD'], ["run_id NOT IN ('c3', 'd4')", 'AB'], ["run_id in ('c3')", 'C'],
    ["run_id IN ('C3', 'd4')", 'D'], ["run_id NOT IN ('C3')", 'ABCD'], ['run_id IN ("c3",)', 'C'],
    ["dataset.name = 'x'", ''], ["datasets.digest != 'x'", ''], ["dataset.name NOT IN ('a')", ''],
  ])('should evaluate %s', (filter, expected) => {
    expect(which(filter)).toBe(expected);
  });

  it.each([
    ["params.absent = 'x'"], ["params.absent != 'x'"], ['metrics.absent != 1'], ["tags.absent LIKE '%'"],
    ["params.constructor != 'x'"], ['metrics.toString < 1'], ["tags.__proto__ != 'x'"],
  ])('should never match a run lacking the key: %s', (filter) => {
    expect(which(filter)).toBe('');
  });

  it.each([
    ['metrics.acc = 0.9', 'A'], ['metrics.acc != 0.9', 'B'], ['metrics.acc < 1', 'A'], ['metrics.acc >= 0', 'A'],
    ['metrics.acc <= 1', 'A'], ['metrics.acc > 0', 'A'],
  ])('should compare a NaN metric false except with != (%s)', (filter, expected) => {
    expect(which(filter)).toBe(expected);
  });

  it('should use the latest metric value, not min or max', () => {
    const run = makeRun({ id: 'x' });
    run.metrics.loss = { key: 'loss', latest: { value: 0.3, step: 9, timestamp: 1 }, min: 0.1, max: 0.9, count: 3 };
    expect(matchesFilter(parseFilter('metrics.loss = 0.3'), run)).toBe(true);
    expect(matchesFilter(parseFilter('metrics.loss < 0.2'), run)).toBe(false);
    expect(matchesFilter(parseFilter('metrics.loss > 0.8'), run)).toBe(false);
  });

  it.each<[string, string, boolean, boolean]>([
    ['abc', 'abc', true, true], ['abc', 'ABC', false, true], ['a%', 'abc', true, true], ['%c', 'abc', true, true],
    ['%b%', 'abc', true, true], ['b', 'abc', false, false], ['a_c', 'abc', true, true], ['a_c', 'abbc', false, false],
    ['_', '', false, false], ['%', '', true, true], ['a%b', 'a\nb', true, true], ['_', '😀', true, true],
    ['a.c', 'abc', false, false], ['a.c', 'a.c', true, true], ['a+', 'aa', false, false], ['a+', 'a+', true, true],
    ['(x)|y', '(x)|y', true, true], ['[ab]', 'a', false, false], ['^a$', '^a$', true, true], ['a\\%', 'a\\xyz', true, true],
    ['a*', 'aaa', false, false], ['É%', 'étude', false, true],
  ])('should match LIKE %j against %j literally except %% and _ (LIKE %s, ILIKE %s)', (pattern, value, like, ilike) => {
    const run = makeRun({ id: 'x', params: { p: value } });
    expect(matchesFilter(parseFilter(`params.p LIKE '${pattern}'`), run)).toBe(like);
    expect(matchesFilter(parseFilter(`params.p ILIKE '${pattern}'`), run)).toBe(ilike);
    expect(likeToRegExp(pattern, false).test(value)).toBe(like);
  });

  it("should compare the literal value of 'it''s' (no quote escapes)", () => {
    expect(matchesFilter(parseFilter("params.p = 'it''s'"), makeRun({ id: 'x', params: { p: "it''s" } }))).toBe(true);
    expect(matchesFilter(parseFilter("params.p = 'it''s'"), makeRun({ id: 'x', params: { p: "it's" } }))).toBe(false);
  });

  it('should evaluate a hand-built expression, compiling it on first use', () => {
    const expr: FilterExpr = { kind: 'or', operands: [
      { kind: 'metric', key: 'rmse', op: '>', value: 0.8 }, { kind: 'stringAttribute', key: 'status', op: '=', value: 'KILLED' }] };
    expect(Object.values(RUNS).map((run) => matchesFilter(expr, run))).toEqual([false, true, false, true]);
    expect(compileFilter(expr)).toBe(compileFilter(expr));
  });

  it('should filter 10,000 runs well within 200 ms', () => {
    const runs = Array.from({ length: 10_000 }, (_, i) => makeRun({
      id: `r${i}`, start: i, status: i % 3 === 0 ? 'FINISHED' : 'RUNNING',
      metrics: { rmse: (i % 100) / 100, acc: i / 10_000 }, params: { model: i % 2 ? 'rf' : 'xgb' }, tags: { team: `t${i % 7}` },
    }));
    const started = performance.now();
    const expr = parseFilter("(metrics.rmse < 0.5 OR params.model LIKE 'r%') AND tags.team != 't3' AND attributes.status = 'FINISHED'");
    const matched = runs.filter((run) => matchesFilter(expr, run));
    expect(performance.now() - started).toBeLessThan(200);
    expect(matched.length).toBeGreaterThan(0);
  });
});
