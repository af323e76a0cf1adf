import { describe, expect, it } from 'vitest';
import { formatMetric } from './formatMetric';

describe('formatMetric', () => {
  it.each<[number, string]>([
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [3, '3'],
    [0.5, '0.5'],
    [0.001, '0.001'],
    [-0.25, '-0.25'],
    [0.123456, '0.12346'],
    [0.123456789, '0.12346'],
    [1 / 3, '0.33333'],
    [123.456789, '123.46'],
    [12_345.678, '12346'],
    [123_456, '123460'],
    [0.000999, '9.990e-4'],
    [1e-12, '1.000e-12'],
    [-1e-7, '-1.000e-7'],
    [Number.MIN_VALUE, '4.941e-324'],
    [1e6, '1.000e+6'],
    [1_234_567, '1.235e+6'],
    [-2.5e21, '-2.500e+21'],
    [Number.MAX_VALUE, '1.798e+308'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('should format %d as %s', (value, text) => {
    expect(formatMetric(value)).toBe(text);
  });

  it('should show a missing value as a dash', () => {
    expect(formatMetric(null)).toBe('—');
    expect(formatMetric(undefined)).toBe('—');
  });
});
