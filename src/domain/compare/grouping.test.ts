import { describe, expect, it } from 'vitest';
import { makeRun } from '../../test/makeRun';
import { aggregateCurves, groupRuns } from './grouping';
import type { AggregatedCurve, Curve } from './grouping';

const plain = (a: AggregatedCurve): Record<string, number[]> => ({
  x: Array.from(a.x),
  mean: Array.from(a.mean),
  min: Array.from(a.min),
  max: Array.from(a.max),
  count: Array.from(a.count),
});

describe('groupRuns', () => {
  const runs = [
    makeRun({ id: 'a', params: { lr: '0.1', opt: 'sgd' }, tags: { team: 'x' } }),
    makeRun({ id: 'b', params: { lr: '0.01', opt: 'adam' } }),
    makeRun({ id: 'c', params: { lr: '0.1', opt: 'Adam' }, tags: { team: '' } }),
    makeRun({ id: 'd', params: { opt: 'adam' }, metrics: { loss: NaN } }),
    makeRun({ id: 'e', params: { lr: '1e-3', opt: 'sgd' }, metrics: { loss: 0.5 } }),
  ];

  it('should order numeric values numerically with missing values last', () => {
    expect(groupRuns(runs, { kind: 'param', key: 'lr' })).toEqual([
      { label: '1e-3', value: '1e-3', runIds: ['e'] },
      { label: '0.01', value: '0.01', runIds: ['b'] },
      { label: '0.1', value: '0.1', runIds: ['a', 'c'] },
      { label: '(none)', value: null, runIds: ['d'] },
    ]);
  });

  it('should order text values case-insensitively and keep case-distinct values apart', () => {
    expect(groupRuns(runs, { kind: 'param', key: 'opt' }).map((g) => [g.label, g.runIds])).toEqual([
      ['Adam', ['c']],
      ['adam', ['b', 'd']],
      ['sgd', ['a', 'e']],
    ]);
  });

  it('should label an empty value "(empty)" and keep it apart from a missing one', () => {
    expect(groupRuns(runs, { kind: 'tag', key: 'team' })).toEqual([
      { label: '(empty)', value: '', runIds: ['c'] },
      { label: 'x', value: 'x', runIds: ['a'] },
      { label: '(none)', value: null, runIds: ['b', 'd', 'e'] },
    ]);
  });

  it('should keep a real "(none)" value apart from runs without a value', () => {
    const groups = groupRuns([makeRun({ id: 'a', params: { p: '(none)' } }), makeRun({ id: 'b' })], {
      kind: 'param',
      key: 'p',
    });
    expect(groups.map((g) => g.value)).toEqual(['(none)', null]);
  });

  it('should group metric values by their text', () => {
    expect(groupRuns(runs, { kind: 'metric', key: 'loss' }).map((g) => g.value)).toEqual(['0.5', 'NaN', null]);
  });

  it('should give one "(none)" group when no run has the key, and nothing for no runs', () => {
    expect(groupRuns(runs, { kind: 'param', key: 'missing' })).toHaveLength(1);
    expect(groupRuns([], { kind: 'param', key: 'lr' })).toEqual([]);
  });

  it('should not read inherited properties', () => {
    expect(groupRuns(runs, { kind: 'param', key: 'constructor' }).map((g) => g.value)).toEqual([null]);
  });
});

describe('aggregateCurves', () => {
  it.each<[string, Curve[], Record<string, number[]>]>([
    ['no curves', [], { x: [], mean: [], min: [], max: [], count: [] }],
    ['one empty curve', [{ x: [], y: [] }], { x: [], mean: [], min: [], max: [], count: [] }],
    ['a single point', [{ x: [3], y: [7] }], { x: [3], mean: [7], min: [7], max: [7], count: [1] }],
    [
      'two aligned curves',
      [
        { x: [0, 1, 2], y: [1, 2, 3] },
        { x: [0, 1, 2], y: [3, 4, 8] },
      ],
      { x: [0, 1, 2], mean: [2, 3, 5.5], min: [1, 2, 3], max: [3, 4, 8], count: [2, 2, 2] },
    ],
    [
      'curves of different lengths, without interpolation',
      [
        { x: [0, 2, 4], y: [10, 20, 30] },
        { x: [0, 1, 2], y: [0, 5, 10] },
      ],
      { x: [0, 1, 2, 4], mean: [5, 5, 15, 30], min: [0, 5, 10, 30], max: [10, 5, 20, 30], count: [2, 1, 2, 1] },
    ],
    [
      'unsorted x',
      [
        { x: [2, 0], y: [4, 2] },
        { x: [0, 2], y: [6, 8] },
      ],
      { x: [0, 2], mean: [4, 6], min: [2, 4], max: [6, 8], count: [2, 2] },
    ],
    [
      // Curve 1 has 1 and 3 at x=0 (its value there: 2); curve 2 has 8.
      'duplicate steps within a curve',
      [
        { x: [0, 0, 1], y: [1, 3, 5] },
        { x: [0, 1], y: [8, 5] },
      ],
      { x: [0, 1], mean: [5, 5], min: [2, 5], max: [8, 5], count: [2, 2] },
    ],
    [
      'non-finite y ignored, an all-NaN x kept as a gap',
      [
        { x: [0, 1, 2], y: [NaN, Infinity, 4] },
        { x: [0, 1, 2], y: [2, NaN, -Infinity] },
      ],
      { x: [0, 1, 2], mean: [2, NaN, 4], min: [2, NaN, 4], max: [2, NaN, 4], count: [1, 0, 1] },
    ],
    [
      'non-finite x dropped, -0 and 0 merged',
      [
        { x: [NaN, -0, Infinity], y: [1, 2, 3] },
        { x: [0, -Infinity], y: [4, 5] },
      ],
      { x: [0], mean: [3], min: [2], max: [4], count: [2] },
    ],
    [
      'x and y of different lengths use the shorter',
      [{ x: [0, 1, 2], y: [1] }],
      { x: [0], mean: [1], min: [1], max: [1], count: [1] },
    ],
    [
      'huge opposite values without overflow',
      [
        { x: [0], y: [1.5e308] },
        { x: [0], y: [-1.5e308] },
      ],
      { x: [0], mean: [0], min: [-1.5e308], max: [1.5e308], count: [2] },
    ],
  ])('should aggregate %s', (_name, curves, expected) => {
    expect(plain(aggregateCurves(curves))).toEqual(expected);
  });

  it('should give the exact mean of many curves', () => {
    const curves = Array.from({ length: 10 }, (_, c) => ({ x: [0, 1], y: [c, 2 * c] }));
    const a = aggregateCurves(curves);
    expect(a.mean[0]).toBeCloseTo(4.5, 12);
    expect(a.mean[1]).toBeCloseTo(9, 12);
    expect(Array.from(a.count)).toEqual([10, 10]);
  });

  it('should aggregate 20 curves of 50k points', () => {
    const n = 50_000;
    const curves = Array.from({ length: 20 }, (_, c) => ({
      x: Float64Array.from({ length: n }, (_, i) => i * (1 + (c % 2))),
      y: Float64Array.from({ length: n }, (_, i) => Math.sin(i + c)),
    }));
    const a = aggregateCurves(curves);
    expect(a.x).toHaveLength(n + n / 2);
    expect(a.count[0]).toBe(20);
    expect(a.count[a.count.length - 1]).toBe(10);
  });
});
