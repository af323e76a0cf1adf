/**
 * Pure logic of the per-run evaluation views (EvaluationViews.tsx), gathered in one import:
 * which artifacts a run has (evaluationFiles.ts), what they say once parsed, with a readable reason
 * when a view cannot be drawn (evaluationModel.ts), the Plotly figures (classificationFigures.ts:
 * confusion heatmap, one-vs-rest ROC, per-class bars; regressionFigures.ts: predicted-vs-actual,
 * residuals) and the beginner explanation of each view (evaluationExplanations.ts).
 */
export { EVALUATION_EXPLANATIONS, type ViewExplanation, type ViewKey } from './evaluationExplanations';
export { EVALUATION_FILES, evaluationFilesOf, pickEvaluationRun, type ArtifactListing, type EvaluationFile } from './evaluationFiles';
export { evaluationModel, type EvaluationModel, type PerClassRow, type PerClassTable, type RocResult, type Section } from './evaluationModel';
export type { EvaluationFigure } from './evaluationFigure.types';
export { confusionFigure, formatScore, normalizeRows, perClassFigure, rocCurveName, rocFigure } from './classificationFigures';
export { predictedVsActualFigure, residualsFigure } from './regressionFigures';
