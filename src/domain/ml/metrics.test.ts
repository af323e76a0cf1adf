import { describe, expect, it } from 'vitest';
import { accuracy, classificationReport, confusionMatrix, mae, r2, rmse, rocAuc, rocAucOvr } from './metrics';
import { createRandom } from './random';

const NaN_ = Number.NaN;
const INF = Number.POSITIVE_INFINITY;

// sklearn's documentation example: y = [3, −0.5, 2, 7], ŷ = [2.5, 0, 2, 8]
// errors 0.5, −0.5, 0, −1; squared 0.25 + 0.25 + 0 + 1 = 1.5; absolute 0.5 + 0.5 + 0 + 1 = 2.
const Y = [3, -0.5, 2, 7];
const YHAT = Float32Array.of(2.5, 0, 2, 8);

describe('rmse', () => {
  it.each([
    ['the sklearn example: sqrt(1.5 / 4) = sqrt(0.375)', Y, YHAT, Math.sqrt(0.375)],
    ['a perfect prediction', [1, 2, 3], [1, 2, 3], 0],
    ['one sample off by 3: sqrt(9 / 1)', [1], [4], 3],
    ['errors 1 and 3: sqrt((1 + 9) / 2) = sqrt(5)', [0, 0], [1, -3], Math.sqrt(5)],
  ])('should compute %s', (_label, yTrue, yPred, expected) => {
    expect(rmse(yTrue, yPred)).toBeCloseTo(expected, 12);
  });

  it('should return NaN when a prediction is NaN (a diverged model)', () => {
    expect(rmse([1, 2], [1, NaN_])).toBeNaN();
  });

  it('should name both lengths on a mismatch', () => {
    expect(() => rmse([1, 2, 3], [1, 2])).toThrow('yTrue has 3 values but yPred has 2');
  });

  it('should reject empty inputs', () => {
    expect(() => rmse([], [])).toThrow(/empty/);
  });
});

describe('mae', () => {
  it.each([
    ['the sklearn example: 2 / 4', Y, YHAT, 0.5],
    ['a perfect prediction', [5], [5], 0],
    ['errors 1 and −3: (1 + 3) / 2', [0, 0], [1, -3], 2],
  ])('should compute %s', (_label, yTrue, yPred, expected) => {
    expect(mae(yTrue, yPred)).toBeCloseTo(expected, 12);
  });

  it('should reject mismatched and empty inputs', () => {
    expect(() => mae([1], [1, 2])).toThrow('yTrue has 1 values but yPred has 2');
    expect(() => mae([], [])).toThrow(/empty/);
  });
});

describe('r2', () => {
  it.each([
    // ȳ = 11.5 / 4 = 2.875; deviations 0.125, −3.375, −0.875, 4.125;
    // Σ² = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; r2 = 1 − 1.5 / 29.1875 = 0.94860813704…
    ['the sklearn example', Y, YHAT, 1 - 1.5 / 29.1875],
    ['a perfect prediction', [1, 2, 3], [1, 2, 3], 1],
    // Predicting ȳ = 2 everywhere: residual (1 + 0 + 1) = total → 1 − 2/2 = 0.
    ['predicting the mean', [1, 2, 3], [2, 2, 2], 0],
    // Reversed: residual 4 + 0 + 4 = 8, total 2 → 1 − 8/2 = −3 (worse than the mean).
    ['a reversed prediction', [1, 2, 3], [3, 2, 1], -3],
    // Constant target: no variance to explain. Exact → 1, otherwise 0 (sklearn's force_finite).
    ['a constant target predicted exactly', [0.1, 0.1, 0.1], [0.1, 0.1, 0.1], 1],
    ['a constant target predicted wrongly', [0.1, 0.1, 0.1], [0.1, 0.2, 0.1], 0],
  ])('should compute %s', (_label, yTrue, yPred, expected) => {
    expect(r2(yTrue, yPred)).toBeCloseTo(expected, 12);
  });

  it.each([
    ['a single sample (not well defined, as sklearn)', [1], [1]],
    ['a NaN prediction', [1, 2, 3], [1, NaN_, 3]],
    ['a NaN prediction on a constant target', [2, 2], [2, NaN_]],
    ['a NaN target', [1, NaN_, 3], [1, 2, 3]],
  ])('should return NaN for %s', (_label, yTrue, yPred) => {
    expect(r2(yTrue, yPred)).toBeNaN();
  });

  it('should reject mismatched and empty inputs', () => {
    expect(() => r2([1, 2], [1])).toThrow('yTrue has 2 values but yPred has 1');
    expect(() => r2([], [])).toThrow(/empty/);
  });
});

