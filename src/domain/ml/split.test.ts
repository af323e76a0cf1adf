import { describe, expect, it } from 'vitest';
import { createRandom } from './random';
import { approximateMode, splitSizes, trainTestSplit, validationSplit } from './split';

const sorted = (a: Uint32Array): number[] => Array.from(a).sort((x, y) => x - y);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('splitSizes', () => {
  it.each([
    // test = ceil(n · f), train = n − test
    [10, 0.25, 7, 3], // ceil(2.5) = 3
    [1599, 0.25, 1199, 400], // red wine, MLflow's example split: ceil(399.75) = 400
    [4898, 0.25, 3673, 1225], // white wine: ceil(1224.5) = 1225
    [8982, 0.2, 7185, 1797], // ceil(1796.4) = 1797
    [2, 0.5, 1, 1], // ceil(1) = 1
    [3, 0.01, 2, 1], // ceil(0.03) = 1: every positive fraction takes at least one row
    [100, 0.07, 92, 8], // 0.07 × 100 = 7.000000000000001 in doubles → ceil 8, as sklearn
  ])('should split n=%i at testFraction=%d into %i train / %i test', (n, f, train, test) => {
    expect(splitSizes(n, f)).toEqual({ train, test });
  });

  it.each([[0], [1], [-0.1], [Number.NaN], [Number.POSITIVE_INFINITY]])('should reject testFraction %s', (f) => {
    expect(() => splitSizes(10, f)).toThrow(/testFraction must be strictly between 0 and 1/);
  });

  it.each([
    [0, 0.25], // test = 0, train = 0
    [1, 0.25], // test = ceil(0.25) = 1, train = 0
    [2, 0.9], // test = ceil(1.8) = 2, train = 0
  ])('should reject n=%i at %d because the train set would be empty', (n, f) => {
    expect(() => splitSizes(n, f)).toThrow(/train set would be empty/);
  });

  it.each([[-1], [2.5], [Number.NaN]])('should reject the row count %s', (n) => {
    expect(() => splitSizes(n, 0.5)).toThrow(/non-negative integer/);
  });
});

describe('trainTestSplit', () => {
  it('should partition every row exactly once with sklearn sizes', () => {
    const { train, test } = trainTestSplit(10, { testFraction: 0.25, seed: 1 });
    expect(train).toHaveLength(7);
    expect(test).toHaveLength(3);
    expect(sorted(Uint32Array.from([...train, ...test]))).toEqual(range(10));
  });

  it('should be deterministic per seed and differ across seeds', () => {
    const a = trainTestSplit(100, { testFraction: 0.3, seed: 42 });
    const b = trainTestSplit(100, { testFraction: 0.3, seed: 42 });
    const c = trainTestSplit(100, { testFraction: 0.3, seed: 43 });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.train)).toEqual(Array.from(b.train));
    expect(sorted(a.test)).not.toEqual(sorted(c.test));
  });

  it('should return shuffled (not sorted) train rows', () => {
    const { train } = trainTestSplit(100, { testFraction: 0.2, seed: 5 });
    expect(Array.from(train)).not.toEqual(sorted(train));
  });

  it('should keep class proportions when stratified', () => {
    // 6 rows of class 0, 4 of class 1; n = 10, test = ceil(0.3 · 10) = 3, train = 7.
    // Train allocation: 6/10·7 = 4.2 → 4, 4/10·7 = 2.8 → 2; one row missing goes to the larger
    // remainder (0.8, class 1) → train [4, 3]. Test from what is left [2, 1] → exactly [2, 1].
    const labels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
    const { train, test } = trainTestSplit(10, { testFraction: 0.3, seed: 7, stratifyBy: labels });
    const countOf = (rows: Uint32Array, c: number): number => Array.from(rows).filter((r) => labels[r] === c).length;
    expect([countOf(train, 0), countOf(train, 1)]).toEqual([4, 3]);
    expect([countOf(test, 0), countOf(test, 1)]).toEqual([2, 1]);
    expect(sorted(Uint32Array.from([...train, ...test]))).toEqual(range(10));
  });

  it('should stratify string labels and be deterministic', () => {
    const labels = ['b', 'a', 'b', 'a', 'b', 'a', 'b', 'a'];
    const a = trainTestSplit(8, { testFraction: 0.5, seed: 3, stratifyBy: labels });
    const b = trainTestSplit(8, { testFraction: 0.5, seed: 3, stratifyBy: labels });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    // 4 'a' and 4 'b', test = 4: 4/8·4 = 2 each, exact.
    expect(Array.from(a.test).filter((r) => labels[r] === 'a')).toHaveLength(2);
  });

  it('should reject a stratify column of the wrong length', () => {
    expect(() => trainTestSplit(4, { testFraction: 0.5, seed: 1, stratifyBy: [0, 1, 0] })).toThrow(
      'stratifyBy has 3 labels but there are 4 rows',
    );
  });

  it('should reject a class with a single row', () => {
    expect(() => trainTestSplit(5, { testFraction: 0.4, seed: 1, stratifyBy: [0, 0, 1, 1, 2] })).toThrow(/only 1 row/);
  });

  it('should reject a test set smaller than the number of classes', () => {
    // 3 classes × 3 rows, test = ceil(0.2 · 9) = ceil(1.8) = 2 < 3 classes.
    expect(() => trainTestSplit(9, { testFraction: 0.2, seed: 1, stratifyBy: [0, 0, 0, 1, 1, 1, 2, 2, 2] })).toThrow(
      'The test set (2 rows) must have at least one row per class (3 classes)',
    );
  });

  it('should reject NaN labels', () => {
    expect(() => trainTestSplit(4, { testFraction: 0.5, seed: 1, stratifyBy: [0, Number.NaN, 0, 1] })).toThrow('stratifyBy[1] is NaN');
  });
});

