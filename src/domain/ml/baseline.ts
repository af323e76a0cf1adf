/**
 * Baselines: the score of a model that ignores its inputs, so a beginner can tell whether a
 * trained model learned anything. One home for them: the recipes' evaluation logs them as metrics
 * with each run (names below), and the run page, the Train panel and any other feature read them
 * back from the run instead of computing them again.
 *
 * - Classifiers: always guessing the class that is most frequent in the TRAINING labels
 *   (scikit-learn's DummyClassifier(strategy='most_frequent')), scored by accuracy on the test set.
 * - Regressors: always predicting the TRAINING targets' mean (DummyRegressor(strategy='mean')),
 *   scored by RMSE and MAE on the test set.
 */
import { mae, rmse } from './metrics';

/** The metric keys baselines are logged under, next to the test metric each one is compared with. */
export const BASELINE_METRICS = {
  accuracy: 'test_baseline_accuracy',
  rmse: 'test_baseline_rmse',
  mae: 'test_baseline_mae',
} as const;

/** True for a baseline's key: a yardstick logged beside a score, never a run's main metric. */
export function isBaselineMetric(key: string): boolean {
  return (Object.values(BASELINE_METRICS) as string[]).includes(key);
}

/** A run's main test metric paired with the baseline it is read against, and both in words. */
export interface BaselinePair {
  readonly metric: string;
  /** The metric in words, e.g. "test accuracy". */
  readonly label: string;
  readonly baseline: string;
  /** What the baseline model does, e.g. "always guessing the majority class". */
  readonly baselineLabel: string;
  readonly higherIsBetter: boolean;
}

/** The headline pairs, in the order a run's main metric is looked for. */
export const BASELINE_PAIRS: readonly BaselinePair[] = [
  { metric: 'test_accuracy', label: 'test accuracy', baseline: BASELINE_METRICS.accuracy, baselineLabel: 'always guessing the majority class', higherIsBetter: true },
  { metric: 'test_rmse', label: 'test RMSE', baseline: BASELINE_METRICS.rmse, baselineLabel: 'guessing the mean', higherIsBetter: false },
  { metric: 'test_mae', label: 'test MAE', baseline: BASELINE_METRICS.mae, baselineLabel: 'guessing the mean', higherIsBetter: false },
];

/**
 * The class most frequent in `labels` (class indices); a tie goes to the smallest index, as
 * numpy's argmax of the counts (and so scikit-learn's DummyClassifier) picks it.
 */
export function majorityClass(labels: ArrayLike<number>): number {
  if (labels.length === 0) throw new RangeError('majorityClass needs at least one label');
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label) || label < 0) throw new RangeError(`labels[${i}] = ${String(label)} is not a class index`);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  let best = -1;
  let bestCount = 0;
  for (const [label, count] of counts) {
    if (count > bestCount || (count === bestCount && label < best)) {
      best = label;
      bestCount = count;
    }
  }
  return best;
}

/** Accuracy on `testLabels` of always guessing the training labels' majority class. */
export function majorityClassAccuracy(trainLabels: ArrayLike<number>, testLabels: ArrayLike<number>): number {
  if (testLabels.length === 0) throw new RangeError('majorityClassAccuracy needs at least one test label');
  const guess = majorityClass(trainLabels);
  let correct = 0;
  for (let i = 0; i < testLabels.length; i++) if (testLabels[i] === guess) correct += 1;
  return correct / testLabels.length;
}

/** RMSE and MAE on `testTargets` of always predicting the training targets' mean. */
export function meanPredictionErrors(trainTargets: ArrayLike<number>, testTargets: ArrayLike<number>): { rmse: number; mae: number } {
  if (trainTargets.length === 0) throw new RangeError('meanPredictionErrors needs at least one training target');
  if (testTargets.length === 0) throw new RangeError('meanPredictionErrors needs at least one test target');
  let sum = 0;
  for (let i = 0; i < trainTargets.length; i++) sum += trainTargets[i] as number;
  const guesses = new Float64Array(testTargets.length).fill(sum / trainTargets.length);
  return { rmse: rmse(testTargets, guesses), mae: mae(testTargets, guesses) };
}

/** The baseline metrics a classifier's evaluation logs. */
export function classificationBaselines(trainLabels: ArrayLike<number>, testLabels: ArrayLike<number>): Record<string, number> {
  return { [BASELINE_METRICS.accuracy]: majorityClassAccuracy(trainLabels, testLabels) };
}

/** The baseline metrics a regressor's evaluation logs. */
export function regressionBaselines(trainTargets: ArrayLike<number>, testTargets: ArrayLike<number>): Record<string, number> {
  const errors = meanPredictionErrors(trainTargets, testTargets);
  return { [BASELINE_METRICS.rmse]: errors.rmse, [BASELINE_METRICS.mae]: errors.mae };
}

/** The pair a metric key heads, if it is one of the main test metrics with a baseline. */
export function baselinePairOf(metricKey: string): BaselinePair | undefined {
  return BASELINE_PAIRS.find((pair) => pair.metric === metricKey);
}
