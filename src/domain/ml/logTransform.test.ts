import { describe, expect, it } from 'vitest';
import { applyLog1p, fitLog1p, log1pValue } from './logTransform';

describe('fitLog1p', () => {
  it('chooses the columns whose training rows are all non-negative', () => {
    const columns = [
      Float64Array.from([0, 1, 2, -5]), // negative only in row 3
      Float64Array.from([-1, 1, 2, 3]), // negative in a training row
      Float64Array.from([0.5, Number.NaN, 1, 1]), // NaN is not ≥ 0
    ];
    expect(fitLog1p(columns, [0, 1, 2])).toEqual([true, false, false]);
    expect(fitLog1p(columns, [0, 1, 2, 3])).toEqual([false, false, false]);
  });

  it('chooses nothing when there are no training rows', () => {
    expect(fitLog1p([Float64Array.from([1, 2])], [])).toEqual([false]);
  });
});

describe('applyLog1p', () => {
  it('transforms only the chosen columns, into copies', () => {
    const a = Float64Array.from([0, Math.E - 1, 3]);
    const b = Float64Array.from([-2, 5, 7]);
    const [la, lb] = applyLog1p([a, b], [true, false]);
    expect(Array.from(la!)).toEqual([0, 1, Math.log(4)]);
    expect(lb).toBe(b);
    expect(Array.from(a)).toEqual([0, Math.E - 1, 3]);
  });

  it('maps a value below 0 in a chosen column to 0 rather than NaN', () => {
    expect(log1pValue(-3)).toBe(0);
    expect(log1pValue(-0.5)).toBe(0);
    expect(Array.from(applyLog1p([Float64Array.from([-0.5])], [true])[0]!)).toEqual([0]);
  });

  it('rejects a mask of the wrong length', () => {
    expect(() => applyLog1p([Float64Array.from([1])], [true, false])).toThrow(/2 entries but there are 1 columns/);
  });
});
