/**
 * What a run's evaluation files say once parsed: the content of each evaluation view, or a readable
 * reason when it cannot be drawn (a file is malformed, or was never logged).
 */
import {
  CLASSIFICATION_REPORT_FILE,
  CONFUSION_MATRIX_FILE,
  PREDICTIONS_FILE,
  parseClassificationReport,
  parseConfusionMatrixCsv,
  parsePredictionsCsv,
  rocCurveOvr,
  type ClassScores,
  type ConfusionMatrix,
  type RocCurve,
} from '../../domain/compare/evaluation';
import { classificationReport, confusionMatrix } from '../../domain/ml/metrics';
import type { EvaluationFile } from './evaluationFiles';

/** A view's content, or why it cannot be drawn (`error`: a file is malformed; `missing`: not logged). */
export type Section<T> = { state: 'ready'; value: T } | { state: 'error'; message: string } | { state: 'missing'; message: string };

export interface PerClassRow extends ClassScores {
  label: string;
}

export interface PerClassTable {
  rows: PerClassRow[];
  accuracy: number;
  macro: ClassScores;
  weighted: ClassScores;
}

export interface RocResult {
  curves: RocCurve[];
  /** Labels of classes without a curve (no test example of the class, or only such examples). */
  skipped: string[];
}

export type EvaluationModel =
  | { task: 'none'; legacyPlots: boolean }
  | { task: 'classification'; confusion: Section<ConfusionMatrix>; perClass: Section<PerClassTable>; roc: Section<RocResult> }
  | { task: 'regression'; points: Section<{ yTrue: Float64Array; yPred: Float64Array }> };

function attempt<T>(fn: () => T): Section<T> {
  try {
    return { state: 'ready', value: fn() };
  } catch (error) {
    return { state: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

const NO_PREDICTIONS =
  'This run has no predictions.csv (it was trained before Trainyard logged the test-set predictions), so this view cannot be drawn. Re-run it to get one.';

/**
 * Everything the views need from a run's evaluation files (text per file; absent when not
 * logged). The confusion matrix and per-class scores come from their own files, or are computed
 * from predictions.csv when only that exists; ROC curves need predictions.csv.
 */
export function evaluationModel(texts: Partial<Record<EvaluationFile, string>>, legacyPlots = false): EvaluationModel {
  const predictionsText = texts[PREDICTIONS_FILE];
  const predictions = predictionsText === undefined ? null : attempt(() => parsePredictionsCsv(predictionsText));
  const confusionText = texts[CONFUSION_MATRIX_FILE];
  const reportText = texts[CLASSIFICATION_REPORT_FILE];
  const regression = predictions?.state === 'ready' && predictions.value.task === 'regression' ? predictions.value : null;
  if (regression && confusionText === undefined && reportText === undefined) {
    return { task: 'regression', points: { state: 'ready', value: { yTrue: regression.yTrue, yPred: regression.yPred } } };
  }
  if (predictions === null && confusionText === undefined && reportText === undefined) return { task: 'none', legacyPlots };
  if (predictions?.state === 'error' && confusionText === undefined && reportText === undefined) {
    // Cannot tell the task from a broken file: show the error where both tasks would.
    return { task: 'regression', points: predictions };
  }
  const classification = predictions?.state === 'ready' && predictions.value.task === 'classification' ? predictions.value : null;
  const predictionsProblem: Section<never> =
    predictions === null
      ? { state: 'missing', message: NO_PREDICTIONS }
      : predictions.state === 'error'
        ? predictions
        : { state: 'error', message: `${PREDICTIONS_FILE} holds regression predictions, but this run also logged a classification report.` };

  let confusion: Section<ConfusionMatrix>;
  if (confusionText !== undefined) confusion = attempt(() => parseConfusionMatrixCsv(confusionText));
  else if (classification) {
    confusion = attempt(() => ({
      labels: classification.labels,
      counts: confusionMatrix(classification.yTrue, classification.yPred, classification.labels.length),
    }));
  } else confusion = predictionsProblem;

  let perClass: Section<PerClassTable>;
  if (reportText !== undefined) {
    perClass = attempt(() => {
      const report = parseClassificationReport(reportText);
      return { rows: report.classes, accuracy: report.accuracy, macro: report.macroAvg, weighted: report.weightedAvg };
    });
  } else if (classification) {
    perClass = attempt(() => {
      const report = classificationReport(classification.yTrue, classification.yPred, classification.labels.length);
      return {
        rows: report.perClass.map((scores, k) => ({ label: classification.labels[k] as string, ...scores })),
        accuracy: report.accuracy,
        macro: report.macro,
        weighted: report.weighted,
      };
    });
  } else perClass = predictionsProblem;

  const roc: Section<RocResult> = classification
    ? attempt(() => {
        const all = rocCurveOvr(classification.yTrue, classification.probabilities, classification.labels.length, classification.labels);
        return { curves: all.filter((c) => c.auc !== null), skipped: all.filter((c) => c.auc === null).map((c) => c.label) };
      })
    : predictionsProblem;
  return { task: 'classification', confusion, perClass, roc };
}
