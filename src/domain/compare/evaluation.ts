/**
 * The test-set evaluation artifacts a training run logs, as text and back: `confusion_matrix.csv`,
 * `classification_report.json` and `predictions.csv` (writers used by the recipes, parsers used by
 * the run page's evaluation views), plus the curves drawn from them: one-vs-rest ROC curves and
 * regression residuals. Pure TypeScript; every parse error names the file and, for CSV, the line.
 *
 * This module gathers them in one import; each part lives in its own file:
 * - evaluationFiles.ts: the file names, the class limit and EvaluationFileError;
 * - evaluationWriters.ts: the CSV writers and number formats (and the predictions.csv layout);
 * - evaluationCsvReaders.ts: the confusion matrix and predictions parsers;
 * - classificationReportFile.ts: the classification report parser;
 * - evaluationCurves.ts: ROC curves and residuals.
 */
export {
  CLASSIFICATION_REPORT_FILE,
  CONFUSION_MATRIX_FILE,
  EvaluationFileError,
  MAX_EVALUATION_CLASSES,
  PREDICTIONS_FILE,
} from './evaluationFiles';
export {
  classificationPredictionsCsv,
  confusionMatrixCsv,
  csvCell,
  formatNumber,
  formatProbability,
  regressionPredictionsCsv,
} from './evaluationWriters';
export { parseConfusionMatrixCsv, parsePredictionsCsv, type ConfusionMatrix, type Predictions } from './evaluationCsvReaders';
export {
  locateJsonError,
  parseClassificationReport,
  type ClassScores,
  type ClassificationReportFile,
} from './classificationReportFile';
export { residuals, rocCurveOvr, type RocCurve } from './evaluationCurves';
