/**
 * Test-set evaluation every recipe logs after training: classification (accuracy, macro and
 * weighted precision/recall/F1, one-vs-rest ROC AUC, the per-class report and the confusion
 * matrix) or regression (rmse, mae, r2, and predicted-vs-actual and residual plots). Both log the
 * baselines of src/domain/ml/baseline.ts with the run (majority-class accuracy; the RMSE and MAE
 * of always predicting the training mean), which the run page's headline reads back, and the
 * test-set predictions as `predictions.csv` (format in src/domain/compare/evaluation.ts).
 */
import { classificationBaselines, regressionBaselines } from '../../../domain/ml/baseline';
import {
  accuracy,
  classificationReport,
  confusionMatrix,
  mae,
  r2,
  rmse,
  rocAucOvr,
} from '../../../domain/ml/metrics';
import {
  CLASSIFICATION_REPORT_FILE,
  CONFUSION_MATRIX_FILE,
  PREDICTIONS_FILE,
  classificationPredictionsCsv,
  confusionMatrixCsv,
  regressionPredictionsCsv,
  residuals as residualsOf,
} from '../../../domain/compare/evaluation';
import { scatterPng } from './plots';
import type { RecipeContext } from './runner.types';

export function argmaxRows(probabilities: Float32Array, numClasses: number): Int32Array {
  const rows = probabilities.length / numClasses;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let k = 1; k < numClasses; k++) {
      if ((probabilities[r * numClasses + k] as number) > (probabilities[r * numClasses + best] as number)) best = k;
    }
    out[r] = best;
  }
  return out;
}

/** `yTrain`: the training labels, whose majority class is the baseline (domain/ml/baseline.ts). */
export async function logClassificationEvaluation(
  context: RecipeContext,
  options: { yTrue: ArrayLike<number>; probabilities: Float32Array; labels: readonly string[]; yTrain: ArrayLike<number> },
): Promise<Record<string, number>> {
  const { client, runId } = context;
  const numClasses = options.labels.length;
  const predicted = argmaxRows(options.probabilities, numClasses);
  const report = classificationReport(options.yTrue, predicted, numClasses);
  const metrics: Record<string, number> = {
    test_accuracy: accuracy(options.yTrue, predicted),
    test_precision_macro: report.macro.precision,
    test_recall_macro: report.macro.recall,
    test_f1_macro: report.macro.f1,
    test_precision_weighted: report.weighted.precision,
    test_recall_weighted: report.weighted.recall,
    test_f1_weighted: report.weighted.f1,
    ...classificationBaselines(options.yTrain, options.yTrue),
  };
  try {
    metrics.test_roc_auc_ovr = rocAucOvr(options.yTrue, options.probabilities, numClasses);
  } catch {
    // Fewer than two classes in the test split: AUC is undefined, so it is not logged.
  }
  client.logMetrics(metrics, { runId });
  const matrix = confusionMatrix(options.yTrue, predicted, numClasses);
  const predictions = classificationPredictionsCsv({ yTrue: options.yTrue, predicted, probabilities: options.probabilities, labels: options.labels });
  // Separate writes, queued together: IndexedDB runs them in turn without waiting for this thread.
  await Promise.all([
    client.logDict(
      {
        labels: options.labels,
        classes: report.perClass.map((scores, k) => ({ label: options.labels[k], ...scores })),
        accuracy: report.accuracy,
        macro_avg: report.macro,
        weighted_avg: report.weighted,
      },
      CLASSIFICATION_REPORT_FILE,
      { runId },
    ),
    client.logText(confusionMatrixCsv(matrix, options.labels), CONFUSION_MATRIX_FILE, { runId }),
    client.logText(predictions, PREDICTIONS_FILE, { runId }),
  ]);
  return metrics;
}

export async function logRegressionEvaluation(
  context: RecipeContext,
  options: { yTrain: ArrayLike<number>; yTest: ArrayLike<number>; predictions: ArrayLike<number> },
): Promise<Record<string, number>> {
  const { client, runId } = context;
  const { yTest, predictions } = options;
  const metrics = {
    test_rmse: rmse(yTest, predictions),
    test_mae: mae(yTest, predictions),
    test_r2: r2(yTest, predictions),
    ...regressionBaselines(options.yTrain, yTest),
  };
  client.logMetrics(metrics, { runId });
  // Residual = actual − predicted, as the run page's residual view draws it.
  const residuals = residualsOf(yTest, predictions);
  const [predictedVsActual, residualPlot] = await Promise.all([
    scatterPng({ x: yTest, y: predictions, xLabel: 'actual', yLabel: 'predicted', diagonal: true }),
    scatterPng({ x: predictions, y: residuals, xLabel: 'predicted', yLabel: 'residual', zeroLine: true }),
  ]);
  // Separate writes, queued together, as above.
  await Promise.all([
    client.logText(regressionPredictionsCsv(yTest, predictions), PREDICTIONS_FILE, { runId }),
    predictedVsActual && client.logArtifact(predictedVsActual, 'plots/predicted_vs_actual.png', { runId }),
    residualPlot && client.logArtifact(residualPlot, 'plots/residuals.png', { runId }),
  ]);
  return metrics;
}
