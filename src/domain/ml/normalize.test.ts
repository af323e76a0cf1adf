import { describe, expect, it } from 'vitest';
import { applyStandardizer, fitStandardizer } from './normalize';
import type { RowMajorMatrix } from './normalize';

// Three rows × two columns:
//   row 0: [1, 100]
//   row 1: [3, 200]
//   row 2: [1000, -5]   ← a "test" row, excluded when fitting on rows [0, 1]
const matrix: RowMajorMatrix = { data: Float32Array.of(1, 100, 3, 200, 1000, -5), rows: 3, cols: 2 };

describe('fitStandardizer', () => {
  it('should fit on the given training rows only', () => {
    // Column 0 over rows 0,1: mean (1+3)/2 = 2; deviations ±1; population variance (1+1)/2 = 1 → std 1.
    // Column 1: mean (100+200)/2 = 150; deviations ±50; variance 2500 → std 50.
    expect(fitStandardizer(matrix, [0, 1])).toEqual({ mean: [2, 150], std: [1, 50] });
  });

  it.each([
    // [2, 4, 4, 4, 5, 5, 7, 9]: sum 40 → mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; 32/8 = 4 → std 2.
    ['the textbook column', [2, 4, 4, 4, 5, 5, 7, 9], 5, 2],
    // [1, 2, 3, 4]: mean 2.5; squares 2.25+0.25+0.25+2.25 = 5; 5/4 = 1.25 → std √1.25 = 1.1180339887498949.
    ['1..4', [1, 2, 3, 4], 2.5, Math.sqrt(1.25)],
    // A single row: variance 0 → treated as constant → std 1.
    ['a single value', [42], 42, 1],
  ])('should compute the population mean and std of %s', (_label, column, mean, std) => {
    const stats = fitStandardizer([column]);
    expect(stats.mean[0]).toBeCloseTo(mean, 12);
    expect(stats.std[0]).toBeCloseTo(std, 12);
  });

  it('should give a constant column mean = its value and std = 1, even when the float mean would drift', () => {
    // Ten copies of 0.1: summing them in doubles gives 0.9999999999999999, /10 ≠ 0.1 exactly;
    // the min === max check pins mean to exactly 0.1 so the column maps to exactly 0.
    const column = new Array<number>(10).fill(0.1);
    expect(fitStandardizer([column])).toEqual({ mean: [0.1], std: [1] });
    expect(Array.from(applyStandardizer([column], fitStandardizer([column])))).toEqual(new Array<number>(10).fill(0));
  });

  it('should accept columns and row-major data with the same result', () => {
    const columns = [Float32Array.of(1, 3, 1000), [100, 200, -5]];
    expect(fitStandardizer(columns, Uint32Array.of(0, 1))).toEqual(fitStandardizer(matrix, Uint32Array.of(0, 1)));
  });

  it('should produce statistics that survive a JSON round trip', () => {
    const stats = fitStandardizer(matrix);
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
    expect(Array.isArray(stats.mean)).toBe(true);
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('should reject %s among the fitted values, naming row and column', (label, bad) => {
    const data = { data: [1, 2, 3, bad], rows: 2, cols: 2 };
    expect(() => fitStandardizer(data)).toThrow(`value ${label} at row 1, column 1`);
  });

  it('should ignore NaN in rows it does not fit on', () => {
    const data = { data: [1, 2, 3, Number.NaN], rows: 2, cols: 2 };
    expect(fitStandardizer(data, [0])).toEqual({ mean: [1, 2], std: [1, 1] });
  });

  it('should reject zero rows', () => {
    expect(() => fitStandardizer(matrix, [])).toThrow('Cannot fit a standardizer on zero rows');
    expect(() => fitStandardizer({ data: [], rows: 0, cols: 3 })).toThrow(/zero rows/);
  });

  it('should return empty stats for a matrix with no columns', () => {
    expect(fitStandardizer({ data: [], rows: 4, cols: 0 })).toEqual({ mean: [], std: [] });
  });

  it.each([
    [[3], 'Row index 3 (at position 0) is outside the matrix\'s 3 rows'],
    [[0, -1], 'Row index -1 (at position 1)'],
    [[0.5], 'Row index 0.5'],
  ])('should reject out-of-range row indices %j', (rows, message) => {
    expect(() => fitStandardizer(matrix, rows)).toThrow(message);
  });

  it('should reject a shape that does not match the data', () => {
    expect(() => fitStandardizer({ data: [1, 2, 3], rows: 2, cols: 2 })).toThrow(
      'Matrix data has 3 values but its shape 2 × 2 needs 4',
    );
  });

  it('should reject ragged columns', () => {
    expect(() => fitStandardizer([[1, 2, 3], [1, 2]])).toThrow('Column 1 has 2 rows but column 0 has 3');
  });
});

describe('applyStandardizer', () => {
  const stats = { mean: [2, 150], std: [1, 50] };

  it('should standardise every row into a row-major Float32Array', () => {
    // row 0: (1−2)/1 = −1, (100−150)/50 = −1
    // row 1: (3−2)/1 = 1,  (200−150)/50 = 1
    // row 2: (1000−2)/1 = 998, (−5−150)/50 = −3.1
    const out = applyStandardizer(matrix, stats);
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([-1, -1, 1, 1, 998, Math.fround(-3.1)]);
  });

  it('should gather only the requested rows, in the requested order', () => {
    expect(Array.from(applyStandardizer(matrix, stats, [2, 0]))).toEqual([998, Math.fround(-3.1), -1, -1]);
  });

  it('should propagate NaN inputs as NaN outputs', () => {
    const out = applyStandardizer({ data: [Number.NaN, 200], rows: 1, cols: 2 }, stats);
    expect(Number.isNaN(out[0])).toBe(true);
    expect(out[1]).toBe(1);
  });

  it('should reject stats fitted on a different number of columns', () => {
    expect(() => applyStandardizer(matrix, { mean: [0], std: [1] })).toThrow(
      'Standardizer stats have 1 means and 1 stds but the matrix has 2 columns',
    );
  });

  it.each([[0], [-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('should reject a std of %s', (s) => {
    expect(() => applyStandardizer(matrix, { mean: [0, 0], std: [1, s] })).toThrow(/std for column 1 must be positive and finite/);
  });

  it('should return an empty array for no rows', () => {
    expect(applyStandardizer(matrix, stats, [])).toHaveLength(0);
  });
});
