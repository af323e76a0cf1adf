import { describe, expect, it } from 'vitest';
import {
  BASELINE_METRICS,
  baselinePairOf,
  classificationBaselines,
  majorityClass,
  majorityClassAccuracy,
  meanPredictionErrors,
  regressionBaselines,
} from './baseline';

describe('majorityClass', () => {
  it('should pick the most frequent label', () => {
    expect(majorityClass([2, 0, 2, 1, 2, 0])).toBe(2);
  });

  it('should break a tie toward the smallest class index, as numpy argmax does', () => {
    expect(majorityClass([3, 1, 3, 1])).toBe(1);
    expect(majorityClass(Int32Array.of(1, 0))).toBe(0);
  });

  it('should refuse no labels and labels that are not class indices', () => {
    expect(() => majorityClass([])).toThrow('at least one label');
    expect(() => majorityClass([0, 1.5])).toThrow('labels[1] = 1.5 is not a class index');
  });
});

describe('majorityClassAccuracy', () => {
  it('should score the TRAINING majority on the test labels (hand-computed)', () => {
    // Train: class 0 ×3, class 1 ×2 → guess 0. Test: 0, 1, 1, 1 → 1 of 4 right.
    expect(majorityClassAccuracy([0, 0, 0, 1, 1], [0, 1, 1, 1])).toBe(0.25);
  });

  it('should give an Iris-like split its share of the majority class: 14 of 38', () => {
    const train = [...Array<number>(40).fill(0), ...Array<number>(36).fill(1), ...Array<number>(36).fill(2)];
    const test = [...Array<number>(10).fill(0), ...Array<number>(14).fill(1), ...Array<number>(14).fill(2)];
    expect(majorityClassAccuracy(train, test)).toBeCloseTo(10 / 38, 12);
  });

  it('should refuse an empty test set', () => {
    expect(() => majorityClassAccuracy([0], [])).toThrow('at least one test label');
  });
});

describe('meanPredictionErrors', () => {
  it('should score the training mean on the test targets (hand-computed)', () => {
    // Train mean = (1 + 2 + 3 + 6) / 4 = 3. Test errors: 3−1 = 2, 3−3 = 0, 3−7 = −4.
    const { rmse, mae } = meanPredictionErrors([1, 2, 3, 6], [1, 3, 7]);
    expect(rmse).toBeCloseTo(Math.sqrt((4 + 0 + 16) / 3), 12);
    expect(mae).toBeCloseTo((2 + 0 + 4) / 3, 12);
  });

  it('should use the training mean, not the test mean', () => {
    // Predicting the test mean (5) would give 0; the training mean (1) is 4 off everywhere.
    expect(meanPredictionErrors([1, 1], [5, 5])).toEqual({ rmse: 4, mae: 4 });
  });

  it('should refuse empty inputs', () => {
    expect(() => meanPredictionErrors([], [1])).toThrow('at least one training target');
    expect(() => meanPredictionErrors([1], [])).toThrow('at least one test target');
  });
});

describe('the logged baselines', () => {
  it('should name classification and regression baselines with the shared keys', () => {
    expect(classificationBaselines([1, 1, 0], [1, 0])).toEqual({ test_baseline_accuracy: 0.5 });
    // Train mean 3; test errors 0 and 2: RMSE √((0 + 4) / 2) = √2, MAE (0 + 2) / 2 = 1.
    const regression = regressionBaselines([2, 4], [3, 5]);
    expect(Object.keys(regression).sort()).toEqual(['test_baseline_mae', 'test_baseline_rmse']);
    expect(regression.test_baseline_rmse).toBeCloseTo(Math.SQRT2, 12);
    expect(regression.test_baseline_mae).toBe(1);
  });

  it('should pair each main test metric with its baseline', () => {
    expect(baselinePairOf('test_accuracy')?.baseline).toBe(BASELINE_METRICS.accuracy);
    expect(baselinePairOf('test_rmse')).toMatchObject({ baseline: 'test_baseline_rmse', baselineLabel: 'guessing the mean', higherIsBetter: false });
    expect(baselinePairOf('loss')).toBeUndefined();
  });
});
