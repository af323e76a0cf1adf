import { describe, expect, it } from 'vitest';
import type { MetricColumns } from '../tracking/types';
import { sortHistory, xValues } from './xAxis';
import type { XAxisMode } from './xAxis';

const T0 = Date.UTC(2024, 0, 1);
const history = (steps: number[], values: number[], timestamps: number[]): MetricColumns => ({
  steps,
  values,
  timestamps,
});

describe('xValues', () => {
  const h = history([0, 1, 2], [0.9, 0.5, 0.3], [T0 + 1000, T0 + 2500, T0 + 61_000]);

  it.each<[XAxisMode, number[]]>([
    ['step', [0, 1, 2]],
    ['wall', [T0 + 1000, T0 + 2500, T0 + 61_000]],
    ['relative', [0, 1.5, 60]],
  ])('should give %s x values', (mode, expected) => {
    expect(Array.from(xValues(h, mode))).toEqual(expected);
  });

  it('should count relative time from runStart when given', () => {
    expect(Array.from(xValues(h, 'relative', { runStart: T0 }))).toEqual([1, 2.5, 61]);
  });

  it('should take the earliest timestamp even when it is not the first appended', () => {
    const unsorted = history([2, 0, 1], [1, 2, 3], [T0 + 3000, T0, T0 + 1000]);
    expect(Array.from(xValues(unsorted, 'relative'))).toEqual([3, 0, 1]);
  });

  it('should skip non-finite timestamps when finding the earliest', () => {
    const odd = history([0, 1, 2], [1, 2, 3], [NaN, T0 + 2000, T0 + 1000]);
    expect(Array.from(xValues(odd, 'relative'))).toEqual([NaN, 1, 0]);
  });

  it('should give NaN relative x when no timestamp is finite', () => {
    expect(Array.from(xValues(history([0], [1], [NaN]), 'relative'))).toEqual([NaN]);
  });

  it.each<XAxisMode>(['step', 'wall', 'relative'])('should give an empty array for an empty history (%s)', (mode) => {
    expect(xValues(history([], [], []), mode)).toHaveLength(0);
  });

  it('should use the shortest column when columns disagree in length', () => {
    expect(Array.from(xValues(history([0, 1, 2], [1, 2], [T0, T0, T0]), 'step'))).toEqual([0, 1]);
  });
});

describe('sortHistory', () => {
  it('should sort append order by step', () => {
    const sorted = sortHistory(history([2, 0, 1], [0.2, 1, 0.5], [T0 + 20, T0, T0 + 10]), 'step');
    expect(Array.from(sorted.x)).toEqual([0, 1, 2]);
    expect(Array.from(sorted.y)).toEqual([1, 0.5, 0.2]);
    expect(Array.from(sorted.steps)).toEqual([0, 1, 2]);
    expect(Array.from(sorted.timestamps)).toEqual([T0, T0 + 10, T0 + 20]);
  });

  it('should keep duplicate steps in append order', () => {
    const sorted = sortHistory(history([1, 0, 1, 1], [10, 0, 11, 12], [T0, T0, T0, T0]), 'step');
    expect(Array.from(sorted.y)).toEqual([0, 10, 11, 12]);
  });

  it('should break wall-time ties by step, then append order', () => {
    const sorted = sortHistory(history([3, 1, 2, 1], [30, 10, 20, 11], [T0, T0, T0, T0 - 5]), 'wall');
    expect(Array.from(sorted.steps)).toEqual([1, 1, 2, 3]);
    expect(Array.from(sorted.y)).toEqual([11, 10, 20, 30]);
  });

  it('should sort by relative time and not by step', () => {
    // A run that resumed: step 0 logged again later.
    const sorted = sortHistory(history([0, 1, 0], [5, 4, 6], [T0, T0 + 1000, T0 + 2000]), 'relative');
    expect(Array.from(sorted.x)).toEqual([0, 1, 2]);
    expect(Array.from(sorted.y)).toEqual([5, 4, 6]);
  });

  it('should put NaN x last and keep non-finite values as logged', () => {
    const sorted = sortHistory(history([NaN, 2, -Infinity, 1], [1, NaN, Infinity, 4], [0, 0, 0, 0]), 'step');
    expect(Array.from(sorted.x)).toEqual([-Infinity, 1, 2, NaN]);
    expect(Array.from(sorted.y)).toEqual([Infinity, 4, NaN, 1]);
  });

  it.each([
    ['empty', [] as number[]],
    ['single', [7]],
  ])('should handle %s histories', (_name, steps) => {
    const sorted = sortHistory(history(steps, steps, steps), 'step');
    expect(Array.from(sorted.x)).toEqual(steps);
    expect(Array.from(sorted.y)).toEqual(steps);
  });

  it('should return copies, not the input arrays, when already sorted', () => {
    const steps = new Float64Array([0, 1, 2]);
    const sorted = sortHistory({ steps, values: steps, timestamps: steps }, 'step');
    expect(sorted.steps).not.toBe(steps);
    expect(sorted.steps).toEqual(steps);
  });

  it('should sort 200k reversed points', () => {
    const n = 200_000;
    const steps = Float64Array.from({ length: n }, (_, i) => n - 1 - i);
    const sorted = sortHistory({ steps, values: steps, timestamps: steps }, 'step');
    expect(sorted.x[0]).toBe(0);
    expect(sorted.x[n - 1]).toBe(n - 1);
    expect(sorted.x.every((v, i) => i === 0 || v >= (sorted.x[i - 1] as number))).toBe(true);
  });
});
