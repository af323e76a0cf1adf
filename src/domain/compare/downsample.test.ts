import { describe, expect, it } from 'vitest';
import { downsampleMinMax, lttb, pointsLabel } from './downsample';

const range = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i);
const isAscending = (a: Uint32Array): boolean => a.every((v, i) => i === 0 || v > (a[i - 1] as number));

describe('downsampleMinMax', () => {
  it.each<[string, number[], number[], number, number[]]>([
    ['empty', [], [], 10, []],
    ['a single point', [0], [5], 1, [0]],
    ['length at 2·buckets', [0, 1, 2, 3], [1, 2, 3, 4], 2, [0, 1, 2, 3]],
    ['buckets 0 keeps everything', [0, 1, 2], [1, 2, 3], 0, [0, 1, 2]],
    ['negative buckets keep everything', [0, 1, 2], [1, 2, 3], -4, [0, 1, 2]],
    ['NaN buckets keep everything', [0, 1, 2], [1, 2, 3], NaN, [0, 1, 2]],
    ['Infinity buckets keep everything', [0, 1, 2], [1, 2, 3], Infinity, [0, 1, 2]],
    // One bucket over x 0..4: min y at 3, max at 1, plus first and last.
    ['one bucket', [0, 1, 2, 3, 4], [5, 9, 6, 1, 7], 1, [0, 1, 3, 4]],
    // Two buckets: x<2 → {0,1}: min 0, max 1; x≥2 → {2..5}: min 3 (first of the ties), max 5.
    ['two buckets', [0, 1, 2, 3, 4, 5], [1, 8, 4, 2, 2, 9], 2, [0, 1, 3, 5]],
    // Fractional buckets are floored: 2.9 → 2.
    ['fractional buckets', [0, 1, 2, 3, 4, 5], [1, 8, 4, 2, 2, 9], 2.9, [0, 1, 3, 5]],
    // Duplicate x all land in one bucket; the first of equal extremes wins.
    ['all x equal', [3, 3, 3, 3, 3], [2, 2, 7, 7, 2], 2, [0, 2, 4]],
  ])('should downsample %s', (_name, x, y, buckets, expected) => {
    const { indices, total } = downsampleMinMax(x, y, buckets);
    expect(Array.from(indices)).toEqual(expected);
    expect(total).toBe(x.length);
  });

  it('should keep every non-finite y and non-finite x point', () => {
    const x = [0, 1, 2, NaN, 4, 5, 6, 7, 8, 9];
    const y = [1, NaN, 1, 1, Infinity, 1, -Infinity, 1, 1, 1];
    // One bucket: first finite min and max are both index 0 (all finite y equal).
    expect(Array.from(downsampleMinMax(x, y, 1).indices)).toEqual([0, 1, 3, 4, 6, 9]);
  });

  it('should work on unsorted x and still return ascending indices', () => {
    const x = [5, 0, 4, 1, 3, 2];
    const y = [0, 0, 9, 0, 0, -9];
    // Buckets x<2.5: indices 1,3,5 (min 5, max 1); x≥2.5: 0,2,4 (min 0, max 2); plus 0 and 5.
    expect(Array.from(downsampleMinMax(x, y, 2).indices)).toEqual([0, 1, 2, 5]);
  });

  it('should use the shorter of x and y', () => {
    expect(downsampleMinMax([0, 1, 2, 3], [1, 2], 5)).toEqual({ indices: Uint32Array.from([0, 1]), total: 2 });
  });

  it.each([
    ['up', 1e6],
    ['down', -1e6],
  ])('should keep a single spike %s among 100k points', (_dir, spike) => {
    const n = 100_000;
    const x = range(n);
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 1000));
    y[54_321] = spike;
    const { indices, total } = downsampleMinMax(x, y, 500);
    expect(total).toBe(n);
    expect(indices.length).toBeLessThanOrEqual(2 * 500 + 2);
    expect(Array.from(indices)).toContain(54_321);
    expect(indices[0]).toBe(0);
    expect(indices[indices.length - 1]).toBe(n - 1);
    expect(isAscending(indices)).toBe(true);
  });

  it('should not overflow when the x span is larger than the largest double', () => {
    const { indices } = downsampleMinMax([-1e308, 0, 1, 2, 1e308], [0, 5, -5, 1, 0], 1);
    expect(Array.from(indices)).toEqual([0, 1, 2, 4]);
  });

  it('should handle a million points', () => {
    const n = 1_000_000;
    const x = range(n);
    const y = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    const { indices } = downsampleMinMax(x, y, 1000);
    expect(indices.length).toBeLessThanOrEqual(2002);
    expect(isAscending(indices)).toBe(true);
  });
});

