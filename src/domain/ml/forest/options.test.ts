import { describe, expect, it } from 'vitest';
import type { ForestData, MaxFeatures } from './forest.types';
import { checkForestData, parseMaxFeatures, resolveForestOptions, resolveMaxFeatures } from './options';

describe('resolveForestOptions', () => {
  it("should fill in scikit-learn's defaults per task", () => {
    expect(resolveForestOptions({}, 'regression')).toEqual({ nEstimators: 100, maxDepth: null, minSamplesLeaf: 1, maxFeatures: 'all', bootstrap: true, seed: 0 });
    expect(resolveForestOptions({}, 'classification').maxFeatures).toBe('sqrt');
  });

  it.each([
    [{ nEstimators: 0 }, /nEstimators must be an integer ≥ 1, got 0/],
    [{ nEstimators: 2.5 }, /nEstimators/],
    [{ maxDepth: 0 }, /maxDepth must be null \(unlimited\) or an integer ≥ 1, got 0/],
    [{ minSamplesLeaf: -1 }, /minSamplesLeaf/],
    [{ maxFeatures: 0 }, /maxFeatures must be a fraction in \(0, 1\)/],
    [{ maxFeatures: 1.5 }, /maxFeatures must be a fraction/],
    [{ maxFeatures: 'half' as MaxFeatures }, /maxFeatures must be 'sqrt', 'log2', 'all' or a number, got half/],
    [{ seed: 0.5 }, /seed must be an integer/],
  ])('should reject %o', (options, message) => {
    expect(() => resolveForestOptions(options, 'regression')).toThrow(message);
  });
});

describe('resolveMaxFeatures', () => {
  it.each([
    ['all', 11, 11],
    ['sqrt', 11, 3],
    ['sqrt', 1, 1],
    ['log2', 11, 3],
    ['log2', 1, 1],
    [0.5, 11, 5],
    [0.01, 11, 1],
    // 0.3 × 10 = 3.0000000000000004 in doubles; int() and floor both give 3.
    [0.3, 10, 3],
    [1, 11, 1],
    [4, 11, 4],
  ] as const)('should resolve %s of %i features to %i', (maxFeatures, features, expected) => {
    expect(resolveMaxFeatures(maxFeatures, features)).toBe(expected);
  });

  it('should refuse a count above the feature count, as scikit-learn does', () => {
    expect(() => resolveMaxFeatures(12, 11)).toThrow(/maxFeatures = 12 is more than the 11 features/);
  });
});

describe('parseMaxFeatures', () => {
  it.each([
    ['sqrt', 'sqrt'],
    ['log2', 'log2'],
    ['None', 'all'],
    ['all', 'all'],
    ['1.0', 'all'],
    ['1.', 'all'],
    ['0.5', 0.5],
    ['.25', 0.25],
    ['1', 1],
    [' 7 ', 7],
  ] as const)("should read Python's %s as %s", (text, expected) => {
    expect(parseMaxFeatures(text)).toBe(expected);
  });

  it.each(['', 'auto', '0', '0.0', '1.5', '-1', 'NaN', '1e400x'])('should reject %j', (text) => {
    expect(() => parseMaxFeatures(text)).toThrow(/max_features must be/);
  });
});

describe('checkForestData', () => {
  const good = (): ForestData => ({ x: new Float32Array([1, 2, 3, 4]), y: new Float64Array([0, 1]), rows: 2, features: 2, task: 'classification' });

  it('should count the outputs: 1 for regression, K for classification', () => {
    expect(checkForestData({ ...good(), task: 'regression' })).toBe(1);
    expect(checkForestData(good())).toBe(2);
    expect(checkForestData({ ...good(), classes: 5 })).toBe(5);
  });

  it.each<[string, Partial<ForestData>, RegExp]>([
    ['a short x', { x: new Float32Array(3) }, /x has 3 values but rows × features = 2 × 2 = 4/],
    ['a short y', { y: new Float64Array(1) }, /y has 1 values but there are 2 rows/],
    ['a NaN input', { x: new Float32Array([1, 2, Number.NaN, 4]) }, /x at row 1, feature 0 is NaN/],
    ['an infinite input', { x: new Float32Array([Infinity, 2, 3, 4]) }, /x at row 0, feature 0 is Infinity/],
    ['a fractional class', { y: new Float64Array([0, 1.5]) }, /y\[1\] = 1.5 is not a class index/],
    ['a class beyond classes', { classes: 1 }, /y holds class 1 but classes = 1/],
    ['no rows', { rows: 0 }, /rows must be an integer ≥ 1/],
    ['a plain array', { x: [1, 2, 3, 4] as unknown as Float32Array }, /x must be a Float32Array/],
  ])('should reject %s', (_name, change, message) => {
    expect(() => checkForestData({ ...good(), ...change })).toThrow(message);
  });

  it('should reject a NaN regression target', () => {
    expect(() => checkForestData({ ...good(), task: 'regression', y: new Float64Array([1, Number.NaN]) })).toThrow(/y\[1\] is NaN; regression targets must be finite/);
  });
});
