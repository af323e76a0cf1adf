import { describe, expect, it } from 'vitest';
import { MISSING_TICK, niceTicks, withMissingTick } from './parallelMissing';

const format = (v: number) => String(v);

describe('withMissingTick', () => {
  it('should leave a dimension with no missing value as it is', () => {
    const dim = { label: 'params.lr', values: [0.1, 0.01], range: [0.01, 0.1] as [number, number] };
    expect(withMissingTick(dim, format)).toBe(dim);
  });

  it('should put missing numbers on a "(missing)" tick below the lowest value, with round ticks above it', () => {
    const dim = withMissingTick({ label: 'params.units', values: [16, NaN, 64], range: [16, 64] }, format);
    expect(dim.values.every(Number.isFinite)).toBe(true);
    expect(dim.values[1]).toBeCloseTo(16 - 48 / 5, 12);
    expect(dim.ticktext?.[0]).toBe(MISSING_TICK);
    expect(dim.tickvals?.slice(1)).toEqual([20, 30, 40, 50, 60]);
    expect(dim.ticktext?.slice(1)).toEqual(['20', '30', '40', '50', '60']);
    expect(dim.range).toEqual([dim.values[1], 64]);
  });

  it('should put missing categories on a "(missing)" tick before the first category', () => {
    const dim = withMissingTick({ label: 'params.opt', values: [1, NaN, 0], tickvals: [0, 1], ticktext: ['adam', 'sgd'], range: [0, 1] }, format);
    expect(dim).toMatchObject({ values: [1, -1, 0], tickvals: [-1, 0, 1], ticktext: [MISSING_TICK, 'adam', 'sgd'], range: [-1, 1] });
  });

  it('should give a single value and an all-missing column a usable axis', () => {
    expect(withMissingTick({ label: 'p', values: [3, NaN], range: [1.5, 4.5] }, format)).toMatchObject({ tickvals: [3 - 0.6, 3], ticktext: [MISSING_TICK, '3'], range: [2.4, 3.6] });
    expect(withMissingTick({ label: 'p', values: [NaN, NaN], range: [0, 1] }, format)).toMatchObject({ values: [0, 0], ticktext: [MISSING_TICK], range: [-1, 1] });
  });
});

describe('niceTicks', () => {
  it.each<[number, number, number[]]>([
    [0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0.001, 0.1, [0.02, 0.04, 0.06, 0.08, 0.1]],
    [-3, 7, [-2, 0, 2, 4, 6]],
    [5, 5, [5]],
  ])('should give round ticks within [%d, %d]', (min, max, ticks) => {
    expect(niceTicks(min, max)).toEqual(ticks);
  });
});