describe('lttb', () => {
  it.each<[string, number[], number[], number, number[]]>([
    ['empty', [], [], 3, []],
    ['fewer points than the threshold', [0, 1], [1, 2], 3, [0, 1]],
    ['threshold below 3 keeps everything', [0, 1, 2, 3], [0, 1, 0, 1], 2, [0, 1, 2, 3]],
    ['NaN threshold keeps everything', [0, 1, 2, 3], [0, 1, 0, 1], NaN, [0, 1, 2, 3]],
    // Threshold 3: one bucket of indices 1..3; the triangle with (0,0) and the last point (4,0)
    // is largest at the tallest point, index 2.
    ['a peak in the middle', [0, 1, 2, 3, 4], [0, 1, 5, 1, 0], 3, [0, 2, 4]],
    // Threshold 4 over 6 points: buckets {1,2} and {3,4}. Bucket 1 against (0,0) and the average
    // of {3,4} = (3.5, 0.5): areas 2.5 at index 1 and 1.5 at index 2 → 1. Bucket 2 against (1,3)
    // and (5,0): areas 10 at 3 and 8 at 4 → 3.
    ['two buckets', [0, 1, 2, 3, 4, 5], [0, 3, 1, 0, 1, 0], 4, [0, 1, 3, 5]],
  ])('should pick %s', (_name, x, y, threshold, expected) => {
    expect(Array.from(lttb(x, y, threshold))).toEqual(expected);
  });

  it('should add non-finite points back on top of the threshold', () => {
    const x = [0, 1, 2, 3, 4, 5, 6];
    const y = [0, NaN, 1, 5, 1, Infinity, 0];
    // Finite points 0,2,3,4,6 → threshold 3 keeps 0, 3 (the peak) and 6; NaN and Infinity are added.
    expect(Array.from(lttb(x, y, 3))).toEqual([0, 1, 3, 5, 6]);
  });

  it('should keep a spike in 100k points with ascending output of the requested size', () => {
    const n = 100_000;
    const y = Float64Array.from({ length: n }, (_, i) => Math.cos(i / 500));
    y[77_777] = 1e9;
    const indices = lttb(range(n), y, 1000);
    expect(indices).toHaveLength(1000);
    expect(Array.from(indices)).toContain(77_777);
    expect(isAscending(indices)).toBe(true);
  });

  it('should handle a million points', () => {
    const n = 1_000_000;
    const indices = lttb(range(n), Float64Array.from({ length: n }, (_, i) => Math.sin(i)), 2000);
    expect(indices).toHaveLength(2000);
    expect(indices[1999]).toBe(n - 1);
  });
});

describe('pointsLabel', () => {
  it.each<[number, number, string]>([
    [2000, 100_000, 'showing 2,000 of 100,000 points'],
    [999, 1000, 'showing 999 of 1,000 points'],
    [1_234_567, 12_345_678, 'showing 1,234,567 of 12,345,678 points'],
    [0, 1, 'showing 0 of 1 point'],
    [5, 5, ''],
    [0, 0, ''],
    [7, 5, ''],
    [NaN, 5, ''],
  ])('should label %d of %d', (shown, total, expected) => {
    expect(pointsLabel(shown, total)).toBe(expected);
  });
});
