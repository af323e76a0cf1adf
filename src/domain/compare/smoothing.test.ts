import { describe, expect, it } from 'vitest';
import { clampSmoothing, smoothEma } from './smoothing';

const closeTo = (actual: Float64Array, expected: number[]): void => {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    if (Number.isFinite(e)) expect(a).toBeCloseTo(e, 10);
    else expect(Object.is(a, e)).toBe(true);
  });
};

describe('clampSmoothing', () => {
  it.each<[number, number]>([
    [0, 0],
    [0.5, 0.5],
    [0.999, 0.999],
    [1, 0.999],
    [5, 0.999],
    [Infinity, 0.999],
    [-0.2, 0],
    [-Infinity, 0],
    [NaN, 0],
  ])('should clamp %d to %d', (input, expected) => {
    expect(clampSmoothing(input)).toBe(expected);
  });
});

describe('smoothEma', () => {
  it.each<[string, number[], number, number[]]>([
    // w=0.5: last 0.5 → /0.5 = 1; last 1.25 → /0.75; last 2.125 → /0.875
    ['three points at 0.5', [1, 2, 3], 0.5, [1, 5 / 3, 17 / 7]],
    // w=0.9: last 1 → /0.1 = 10; last 0.9·1 + 0.1·0 = 0.9 → /0.19
    ['a drop at 0.9', [10, 0], 0.9, [10, 0.9 / 0.19]],
    ['a constant stays constant', [4, 4, 4, 4], 0.8, [4, 4, 4, 4]],
    ['weight 0 is the identity', [3, -1, 7.5], 0, [3, -1, 7.5]],
    ['a negative weight is 0', [3, -1], -1, [3, -1]],
    ['a NaN weight is 0', [3, -1], NaN, [3, -1]],
    ['one point is itself', [42], 0.99, [42]],
    ['empty', [], 0.5, []],
  ])('should smooth %s', (_name, values, weight, expected) => {
    closeTo(smoothEma(values, weight), expected);
  });

  it('should pass non-finite points through as gaps without updating the average', () => {
    // Finite points 1, 3 at w=0.5: 1, then last 0.5·0.5 + 1.5 = 1.75 → /0.75 = 7/3.
    closeTo(smoothEma([NaN, 1, Infinity, -Infinity, 3, NaN], 0.5), [NaN, 1, Infinity, -Infinity, 7 / 3, NaN]);
  });

  it('should give all-NaN input back unchanged', () => {
    closeTo(smoothEma([NaN, NaN], 0.6), [NaN, NaN]);
  });

  it('should clamp a weight of 1 to 0.999 so the curve still moves', () => {
    // w=0.999: 0 then last 0.001 → /(1 − 0.999²) = 0.001 / 0.001999
    closeTo(smoothEma([0, 1], 1), [0, 0.001 / (1 - 0.999 * 0.999)]);
  });

  it('should accept typed arrays and not modify the input', () => {
    const input = new Float32Array([2, 4]);
    const out = smoothEma(input, 0.5);
    expect(out).toBeInstanceOf(Float64Array);
    closeTo(out, [2, (0.5 * 2 * 0.5 + 2) / 0.75]);
    expect(Array.from(input)).toEqual([2, 4]);
  });

  it('should stay finite for huge values and long histories', () => {
    const values = new Float64Array(200_000).fill(1e300);
    values[100_000] = -1e300;
    const out = smoothEma(values, 0.999);
    expect(out.every((v) => Number.isFinite(v))).toBe(true);
    expect(out[99_999]).toBeCloseTo(1e300, -290);
    expect(out[199_999]).toBeCloseTo(1e300, -290);
    expect(out[100_000] as number).toBeLessThan(1e300);
  });

  it('should track a step change and end near the new level', () => {
    const values = [...Array<number>(50).fill(0), ...Array<number>(500).fill(10)];
    const out = smoothEma(values, 0.9);
    expect(out[49]).toBe(0);
    expect(out[50]).toBeCloseTo(10 * 0.1 / (1 - 0.9 ** 51), 10);
    expect(out[549]).toBeCloseTo(10, 10);
  });
});
