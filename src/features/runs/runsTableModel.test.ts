import { describe, expect, it } from 'vitest';
import { makeRun as makeBaseRun, type RunSpec } from '../../test/makeRun';
import type { RunId } from '../../domain/ids';
import type { Run } from '../../domain/tracking/types';
import {
  buildRunTree,
  cellText,
  columnKey,
  columnLabel,
  dataColumns,
  formatDuration,
  formatTime,
  formatTimeShort,
  sortByColumn,
  type ColumnId,
  type RunRowModel,
  type SortState,
} from './runsTableModel';

/** Runs in these tests have ended (end 1000) and their metrics sit at step 3 unless said otherwise. */
const makeRun = (spec: RunSpec): Run => makeBaseRun({ end: 1000, metricStep: 3, ...spec, tags: {} });

const ids = (runs: readonly Run[]): string[] => runs.map((r) => r.runId);
const rowShape = (rows: readonly RunRowModel[]): Array<[string, number, number]> =>
  rows.map((r) => [r.run.runId, r.depth, r.childCount]);
const expand = (...runIds: string[]): ReadonlySet<RunId> => new Set(runIds as RunId[]);

const metric = (key: string): ColumnId => ({ kind: 'metric', key });
const param = (key: string): ColumnId => ({ kind: 'param', key });
const attribute = (key: 'run_name' | 'status' | 'start_time' | 'duration'): ColumnId => ({ kind: 'attribute', key });

describe('dataColumns', () => {
  it('should return nothing for no runs', () => {
    expect(dataColumns([])).toEqual([]);
  });

  it('should list the union of param keys, then of metric keys, each sorted and without duplicates', () => {
    const runs = [
      makeRun({ id: 'a', params: { model: 'mlp', lr: '0.1' }, metrics: { rmse: 1, acc: 0.5 } }),
      makeRun({ id: 'b', params: { lr: '0.2', seed: '1' }, metrics: { rmse: 2, 'val loss': 3 } }),
    ];
    expect(dataColumns(runs)).toEqual([
      param('lr'),
      param('model'),
      param('seed'),
      metric('acc'),
      metric('rmse'),
      metric('val loss'),
    ]);
  });

  it('should keep a param and a metric with the same key as two columns', () => {
    expect(dataColumns([makeRun({ id: 'a', params: { loss: 'mse' }, metrics: { loss: 0.3 } })])).toEqual([
      param('loss'),
      metric('loss'),
    ]);
  });
});

