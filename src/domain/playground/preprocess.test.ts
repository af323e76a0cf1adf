import { describe, expect, it } from 'vitest';
import { applyLog1p } from '../ml/logTransform';
import { applyStandardizer } from '../ml/normalize';
import { buildVocabulary, toDense, tokenize, vectorize } from '../ml/vectorizer';
import type { TabularTransform } from './playgroundModel';
import { tabularInputs, textInputs, toRawRows } from './preprocess';

const transform: TabularTransform = { features: ['sugar', 'temp'], log1pFeatures: ['sugar'], mean: [1.2, 20], std: [0.5, 4] };

describe('tabularInputs', () => {
  it('should log-transform the log1p features, then standardise, as training did', () => {
    const rows = [
      [2.5, 18],
      [0, 26.5],
      [-3, 20],
    ];
    const x = tabularInputs(rows, transform, 2);
    const columns = [Float64Array.from(rows, (r) => r[0] as number), Float64Array.from(rows, (r) => r[1] as number)];
    // Bit for bit what prepareTable computes from the same raw columns.
    expect(x).toEqual(applyStandardizer(applyLog1p(columns, [true, false]), transform));
    expect(x[0]).toBeCloseTo((Math.log1p(2.5) - 1.2) / 0.5, 6);
    expect(x[4]).toBeCloseTo((0 - 1.2) / 0.5, 6); // a negative value in a log1p column counts as 0
  });

  it('should pass rows through when the model has no preprocessing, and refuse a wrong width', () => {
    expect(Array.from(tabularInputs([[1, 2]], null, 2))).toEqual([1, 2]);
    expect(() => tabularInputs([[1, 2, 3]], transform, 2)).toThrow('Row 1 has 3 values; the model takes 2.');
  });
});

describe('toRawRows', () => {
  it('should undo the standardisation and the log transform, rounded as typed', () => {
    const raw = [
      [3.7, 21.5],
      [0, 12.25],
    ];
    const model = tabularInputs(raw, transform, 2);
    const rows = [Array.from(model.subarray(0, 2)), Array.from(model.subarray(2, 4))];
    expect(toRawRows(rows, transform)).toEqual(raw);
  });
});

describe('textInputs', () => {
  it('should vectorise with the vocabulary and mode, like the text recipe', () => {
    const vocabulary = buildVocabulary([tokenize('wheat corn wheat'), tokenize('oil crude')], { maxWords: 10 });
    const x = textInputs(['Wheat and OIL, wheat!', ''], { vocabulary, mode: 'count', idf: null });
    expect(x).toEqual(toDense([vectorize(tokenize('wheat and oil wheat'), vocabulary, 'count'), vectorize([], vocabulary, 'count')], 10));
    expect(x[1]).toBe(2); // "wheat", the most frequent word, is column 1
  });
});
