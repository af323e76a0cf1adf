import { describe, expect, it } from 'vitest';
import { makeRun } from '../../test/makeRun';
import { boxByParam, contourGrid, parallelDimensions, scatterPoints } from './plotData';
import type { ColumnRef } from './columns';

const param = (key: string): ColumnRef => ({ kind: 'param', key });
const metric = (key: string): ColumnRef => ({ kind: 'metric', key });
const escape = (text: string): string => text.replace(/</g, '&lt;');

describe('parallelDimensions', () => {
  const runs = [
    makeRun({ id: 'a', params: { lr: '0.1', opt: 'sgd', '<b>': '<i>' }, metrics: { loss: 0.5 } }),
    makeRun({ id: 'b', params: { lr: '0.01', opt: 'adam' }, metrics: { loss: NaN } }),
    makeRun({ id: 'c', params: { opt: 'sgd', '<b>': 'x' }, metrics: { loss: 0.25 } }),
  ];

  it('should make numeric dimensions from numeric params and metrics', () => {
    expect(parallelDimensions(runs, { columns: [param('lr'), metric('loss')], escape })).toEqual([
      { label: 'params.lr', values: [0.1, 0.01, NaN], range: [0.01, 0.1] },
      { label: 'metrics.loss', values: [0.5, NaN, 0.25], range: [0.25, 0.5] },
    ]);
  });

  it('should make categorical dimensions with sorted ticks', () => {
    expect(parallelDimensions(runs, { columns: [param('opt')], escape })).toEqual([
      { label: 'params.opt', values: [1, 0, 1], tickvals: [0, 1], ticktext: ['adam', 'sgd'], range: [0, 1] },
    ]);
  });

  it('should escape labels (Plotly reads them as HTML) but not tick texts (Plotly draws them as plain text)', () => {
    const [dim] = parallelDimensions(runs, { columns: [param('<b>')], escape });
    expect(dim?.label).toBe('params.&lt;b>');
    expect(dim?.ticktext).toEqual(['<i>', 'x']);
    expect(dim?.values).toEqual([0, NaN, 1]);
  });

  it('should treat a column with one non-numeric value as categorical', () => {
    const mixed = [makeRun({ id: 'a', params: { p: '2' } }), makeRun({ id: 'b', params: { p: '10' } }), makeRun({ id: 'c', params: { p: 'auto' } })];
    // A mixed column sorts as text, so "10" comes before "2".
    expect(parallelDimensions(mixed, { columns: [param('p')], escape })[0]).toMatchObject({
      values: [1, 0, 2],
      ticktext: ['10', '2', 'auto'],
    });
  });

  it.each<[string, string[], [number, number]]>([
    ['a single value', ['3'], [1.5, 4.5]],
    ['a single zero', ['0'], [-1, 1]],
    ['a single negative value', ['-4'], [-6, -2]],
  ])('should widen the range around %s', (_name, values, range) => {
    const rs = values.map((v, i) => makeRun({ id: `r${i}`, params: { p: v } }));
    expect(parallelDimensions(rs, { columns: [param('p')], escape })[0]?.range).toEqual(range);
  });

  it('should widen a single category and give [0, 1] when no run has the column', () => {
    const one = [makeRun({ id: 'a', params: { p: 'x' } })];
    expect(parallelDimensions(one, { columns: [param('p')], escape })[0]?.range).toEqual([-1, 1]);
    expect(parallelDimensions(runs, { columns: [param('missing')], escape })[0]).toEqual({
      label: 'params.missing',
      values: [NaN, NaN, NaN],
      range: [0, 1],
    });
  });

  it('should give no dimensions for no columns, and empty values for no runs', () => {
    expect(parallelDimensions(runs, { columns: [], escape })).toEqual([]);
    expect(parallelDimensions([], { columns: [param('lr')], escape })[0]?.values).toEqual([]);
  });
});

describe('scatterPoints', () => {
  const runs = [
    makeRun({ id: 'a', name: '<b>A</b>', params: { lr: '0.1', opt: 'sgd' }, metrics: { loss: 0.5 } }),
    makeRun({ id: 'b', name: 'B', params: { lr: '0.01', opt: 'adam' }, metrics: { loss: Infinity } }),
    makeRun({ id: 'c', name: 'C', params: { opt: 'sgd' }, metrics: { loss: 0.25 } }),
    makeRun({ id: 'd', name: 'D', params: { lr: '1e-3', opt: 'adam' }, metrics: { loss: 0.75 } }),
  ];

  it('should give numbers for numeric columns and skip runs missing either value', () => {
    expect(scatterPoints(runs, { x: param('lr'), y: metric('loss') })).toEqual({
      x: [0.1, 0.001],
      y: [0.5, 0.75],
      runIds: ['a', 'd'],
      texts: ['<b>A</b>', 'D'],
    });
  });

  it('should keep category strings as they are', () => {
    expect(scatterPoints(runs, { x: param('opt'), y: metric('loss') })).toMatchObject({
      x: ['sgd', 'sgd', 'adam'],
      y: [0.5, 0.25, 0.75],
    });
  });

  it('should plot attributes too', () => {
    const timed = [makeRun({ id: 'a', start: 0, end: 2000, metrics: { loss: 1 } })];
    expect(scatterPoints(timed, { x: { kind: 'attribute', key: 'duration' }, y: metric('loss') }).x).toEqual([2000]);
  });

  it('should give empty arrays when nothing matches', () => {
    expect(scatterPoints(runs, { x: param('nope'), y: metric('loss') })).toEqual({ x: [], y: [], runIds: [], texts: [] });
  });
});