describe('accuracy', () => {
  it.each([
    [[0, 1, 2, 2], [0, 2, 2, 1], 0.5], // positions 0 and 2 match: 2/4
    [[1, 1, 1], [1, 1, 1], 1],
    [[0, 0], [1, 1], 0],
    [Int32Array.of(3, 0, 3), Uint8Array.of(3, 0, 1), 2 / 3],
  ])('should score %j vs %j as %d', (yTrue, yPred, expected) => {
    expect(accuracy(yTrue, yPred)).toBeCloseTo(expected, 12);
  });

  it.each([
    [[0, NaN_], [0, 1], 'yTrue[1] = NaN is not a non-negative integer'],
    [[0, 1], [0, -1], 'yPred[1] = -1 is not a non-negative integer'],
    [[0, 1], [0.5, 1], 'yPred[0] = 0.5 is not a non-negative integer'],
  ])('should reject the labels %j / %j', (yTrue, yPred, message) => {
    expect(() => accuracy(yTrue, yPred)).toThrow(message);
  });

  it('should reject mismatched and empty inputs', () => {
    expect(() => accuracy([0, 1], [0])).toThrow('yTrue has 2 values but yPred has 1');
    expect(() => accuracy([], [])).toThrow(/empty/);
  });
});

describe('confusionMatrix', () => {
  it('should put true classes on rows and predictions on columns', () => {
    // pairs (true→pred): 0→0, 0→0, 0→1, 1→1, 1→2, 2→2
    expect(confusionMatrix([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], 3)).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('should include rows and columns for classes that never occur', () => {
    expect(confusionMatrix([1], [0], 3)).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('should return an all-zero matrix for empty inputs', () => {
    expect(confusionMatrix([], [], 2)).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it.each([
    [[0, 3], [0, 1], 3, 'yTrue[1] = 3 is not a class index in 0..2 (numClasses = 3)'],
    [[0, 1], [2, 1], 2, 'yPred[0] = 2 is not a class index in 0..1 (numClasses = 2)'],
    [[0, 1], [NaN_, 1], 2, 'yPred[0] = NaN is not a class index'],
    [[0], [0], 0, 'numClasses must be an integer ≥ 1, got 0'],
    [[0], [0], 1.5, 'numClasses must be an integer ≥ 1, got 1.5'],
    [[0, 1], [0], 2, 'yTrue has 2 values but yPred has 1'],
  ])('should reject %j / %j with numClasses %d', (yTrue, yPred, k, message) => {
    expect(() => confusionMatrix(yTrue, yPred, k)).toThrow(message);
  });
});

describe('classificationReport', () => {
  it('should match hand-computed precision, recall, f1, support and averages', () => {
    // Same pairs as the confusion-matrix test, plus a 4th class (3) that never occurs.
    // class 0: tp 2, predicted 2, support 3 → p 1, r 2/3, f1 = 2·2 / (3 + 2) = 0.8
    // class 1: tp 1, predicted 2, support 2 → p 1/2, r 1/2, f1 = 2 / (2 + 2) = 0.5
    // class 2: tp 1, predicted 2, support 1 → p 1/2, r 1, f1 = 2 / (1 + 2) = 2/3
    // class 3: nothing → all 0 (zero_division = 0), excluded from the macro average.
    // accuracy 4/6. macro p (1 + .5 + .5)/3 = 2/3; r (2/3 + 1/2 + 1)/3 = 13/18; f1 (4/5 + 1/2 + 2/3)/3 = 59/90
    // weighted p (3·1 + 2·.5 + 1·.5)/6 = 0.75; r (3·2/3 + 2·.5 + 1·1)/6 = 2/3; f1 (3·.8 + 2·.5 + 2/3)/6 = 61/90
    const report = classificationReport([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], 4);
    const expected = [
      [1, 2 / 3, 0.8, 3],
      [0.5, 0.5, 0.5, 2],
      [0.5, 1, 2 / 3, 1],
      [0, 0, 0, 0],
    ];
    report.perClass.forEach((s, c) => {
      const [p, r, f1, support] = expected[c] as number[];
      expect(s.precision).toBeCloseTo(p as number, 12);
      expect(s.recall).toBeCloseTo(r as number, 12);
      expect(s.f1).toBeCloseTo(f1 as number, 12);
      expect(s.support).toBe(support);
    });
    expect(report.labels).toEqual([0, 1, 2]);
    expect(report.accuracy).toBeCloseTo(4 / 6, 12);
    expect(report.macro.precision).toBeCloseTo(2 / 3, 12);
    expect(report.macro.recall).toBeCloseTo(13 / 18, 12);
    expect(report.macro.f1).toBeCloseTo(59 / 90, 12);
    expect(report.weighted.precision).toBeCloseTo(0.75, 12);
    expect(report.weighted.recall).toBeCloseTo(2 / 3, 12);
    expect(report.weighted.f1).toBeCloseTo(61 / 90, 12);
    expect(report.macro.support).toBe(6);
    expect(report.weighted.support).toBe(6);
  });

  it('should score 0 instead of dividing by zero for a class never predicted', () => {
    // yTrue [0, 1], yPred [0, 0]: class 1 predicted 0 times → precision 0/0 → 0; recall 0/1 = 0; f1 0/(1+0) = 0.
    // class 0: tp 1, predicted 2, support 1 → p 1/2, r 1, f1 2/(1+2) = 2/3.
    const report = classificationReport([0, 1], [0, 0], 2);
    expect(report.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(report.perClass[0]?.f1).toBeCloseTo(2 / 3, 12);
    expect(report.macro.precision).toBeCloseTo(0.25, 12); // (1/2 + 0) / 2
  });

  it('should average over a class that is only predicted, as sklearn does by default', () => {
    // yTrue [0, 0], yPred [0, 1]: class 1 has support 0 but was predicted → in labels.
    // class 0: tp 1, predicted 1, support 2 → p 1, r 1/2, f1 2/(2+1) = 2/3; class 1: all 0.
    // macro p 1/2, r 1/4, f1 1/3; weighted only class 0 (weight 2/2): p 1, r 1/2, f1 2/3.
    const report = classificationReport([0, 0], [0, 1], 3);
    expect(report.labels).toEqual([0, 1]);
    expect(report.macro.precision).toBeCloseTo(0.5, 12);
    expect(report.macro.recall).toBeCloseTo(0.25, 12);
    expect(report.macro.f1).toBeCloseTo(1 / 3, 12);
    expect(report.weighted).toEqual({ precision: 1, recall: 0.5, f1: expect.closeTo(2 / 3, 12) as number, support: 2 });
  });

  it('should be JSON-serialisable for logging as an artifact', () => {
    const report = classificationReport([0, 1, 1], [0, 1, 0], 2);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('should reject bad input like the other metrics', () => {
    expect(() => classificationReport([], [], 2)).toThrow(/empty/);
    expect(() => classificationReport([0, 5], [0, 1], 2)).toThrow('yTrue[1] = 5 is not a class index in 0..1 (numClasses = 2)');
    expect(() => classificationReport([0], [0, 1], 2)).toThrow('yTrue has 1 values but yPred has 2');
  });
});

/** Reference AUC by counting all positive–negative pairs, a tie counting 1/2 (O(n²)). */
function pairwiseAuc(labels: readonly number[], scores: readonly number[]): number {
  let wins = 0;
  let pairs = 0;
  labels.forEach((li, i) => {
    if (li !== 1) return;
    labels.forEach((lj, j) => {
      if (lj !== 0) return;
      pairs++;
      const si = scores[i] as number;
      const sj = scores[j] as number;
      wins += si > sj ? 1 : si === sj ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('rocAuc', () => {
  it.each([
    // sklearn's docs example. Ranks: 0.1→1, 0.35→2, 0.4→3, 0.8→4; positives 2 + 4 = 6;
    // U = 6 − P(P+1)/2 = 6 − 3 = 3; AUC = 3 / (2 · 2) = 0.75.
    ['the sklearn example', [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.75],
    // A tie across classes: sorted 0.2(−) | 0.5(−), 0.5(+) share rank 2.5 | 0.9(+) rank 4.
    // U = 2.5 + 4 − 3 = 3.5 → 3.5 / 4 = 0.875. Trapezoids: (0,0)→(0,.5)→(.5,1)→(1,1): 0 + .375 + .5 = .875.
    ['a tied positive and negative', [0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9], 0.875],
    ['a perfect ranking', [0, 0, 1], [1, 2, 3], 1],
    ['a reversed ranking', [1, 1, 0], [1, 2, 3], 0],
    ['all scores tied: every pair counts 1/2', [0, 1, 0, 1], [7, 7, 7, 7], 0.5],
    ['infinite scores', [0, 1], [-INF, INF], 1],
  ])('should compute %s', (_label, yTrue, scores, expected) => {
    expect(rocAuc(yTrue, scores)).toBeCloseTo(expected, 12);
  });

  it('should agree with pairwise counting on random data with many ties', () => {
    const random = createRandom(8);
    const labels = Array.from({ length: 300 }, () => (random() < 0.3 ? 1 : 0));
    const scores = labels.map((l) => Math.round((random() + 0.3 * l) * 10) / 10); // ~14 distinct values
    expect(rocAuc(labels, Float32Array.from(scores))).toBeCloseTo(pairwiseAuc(labels, scores.map(Math.fround)), 12);
  });

  it.each([
    [[1, 1], [0.2, 0.3], /Only one class present/],
    [[0, 0], [0.2, 0.3], /Only one class present/],
    [[0, 2], [0.2, 0.3], 'yTrue[1] = 2 is not a class index in 0..1'],
    [[0, 1], [0.2, NaN_], 'scores[1] is NaN'],
    [[0, 1], [0.2], 'yTrue has 2 values but scores has 1'],
    [[], [], /empty/],
  ])('should reject %j with scores %j', (yTrue, scores, message) => {
    expect(() => rocAuc(yTrue, scores)).toThrow(message);
  });
});

describe('rocAucOvr', () => {
  // yTrue [0, 1, 2, 2]; probability rows (class 0, 1, 2):
  //   [0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [0.3, 0.6, 0.1]
  // class 0: positive 0.6 beats 0.2, 0.1, 0.3 → 3/3 = 1
  // class 1: positive 0.5 beats 0.3, 0.3, loses to 0.6 → 2/3
  // class 2: positives 0.6, 0.1 vs negatives 0.1, 0.3: 0.6 wins 2; 0.1 ties 0.1 (½), loses 0.3 → 2.5/4 = 0.625
  // macro = (1 + 2/3 + 0.625) / 3 = (24 + 16 + 15) / 24 / 3 = 55/72 = 0.76388…
  const yTrue = [0, 1, 2, 2];
  const probs = [0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.1, 0.3, 0.6, 0.3, 0.6, 0.1];

  it('should average the one-vs-rest AUCs', () => {
    expect(rocAucOvr(yTrue, Float32Array.from(probs), 3)).toBeCloseTo(55 / 72, 6);
    expect(rocAucOvr(yTrue, probs, 3)).toBeCloseTo(55 / 72, 12);
  });

  it('should skip a class absent from yTrue', () => {
    // The same rows with a 4th column of zeros: class 3 has no positives, so it is skipped → still 55/72.
    const withAbsent = [0.6, 0.3, 0.1, 0, 0.2, 0.5, 0.3, 0, 0.1, 0.3, 0.6, 0, 0.3, 0.6, 0.1, 0];
    expect(rocAucOvr(yTrue, withAbsent, 4)).toBeCloseTo(55 / 72, 12);
  });

  it('should equal the binary AUC of class 1 for two classes', () => {
    // Two classes: class 0's AUC on column 0 equals class 1's on column 1 when rows sum to 1.
    const p1 = [0.1, 0.4, 0.35, 0.8];
    const rows = p1.flatMap((p) => [1 - p, p]);
    expect(rocAucOvr([0, 0, 1, 1], rows, 2)).toBeCloseTo(0.75, 12);
  });

  it.each([
    [[0, 0], [0.5, 0.5, 0.5, 0.5], 2, /Only one class present/],
    [yTrue, probs.slice(1), 3, 'probabilities has 11 values but yTrue.length × numClasses = 4 × 3 = 12'],
    [[0, 3], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 3, 'yTrue[1] = 3 is not a class index in 0..2 (numClasses = 3)'],
    [[0], [1], 1, 'numClasses must be an integer ≥ 2, got 1'],
    [[0, 1], [NaN_, 1, 0, 1], 2, 'probabilities[0] (row 0, class 0) is NaN'],
    [[], [], 2, /empty/],
  ])('should reject %j', (labels, p, k, message) => {
    expect(() => rocAucOvr(labels, p, k)).toThrow(message);
  });
});