describe('approximateMode', () => {
  it('should give exact shares when they are whole numbers', () => {
    // [2, 4, 6] of 12 drawing 6: 2/12·6 = 1, 4/12·6 = 2, 6/12·6 = 3.
    expect(approximateMode([2, 4, 6], 6, createRandom(0))).toEqual([1, 2, 3]);
  });

  it('should hand leftovers to the largest remainders', () => {
    // [5, 3, 2] of 10 drawing 4: 2.0, 1.2, 0.8 → floors [2, 1, 0], one missing, largest remainder 0.8 → [2, 1, 1].
    expect(approximateMode([5, 3, 2], 4, createRandom(0))).toEqual([2, 1, 1]);
  });

  it('should break ties at random but deterministically per seed', () => {
    // [3, 3, 3] drawing 4: 4/3 = 1.333 each → floors [1, 1, 1]; one extra to one tied class.
    const results = range(20).map((seed) => approximateMode([3, 3, 3], 4, createRandom(seed)));
    for (const r of results) expect([...r].sort()).toEqual([1, 1, 2]);
    expect(new Set(results.map((r) => r.indexOf(2))).size).toBeGreaterThan(1);
    expect(approximateMode([3, 3, 3], 4, createRandom(11))).toEqual(approximateMode([3, 3, 3], 4, createRandom(11)));
  });
});

describe('validationSplit', () => {
  it.each([
    // splitAt = floor(n · (1 − f))
    [10, 0.1, 9], // 10 × 0.9 = 9
    [10, 0.25, 7], // 7.5 → 7
    [7, 0.3, 4], // 7 × 0.7 = 4.8999999999999995 → 4 (Keras's own float rounding)
    [8083, 0.1, 7274], // 8083 × 0.9 = 7274.7 → 7274
  ])('should keep the first floor(%i × (1 − %d)) = %i rows for training', (n, f, splitAt) => {
    const rows = Uint32Array.from(range(n), (i) => 1000 + i);
    const { train, validation } = validationSplit(rows, f);
    expect(train).toHaveLength(splitAt);
    expect(validation).toHaveLength(n - splitAt);
    expect(train[0]).toBe(1000);
    expect(validation[0]).toBe(1000 + splitAt); // the tail, in order, unshuffled
    expect(validation[validation.length - 1]).toBe(1000 + n - 1);
  });

  it('should return copies, not views', () => {
    const rows = Uint32Array.of(4, 5, 6, 7);
    const { train } = validationSplit(rows, 0.5);
    train[0] = 99;
    expect(rows[0]).toBe(4);
  });

  it.each([[0], [1], [1.5], [Number.NaN]])('should reject the fraction %s', (f) => {
    expect(() => validationSplit([1, 2, 3], f)).toThrow(/Validation fraction must be strictly between 0 and 1/);
  });

  it.each([
    [[], 0.1], // floor(0) = 0 train rows
    [[3], 0.1], // floor(0.9) = 0 train rows
    [[1, 2, 3], 1e-17], // 1 − 1e-17 = 1 in doubles → splitAt 3, nothing to validate on
  ])('should reject %j at %d because one part would be empty', (rows, f) => {
    expect(() => validationSplit(rows, f)).toThrow(/both need at least one row/);
  });
});