describe('contourGrid', () => {
  const run = (id: string, lr: string, bs: string, loss: number) =>
    makeRun({ id, params: { lr, bs, opt: 'sgd' }, metrics: { loss } });

  it('should average z per cell with null for empty cells', () => {
    const runs = [run('a', '0.1', '32', 1), run('b', '0.1', '32', 3), run('c', '0.01', '64', 5), run('d', '1e-3', '32', 7)];
    expect(contourGrid(runs, { x: param('lr'), y: param('bs'), z: metric('loss') })).toEqual({
      x: [0.001, 0.01, 0.1],
      y: [32, 64],
      z: [
        [7, null, 2],
        [null, 5, null],
      ],
      reason: null,
    });
  });

  it('should skip runs with a non-finite or missing z and merge "-0" with "0"', () => {
    const runs = [run('a', '0', '1', 1), run('b', '-0', '2', 3), run('c', '5', '1', NaN), run('d', '1', '2', 4), makeRun({ id: 'e', params: { lr: '1', bs: '1' } })];
    expect(contourGrid(runs, { x: param('lr'), y: param('bs'), z: metric('loss') })).toEqual({
      x: [0, 1],
      y: [1, 2],
      z: [
        [1, null],
        [3, 4],
      ],
      reason: null,
    });
  });

  it.each<[string, ReturnType<typeof run>[], ColumnRef, string]>([
    ['no runs', [], param('lr'), 'No run has params.lr, params.bs and a finite metrics.loss.'],
    ['a text axis', [run('a', '0.1', '1', 1), run('b', 'auto', '2', 1)], param('lr'), 'params.lr is not numeric ("auto").'],
    ['one x value', [run('a', '0.1', '1', 1), run('b', '0.1', '2', 1)], param('lr'), 'params.lr needs at least 2 distinct values; the runs have 1.'],
    ['one y value', [run('a', '0.1', '1', 1), run('b', '0.2', '1', 1)], param('lr'), 'params.bs needs at least 2 distinct values; the runs have 1.'],
    ['a categorical param', [run('a', '0.1', '1', 1), run('b', '0.2', '2', 1)], param('opt'), 'params.opt is not numeric ("sgd").'],
  ])('should explain why there is no grid for %s', (_name, runs, x, reason) => {
    expect(contourGrid(runs, { x, y: param('bs'), z: metric('loss') })).toEqual({ x: [], y: [], z: [], reason });
  });
});

describe('boxByParam', () => {
  it('should group finite metric values, numerically ordered, missing param last', () => {
    const runs = [
      makeRun({ id: 'a', params: { bs: '64' }, metrics: { loss: 1 } }),
      makeRun({ id: 'b', params: { bs: '8' }, metrics: { loss: 2 } }),
      makeRun({ id: 'c', params: { bs: '64' }, metrics: { loss: 3 } }),
      makeRun({ id: 'd', metrics: { loss: 4 } }),
      makeRun({ id: 'e', params: { bs: '16' }, metrics: { loss: NaN } }),
      makeRun({ id: 'f', params: { bs: '32' } }),
    ];
    expect(boxByParam(runs, { param: 'bs', metric: 'loss' })).toEqual([
      { value: '8', metrics: [2] },
      { value: '64', metrics: [1, 3] },
      { value: null, metrics: [4] },
    ]);
  });

  it('should order text values lexically', () => {
    const runs = ['sgd', 'Adam', 'adam', 'rmsprop'].map((opt, i) => makeRun({ id: `r${i}`, params: { opt }, metrics: { loss: i } }));
    expect(boxByParam(runs, { param: 'opt', metric: 'loss' }).map((g) => g.value)).toEqual(['Adam', 'adam', 'rmsprop', 'sgd']);
  });

  it('should give no groups when no run has the metric', () => {
    expect(boxByParam([makeRun({ id: 'a', params: { opt: 'x' } })], { param: 'opt', metric: 'loss' })).toEqual([]);
  });
});