describe('formatDuration', () => {
  it.each<[number, string]>([
    [-5, '0 ms'],
    [0, '0 ms'],
    [0.4, '0 ms'],
    [999, '999 ms'],
    [1000, '1.0 s'],
    [1500, '1.5 s'],
    [59_900, '59.9 s'],
    [60_000, '1 min 0 s'],
    [61_000, '1 min 1 s'],
    [125_400, '2 min 5 s'],
    [3_540_000, '59 min 0 s'],
    [3_600_000, '1 h 0 min'],
    [3_661_000, '1 h 1 min'],
    [90_000_000, '25 h 0 min'],
  ])('should format %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  // Rounding happens per unit, so values just under a minute boundary show "60 s".
  it.each<[number, string]>([
    [59_960, '1 min 0 s'],
    [119_500, '2 min 0 s'],
    [3_599_700, '1 h 0 min'],
  ])('should carry rounded seconds into the next unit: %d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('cellText', () => {
  const run = makeRun({
    id: 'r1',
    name: '<b>run</b> & co',
    status: 'FAILED',
    start: Date.UTC(2024, 0, 2, 3, 4, 5),
    end: Date.UTC(2024, 0, 2, 3, 4, 5) + 61_000,
    params: { lr: '0.001', note: '<img src=x onerror=alert(1)>' },
    metrics: { rmse: 0.123456789, tiny: 1e-9, bad: NaN },
  });

  it.each<[string, ColumnId, string]>([
    ['the run name as is', attribute('run_name'), '<b>run</b> & co'],
    ['the status', attribute('status'), 'FAILED'],
    ['the duration', attribute('duration'), '1 min 1 s'],
    ['a param value as is', param('lr'), '0.001'],
    ['a param value with markup as plain text', param('note'), '<img src=x onerror=alert(1)>'],
    ['a missing param as empty', param('seed'), ''],
    ['the latest metric value to 5 significant digits', metric('rmse'), '0.12346'],
    ['a tiny metric value in exponent form', metric('tiny'), '1.000e-9'],
    ['a NaN metric value as NaN', metric('bad'), 'NaN'],
    ['a missing metric as empty', metric('acc'), ''],
  ])('should show %s', (_label, column, text) => {
    expect(cellText(run, column, 0)).toBe(text);
  });

  it('should show the start time in the local format', () => {
    expect(cellText(run, attribute('start_time'), 0)).toBe(new Date(run.startTime).toLocaleString());
  });

  it('should measure a running run up to now', () => {
    const running = makeRun({ id: 'r2', status: 'RUNNING', start: 10_000, end: null });
    expect(cellText(running, attribute('duration'), 12_500)).toBe('2.5 s');
    expect(cellText(running, attribute('duration'), 10_000 + 3 * 60_000)).toBe('3 min 0 s');
  });

  // Keys are user-supplied and `constructor`, `toString`, `__proto__`… are valid MLflow keys: a run
  // that lacks one must not read Object.prototype (the table then renders a function or crashes).
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'])(
    'should show an empty cell for a missing param or metric named %s',
    (key) => {
      const plain = makeRun({ id: 'r3' });
      expect(cellText(plain, param(key), 0)).toBe('');
      expect(() => cellText(plain, metric(key), 0)).not.toThrow();
      expect(cellText(plain, metric(key), 0)).toBe('');
    },
  );
});

describe('sortByColumn', () => {
  const now = 100_000;
  // Default order (start_time DESC, then run id) is the tie-breaker and the order of missing values.
  const runs = [
    makeRun({ id: 'a', name: 'beta', status: 'FINISHED', start: 4000, end: 9000, params: { opt: 'sgd', 'lr β': '0.1' }, metrics: { acc: 0.5, 'val loss': 2 } }),
    makeRun({ id: 'b', name: 'alpha', status: 'RUNNING', start: 3000, end: null, params: { opt: 'adam' }, metrics: { acc: 0.9 } }),
    makeRun({ id: 'c', name: 'delta', status: 'FAILED', start: 2000, end: 2500, metrics: { acc: NaN, 'val loss': 1 } }),
    makeRun({ id: 'd', name: 'gamma', status: 'KILLED', start: 1000, end: 50_000, params: { 'lr β': '0.01' }, metrics: { acc: 0.7 } }),
    makeRun({ id: 'e', name: 'Zeta', status: 'FINISHED', start: 500, end: 600 }),
  ];

  it.each<[string, ColumnId, 'ASC' | 'DESC', string[]]>([
    ['run name ascending (code-point order)', attribute('run_name'), 'ASC', ['e', 'b', 'a', 'c', 'd']],
    ['run name descending', attribute('run_name'), 'DESC', ['d', 'c', 'a', 'b', 'e']],
    ['status ascending', attribute('status'), 'ASC', ['c', 'a', 'e', 'd', 'b']],
    ['status descending', attribute('status'), 'DESC', ['b', 'd', 'a', 'e', 'c']],
    ['start time ascending', attribute('start_time'), 'ASC', ['e', 'd', 'c', 'b', 'a']],
    ['start time descending', attribute('start_time'), 'DESC', ['a', 'b', 'c', 'd', 'e']],
    // durations: a 5000, b 97000 (running, measured to now), c 500, d 49000, e 100
    ['duration ascending, a running run measured to now', attribute('duration'), 'ASC', ['e', 'c', 'a', 'd', 'b']],
    ['duration descending', attribute('duration'), 'DESC', ['b', 'd', 'a', 'c', 'e']],
    ['a param ascending, missing last', param('opt'), 'ASC', ['b', 'a', 'c', 'd', 'e']],
    ['a param descending, missing still last', param('opt'), 'DESC', ['a', 'b', 'c', 'd', 'e']],
    ['a param with a space and unicode in its key', param('lr β'), 'ASC', ['d', 'a', 'b', 'c', 'e']],
    ['a metric ascending, then NaN, then missing', metric('acc'), 'ASC', ['a', 'd', 'b', 'c', 'e']],
    ['a metric descending, then NaN, then missing', metric('acc'), 'DESC', ['b', 'd', 'a', 'c', 'e']],
    ['a metric with a space in its key', metric('val loss'), 'ASC', ['c', 'a', 'b', 'd', 'e']],
    ['a metric nobody logged: default order', metric('nope'), 'DESC', ['a', 'b', 'c', 'd', 'e']],
  ])('should sort by %s', (_label, column, direction, expected) => {
    expect(ids(sortByColumn(runs, { column, direction }, now))).toEqual(expected);
  });

  // The values of issue 14: [1, NaN, -Infinity, Infinity, missing, 0], newest first, so the default
  // order alone would put the missing run before the NaN one.
  const mixed = [
    makeRun({ id: 'one', start: 6, metrics: { m: 1 } }),
    makeRun({ id: 'missing', start: 5 }),
    makeRun({ id: 'neg-inf', start: 4, metrics: { m: -Infinity } }),
    makeRun({ id: 'inf', start: 3, metrics: { m: Infinity } }),
    makeRun({ id: 'zero', start: 2, metrics: { m: 0 } }),
    makeRun({ id: 'nan', start: 1, metrics: { m: NaN } }),
  ];

  it.each<[ColumnId, 'ASC' | 'DESC', string[]]>([
    [metric('m'), 'ASC', ['neg-inf', 'zero', 'one', 'inf', 'nan', 'missing']],
    [metric('m'), 'DESC', ['inf', 'one', 'zero', 'neg-inf', 'nan', 'missing']],
    [{ kind: 'metric', key: 'm', summary: 'min' }, 'ASC', ['neg-inf', 'zero', 'one', 'inf', 'nan', 'missing']],
    [{ kind: 'metric', key: 'm', summary: 'max' }, 'DESC', ['inf', 'one', 'zero', 'neg-inf', 'nan', 'missing']],
  ])('should sort NaN after ±inf and before missing, as MLflow does (%j %s)', (column, direction, expected) => {
    expect(ids(sortByColumn(mixed, { column, direction }, now))).toEqual(expected);
  });

  it('should compare params as strings, like MLflow', () => {
    const numeric = [makeRun({ id: 'x', params: { n: '10' } }), makeRun({ id: 'y', params: { n: '9' } })];
    expect(ids(sortByColumn(numeric, { column: param('n'), direction: 'ASC' }, now))).toEqual(['x', 'y']);
  });

  it('should keep equal durations in the input order', () => {
    const same = [makeRun({ id: 'p', start: 0, end: 10 }), makeRun({ id: 'q', start: 5, end: 15 }), makeRun({ id: 'r', start: 1, end: 11 })];
    expect(ids(sortByColumn(same, { column: attribute('duration'), direction: 'ASC' }, now))).toEqual(['p', 'q', 'r']);
    expect(ids(sortByColumn(same, { column: attribute('duration'), direction: 'DESC' }, now))).toEqual(['p', 'q', 'r']);
  });

  it('should re-measure running runs as now moves on', () => {
    const sort: SortState = { column: attribute('duration'), direction: 'DESC' };
    const pair = [makeRun({ id: 'done', start: 0, end: 5000 }), makeRun({ id: 'live', status: 'RUNNING', start: 0, end: null })];
    expect(ids(sortByColumn(pair, sort, 1000))).toEqual(['done', 'live']);
    expect(ids(sortByColumn(pair, sort, 9000))).toEqual(['live', 'done']);
  });

  it('should return a new array and leave the input alone', () => {
    const input = [...runs];
    const sorted = sortByColumn(input, { column: metric('acc'), direction: 'ASC' }, now);
    expect(sorted).not.toBe(input);
    expect(ids(input)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it.each(['constructor', 'toString', '__proto__'])('should treat a run lacking the metric %s as missing', (key) => {
    const withIt = makeRun({ id: 'w', start: 0, metrics: { [key]: 1 } });
    const without = makeRun({ id: 'v', start: 10 });
    expect(ids(sortByColumn([without, withIt], { column: metric(key), direction: 'ASC' }, now))).toEqual(['w', 'v']);
  });
});

describe('buildRunTree', () => {
  const parent = makeRun({ id: 'p' });
  const childA = makeRun({ id: 'c1', parent: 'p' });
  const childB = makeRun({ id: 'c2', parent: 'p' });
  const grandchild = makeRun({ id: 'g', parent: 'c1' });
  const loner = makeRun({ id: 'l' });

  it('should return nothing for no runs', () => {
    expect(buildRunTree([], expand())).toEqual([]);
  });

  it('should show only top-level runs with child counts while collapsed', () => {
    expect(rowShape(buildRunTree([childA, parent, grandchild, loner, childB], expand()))).toEqual([
      ['p', 0, 2],
      ['l', 0, 0],
    ]);
  });

  it('should nest children under an expanded parent in list order', () => {
    expect(rowShape(buildRunTree([childB, parent, loner, childA, grandchild], expand('p')))).toEqual([
      ['p', 0, 2],
      ['c2', 1, 0],
      ['c1', 1, 1],
      ['l', 0, 0],
    ]);
  });

  it('should show every level when all parents are expanded', () => {
    expect(rowShape(buildRunTree([parent, childA, grandchild, childB, loner], expand('p', 'c1')))).toEqual([
      ['p', 0, 2],
      ['c1', 1, 1],
      ['g', 2, 0],
      ['c2', 1, 0],
      ['l', 0, 0],
    ]);
  });

  it('should hide a grandchild when its own parent is collapsed', () => {
    expect(rowShape(buildRunTree([parent, childA, grandchild], expand('p')))).toEqual([
      ['p', 0, 1],
      ['c1', 1, 1],
    ]);
  });

  it('should hide the subtree of a collapsed parent even when its child is expanded', () => {
    expect(rowShape(buildRunTree([parent, childA, grandchild], expand('c1')))).toEqual([['p', 0, 1]]);
  });

  it('should put a child whose parent is filtered out at the top level', () => {
    expect(rowShape(buildRunTree([childA, grandchild, loner], expand('c1')))).toEqual([
      ['c1', 0, 1],
      ['g', 1, 0],
      ['l', 0, 0],
    ]);
  });

  it('should put a child whose parent does not exist at the top level', () => {
    const orphan = makeRun({ id: 'o', parent: 'ghost' });
    expect(rowShape(buildRunTree([orphan], expand('ghost')))).toEqual([['o', 0, 0]]);
  });

  it('should show a run that is its own parent once, at the top level', () => {
    const self = makeRun({ id: 's', parent: 's' });
    expect(rowShape(buildRunTree([self, loner], expand('s')))).toEqual([
      ['s', 0, 0],
      ['l', 0, 0],
    ]);
  });

  it.each<[string, Run[]]>([
    ['a two-run cycle', [makeRun({ id: 'x', parent: 'y' }), makeRun({ id: 'y', parent: 'x' })]],
    [
      'a three-run cycle with a child hanging off it',
      [
        makeRun({ id: 'x', parent: 'z' }),
        makeRun({ id: 'y', parent: 'x' }),
        makeRun({ id: 'z', parent: 'y' }),
        makeRun({ id: 'k', parent: 'y' }),
      ],
    ],
  ])('should terminate on %s and show every run exactly once', (_label, cycle) => {
    const all = [...cycle, loner];
    const rows = buildRunTree(all, expand(...ids(all)));
    expect(ids(rows.map((r) => r.run)).sort()).toEqual(ids(all).sort());
  });

  it('should keep a proper subtree intact next to a cycle', () => {
    const cycle = [makeRun({ id: 'x', parent: 'y' }), makeRun({ id: 'y', parent: 'x' })];
    const rows = buildRunTree([parent, ...cycle, childA], expand('p', 'x', 'y'));
    expect(rowShape(rows).filter(([id]) => id === 'p' || id === 'c1')).toEqual([
      ['p', 0, 1],
      ['c1', 1, 0],
    ]);
    expect(rows).toHaveLength(4);
  });

  it('should not count a child of a collapsed parent as a row', () => {
    const rows = buildRunTree([parent, childA, childB], expand());
    expect(rows).toHaveLength(1);
    expect(rows[0]?.childCount).toBe(2);
  });
});

describe('metric summaries', () => {
  /** A run whose one metric `loss` has these latest/min/max values. */
  const withLoss = (id: string, start: number, latest: number, min: number, max: number): Run => {
    const run = makeRun({ id, start, metrics: { loss: latest } });
    const loss = run.metrics['loss'];
    if (!loss) throw new Error('makeRun lost the metric');
    return { ...run, metrics: { loss: { ...loss, min, max, count: 3 } } };
  };
  const runs = [
    withLoss('a', 4000, 0.5, 0.1, 0.9),
    withLoss('b', 3000, 0.2, 0.2, 2.0),
    withLoss('c', 2000, 0.9, 0.05, 1.0),
    makeRun({ id: 'd', start: 1000 }),
    withLoss('e', 500, NaN, NaN, NaN),
    withLoss('f', 100, 0.7, 0.1, 0.8),
  ];
  const loss = (summary?: 'latest' | 'min' | 'max'): ColumnId => (summary ? { kind: 'metric', key: 'loss', summary } : metric('loss'));

  it.each<[string, ColumnId, 'ASC' | 'DESC', string[]]>([
    ['latest ascending', loss(), 'ASC', ['b', 'a', 'f', 'c', 'e', 'd']],
    ['latest, spelled out', loss('latest'), 'ASC', ['b', 'a', 'f', 'c', 'e', 'd']],
    // a and f tie at 0.1: the default order (newest first) breaks the tie in both directions.
    // e (every point NaN) is older than d (no loss) but still comes first: NaN before missing.
    ['latest descending, then NaN, then missing', loss(), 'DESC', ['c', 'f', 'a', 'b', 'e', 'd']],
    ['min ascending, ties in default order, then NaN, then missing', loss('min'), 'ASC', ['c', 'a', 'f', 'b', 'e', 'd']],
    ['min descending, then NaN, then missing', loss('min'), 'DESC', ['b', 'a', 'f', 'c', 'e', 'd']],
    ['max ascending', loss('max'), 'ASC', ['f', 'a', 'c', 'b', 'e', 'd']],
    ['max descending', loss('max'), 'DESC', ['b', 'c', 'a', 'f', 'e', 'd']],
  ])('should sort by %s', (_label, column, direction, expected) => {
    expect(ids(sortByColumn(runs, { column, direction }, 0))).toEqual(expected);
  });

  it('should show the chosen summary in the cell', () => {
    const run = withLoss('x', 0, 0.5, 0.125, 3);
    expect(cellText(run, loss(), 0)).toBe('0.5');
    expect(cellText(run, loss('min'), 0)).toBe('0.125');
    expect(cellText(run, loss('max'), 0)).toBe('3');
  });

  it('should name the summary in the header unless it is the latest value, and keep one column key', () => {
    expect(columnLabel(loss())).toBe('loss');
    expect(columnLabel(loss('latest'))).toBe('loss');
    expect(columnLabel(loss('min'))).toBe('loss (min)');
    expect(columnLabel(loss('max'))).toBe('loss (max)');
    expect(columnKey(loss('min'))).toBe('metric:loss');
  });

  it.each(['constructor', '__proto__', 'toString'])('should treat a run lacking the metric %s as missing for min', (key) => {
    const plain = makeRun({ id: 'p' });
    const column: ColumnId = { kind: 'metric', key, summary: 'min' };
    expect(cellText(plain, column, 0)).toBe('');
    expect(ids(sortByColumn([plain, makeRun({ id: 'q', start: -1, metrics: { [key]: 1 } })], { column, direction: 'ASC' }, 0))).toEqual(['q', 'p']);
  });
});

describe('tag and extra attribute columns', () => {
  const run = makeBaseRun({ id: 'r9', user: 'bob', start: 1000, end: 5000, tags: { team: 'blue', 'mlflow.user': 'bob' } });
  const tag = (key: string): ColumnId => ({ kind: 'tag', key });

  it('should show tag values, empty for a missing or inherited key', () => {
    expect(cellText(run, tag('team'), 0)).toBe('blue');
    expect(cellText(run, tag('mlflow.user'), 0)).toBe('bob');
    expect(cellText(run, tag('nope'), 0)).toBe('');
    expect(cellText(run, tag('constructor'), 0)).toBe('');
  });

  it('should show the end time, user and run id', () => {
    expect(cellText(run, attribute2('end_time'), 0)).toBe(new Date(5000).toLocaleString());
    expect(cellText(run, attribute2('user_id'), 0)).toBe('bob');
    expect(cellText(run, attribute2('run_id'), 0)).toBe('r9');
    expect(cellText({ ...run, endTime: null }, attribute2('end_time'), 0)).toBe('');
  });

  it('should sort by a tag with missing values last', () => {
    const a = makeBaseRun({ id: 'a', start: 3, tags: { team: 'red' } });
    const b = makeBaseRun({ id: 'b', start: 2 });
    const c = makeBaseRun({ id: 'c', start: 1, tags: { team: 'blue' } });
    expect(ids(sortByColumn([a, b, c], { column: tag('team'), direction: 'ASC' }, 0))).toEqual(['c', 'a', 'b']);
    expect(ids(sortByColumn([a, b, c], { column: tag('team'), direction: 'DESC' }, 0))).toEqual(['a', 'c', 'b']);
  });

  it('should format times like Date#toLocaleString and leave non-finite times empty', () => {
    for (const ms of [0, 1_700_000_000_000, Date.UTC(2024, 1, 29, 23, 59, 59)]) expect(formatTime(ms)).toBe(new Date(ms).toLocaleString());
    expect(formatTime(NaN)).toBe('');
  });
});

function attribute2(key: 'end_time' | 'user_id' | 'run_id'): ColumnId {
  return { kind: 'attribute', key };
}

describe('the start-time fast path', () => {
  it('should order exactly as order_by does, ties by run id', async () => {
    const { parseOrderBy, sortRuns } = await import('../../domain/tracking/searchFilter');
    const runs = Array.from({ length: 200 }, (_, i) => makeRun({ id: `r${(i * 7919) % 1000}`, start: (i * 37) % 13 }));
    for (const direction of ['ASC', 'DESC'] as const) {
      const expected = ids(sortRuns(runs, parseOrderBy([`attributes.start_time ${direction}`])));
      expect(ids(sortByColumn(runs, { column: attribute('start_time'), direction }, 0))).toEqual(expected);
    }
  });

  it('should build flat rows when no run is nested', () => {
    const runs = [makeRun({ id: 'a' }), makeRun({ id: 'b' })];
    expect(rowShape(buildRunTree(runs, expand('a')))).toEqual([
      ['a', 0, 0],
      ['b', 0, 0],
    ]);
  });
});

describe('formatTimeShort', () => {
  const reference = new Date(2026, 11, 7, 15, 30).getTime();
  it('should show the time for today, day and time this year, and the date with its year before', () => {
    const today = formatTimeShort(new Date(2026, 11, 7, 9, 5, 7).getTime(), reference);
    expect(today).not.toContain('2026');
    expect(today).toContain('05');
    const thisYear = formatTimeShort(new Date(2026, 2, 3, 9, 5).getTime(), reference);
    expect(thisYear).not.toContain('2026');
    expect(thisYear).not.toBe(today);
    expect(formatTimeShort(new Date(2024, 2, 3, 9, 5).getTime(), reference)).toContain('2024');
    expect(formatTimeShort(Number.NaN, reference)).toBe('');
    for (const text of [today, thisYear]) expect(text.length).toBeLessThan(formatTime(new Date(2026, 2, 3, 9, 5).getTime()).length);
  });
});

