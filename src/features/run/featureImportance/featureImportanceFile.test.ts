import { describe, expect, it } from 'vitest';
import { FEATURE_IMPORTANCES_FILE, MAX_FEATURES, MAX_FILE_BYTES, checkFileSize, parseFeatureImportances, type ImportanceRead } from './featureImportanceFile';

const WINE = ['fixed acidity', 'volatile acidity', 'citric acid', 'residual sugar', 'chlorides', 'free sulfur dioxide', 'total sulfur dioxide', 'density', 'pH', 'sulphates', 'alcohol'];
const SHARES = [0.07, 0.12, 0.06, 0.06, 0.07, 0.05, 0.1, 0.08, 0.06, 0.13, 0.2];

function file(fields: Record<string, unknown>): string {
  return JSON.stringify({ method: 'mean_decrease_in_impurity', features: WINE, importances: SHARES, ...fields });
}

function message(read: ImportanceRead): string {
  if (read.ok) throw new Error('expected a problem, got a reading');
  return read.message;
}

describe('parseFeatureImportances', () => {
  it('should read the file the forest recipe writes, keeping the file order', () => {
    const read = parseFeatureImportances(file({}));
    expect(read).toEqual({ ok: true, value: { features: WINE, importances: SHARES, allZero: false } });
  });

  it('should accept a byte order mark, extra keys and shares that add up to 1 only after rounding', () => {
    const rounded = [0.3333, 0.3333, 0.3333];
    const read = parseFeatureImportances(`\ufeff${file({ features: ['a', 'b', 'c'], importances: rounded, n_trees: 200 })}`);
    expect(read.ok).toBe(true);
  });

  it('should accept all zeros (no tree made a split) and say so', () => {
    const read = parseFeatureImportances(file({ features: ['a', 'b'], importances: [0, 0] }));
    expect(read).toEqual({ ok: true, value: { features: ['a', 'b'], importances: [0, 0], allZero: true } });
  });

  it.each([
    ['not JSON', 'not json', /^feature_importances\.json is not valid JSON \(/],
    ['empty', '  \n', /^feature_importances\.json is empty$/],
    ['a list', '[1, 2]', /must be a JSON object with "method", "features" and "importances"; it is a list$/],
    ['null', 'null', /it is null$/],
    ['a number', '3', /it is 3$/],
  ])('should name the file and the problem when it is %s', (_, text, expected) => {
    expect(message(parseFeatureImportances(text))).toMatch(expected);
  });

  it("should explain NaN and Infinity, which Python's json.dumps writes but JSON does not allow", () => {
    const text = `{"method": "mean_decrease_in_impurity", "features": ["a", "b"], "importances": [NaN, 1]}`;
    expect(message(parseFeatureImportances(text))).toBe(
      'feature_importances.json holds NaN or Infinity, which is not valid JSON: every importance must be a finite number',
    );
    expect(message(parseFeatureImportances('{"importances": [-Infinity]}'))).toMatch(/holds NaN or Infinity/);
    // A column named "NaN" in a broken file is a syntax error, not a NaN.
    expect(message(parseFeatureImportances('{"features": ["NaN"], oops}'))).toMatch(/is not valid JSON/);
  });

  it('should refuse another importance method, or none, since the explanation is only right for impurity', () => {
    expect(message(parseFeatureImportances(file({ method: 'permutation' })))).toBe(
      'feature_importances.json has the method "permutation"; the run page can only explain "mean_decrease_in_impurity"',
    );
    expect(message(parseFeatureImportances(JSON.stringify({ features: ['a'], importances: [1] })))).toBe(
      'feature_importances.json has no "method"; expected "mean_decrease_in_impurity"',
    );
  });

  it('should refuse missing or mistyped lists', () => {
    expect(message(parseFeatureImportances(file({ features: undefined })))).toMatch(/needs "features", a list of column names; it has none$/);
    expect(message(parseFeatureImportances(file({ features: 'pH' })))).toMatch(/needs "features", a list of column names; it has "pH"$/);
    expect(message(parseFeatureImportances(file({ importances: { pH: 1 } })))).toMatch(/needs "importances", a list of numbers; it has an object$/);
    expect(message(parseFeatureImportances(file({ features: [], importances: [] })))).toMatch(/lists no features$/);
  });

  it('should say how many features and importances there are when the counts differ', () => {
    expect(message(parseFeatureImportances(file({ importances: SHARES.slice(1) })))).toBe(
      'feature_importances.json has 11 features but 10 importances: there must be one importance per feature',
    );
  });

  it('should refuse feature names that are not text, empty or repeated', () => {
    expect(message(parseFeatureImportances(file({ features: ['a', 7], importances: [0.5, 0.5] })))).toMatch(/has feature 2 as 7, not a column name \(text\)$/);
    expect(message(parseFeatureImportances(file({ features: ['a', ' '], importances: [0.5, 0.5] })))).toMatch(/has an empty name for feature 2$/);
    expect(message(parseFeatureImportances(file({ features: ['pH', 'a', 'pH'], importances: [0.2, 0.4, 0.4] })))).toMatch(
      /names the feature "pH" twice \(features 1 and 3\)$/,
    );
  });

  it('should refuse negative, null (JSON.stringify of NaN) and text importances, naming the feature', () => {
    expect(message(parseFeatureImportances(file({ features: ['a', 'pH'], importances: [1.2, -0.2] })))).toBe(
      'feature_importances.json has the importance of "pH" (number 2) as -0.2: an importance is a share of the total and is never negative',
    );
    expect(message(parseFeatureImportances(JSON.stringify({ method: 'mean_decrease_in_impurity', features: ['a', 'b'], importances: [1, Number.NaN] })))).toMatch(
      /the importance of "b" \(number 2\) as null, not a number$/,
    );
    expect(message(parseFeatureImportances(file({ features: ['a'], importances: ['1'] })))).toMatch(/as "1", not a number$/);
  });

  it('should refuse shares that do not add up to 1 (raw impurity decreases, say)', () => {
    expect(message(parseFeatureImportances(file({ features: ['a', 'b'], importances: [0.2, 0.1] })))).toBe(
      "feature_importances.json has importances that add up to 0.3, not 1: each should be its feature's share of the total",
    );
  });

  it('should read 10,000 features, and refuse more than the most it shows', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `x${i}`);
    const read = parseFeatureImportances(file({ features: many, importances: many.map(() => 1 / 10_000) }));
    expect(read.ok && read.value.features.length).toBe(10_000);
    const tooMany = Array.from({ length: MAX_FEATURES + 1 }, (_, i) => `x${i}`);
    expect(message(parseFeatureImportances(file({ features: tooMany, importances: tooMany.map(() => 0) })))).toBe(
      'feature_importances.json lists 100,001 features; the run page shows at most 100,000',
    );
  });

  it('should cut a huge hostile name short in messages', () => {
    const long = `${'<b>'.repeat(1000)}`;
    const text = message(parseFeatureImportances(file({ features: [long, long], importances: [0.5, 0.5] })));
    expect(text.length).toBeLessThan(200);
    expect(text).toContain('(3,000 characters)');
  });
});

describe('checkFileSize', () => {
  it('should let a normal file through and refuse a huge one, naming it', () => {
    expect(checkFileSize(2_000)).toBeNull();
    expect(checkFileSize(MAX_FILE_BYTES + 1)).toBe(`${FEATURE_IMPORTANCES_FILE} is 5.0 MB; the run page reads at most 5.0 MB (a forest's importances take a few kB)`);
    expect(message(parseFeatureImportances(' '.repeat(MAX_FILE_BYTES + 1)))).toMatch(/^feature_importances\.json is 5\.0 MB/);
  });
});
