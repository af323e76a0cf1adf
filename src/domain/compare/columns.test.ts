import { describe, expect, it } from 'vitest';
import { makeRun } from '../../test/makeRun';
import { columnLabel, columnValue, compareText, parseColumnLabel, parseNumeric, sortValues } from './columns';
import type { ColumnRef } from './columns';

describe('columnLabel and parseColumnLabel', () => {
  it.each<[ColumnRef, string]>([
    [{ kind: 'param', key: 'lr' }, 'params.lr'],
    [{ kind: 'metric', key: 'val/loss' }, 'metrics.val/loss'],
    [{ kind: 'tag', key: 'mlflow.runName' }, 'tags.mlflow.runName'],
    [{ kind: 'attribute', key: 'duration' }, 'attributes.duration'],
    [{ kind: 'param', key: 'a,b c%' }, 'params.a,b c%'],
  ])('should round-trip %j as %s', (ref, label) => {
    expect(columnLabel(ref)).toBe(label);
    expect(parseColumnLabel(label)).toEqual(ref);
  });

  it.each(['', 'params', 'params.', '.lr', 'param.lr', 'foo.lr', 'attributes.bogus', 'lr'])(
    'should reject %j',
    (label) => {
      expect(parseColumnLabel(label)).toBeNull();
    },
  );
});

describe('columnValue', () => {
  const run = makeRun({
    id: 'r1',
    name: 'my run',
    start: 1000,
    end: 4500,
    user: 'bob',
    params: { lr: '0.1' },
    tags: { t: 'v' },
    metrics: { loss: NaN, acc: 0.9 },
  });

  it.each<[ColumnRef, string | number | null]>([
    [{ kind: 'param', key: 'lr' }, '0.1'],
    [{ kind: 'param', key: 'missing' }, null],
    [{ kind: 'param', key: 'toString' }, null],
    [{ kind: 'tag', key: 't' }, 'v'],
    [{ kind: 'tag', key: 'constructor' }, null],
    [{ kind: 'metric', key: 'acc' }, 0.9],
    [{ kind: 'metric', key: 'loss' }, NaN],
    [{ kind: 'metric', key: 'hasOwnProperty' }, null],
    [{ kind: 'attribute', key: 'run_name' }, 'my run'],
    [{ kind: 'attribute', key: 'status' }, 'FINISHED'],
    [{ kind: 'attribute', key: 'duration' }, 3500],
    [{ kind: 'attribute', key: 'start_time' }, 1000],
    [{ kind: 'attribute', key: 'end_time' }, 4500],
    [{ kind: 'attribute', key: 'run_id' }, 'r1'],
    [{ kind: 'attribute', key: 'user_id' }, 'bob'],
    [{ kind: 'attribute', key: 'nope' }, null],
  ])('should read %j', (ref, expected) => {
    expect(columnValue(run, ref)).toEqual(expected);
  });

  it('should give no duration or end time for a run still going', () => {
    const live = makeRun({ id: 'r2', status: 'RUNNING', end: null });
    expect(columnValue(live, { kind: 'attribute', key: 'duration' })).toBeNull();
    expect(columnValue(live, { kind: 'attribute', key: 'end_time' })).toBeNull();
  });
});

describe('parseNumeric', () => {
  it.each<[string | number | null, number | null]>([
    ['0.01', 0.01],
    [' 3 ', 3],
    ['-2', -2],
    ['+2', 2],
    ['1e-5', 1e-5],
    ['1E3', 1000],
    ['.5', 0.5],
    ['5.', 5],
    ['-0', 0],
    [-0, 0],
    [4, 4],
    ['', null],
    [' ', null],
    ['0x10', null],
    ['1,000', null],
    ['Infinity', null],
    ['NaN', null],
    ['1e999', null],
    ['abc', null],
    ['True', null],
    [NaN, null],
    [Infinity, null],
    [null, null],
  ])('should parse %j as %j', (input, expected) => {
    const n = parseNumeric(input);
    expect(n).toBe(expected);
    if (n === 0) expect(Object.is(n, 0)).toBe(true);
  });
});

describe('compareText and sortValues', () => {
  it('should order case-insensitively, then by code unit', () => {
    expect(['b', 'B', 'a', 'A', '_', 'Z'].sort(compareText)).toEqual(['_', 'A', 'a', 'B', 'b', 'Z']);
  });

  it.each<[string[], string[], boolean]>([
    [['10', '9', '1e-3', '-1'], ['-1', '1e-3', '9', '10'], true],
    [['1', '1.0', '01'], ['01', '1', '1.0'], true],
    [['10', '9', 'x'], ['10', '9', 'x'], false],
    [[], [], false],
  ])('should sort %j', (input, sorted, numeric) => {
    expect(sortValues(input)).toEqual({ sorted, numeric });
  });
});
