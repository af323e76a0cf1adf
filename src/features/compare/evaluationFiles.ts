/**
 * Which evaluation artifacts a run has logged, and which of the compared runs the evaluation views
 * show by default.
 */
import { CLASSIFICATION_REPORT_FILE, CONFUSION_MATRIX_FILE, PREDICTIONS_FILE } from '../../domain/compare/evaluation';

export const EVALUATION_FILES = [CONFUSION_MATRIX_FILE, CLASSIFICATION_REPORT_FILE, PREDICTIONS_FILE] as const;
export type EvaluationFile = (typeof EVALUATION_FILES)[number];

/** The PNG plots regression runs logged before predictions.csv existed. */
const LEGACY_PLOTS = ['plots/predicted_vs_actual.png', 'plots/residuals.png'];

export interface ArtifactListing {
  path: string;
  fileSize: number;
}

/** The evaluation files a run has, and a key that changes whenever one is (re)logged. */
export function evaluationFilesOf(files: readonly ArtifactListing[]): { present: EvaluationFile[]; signature: string; legacyPlots: boolean } {
  const present: EvaluationFile[] = [];
  const parts: string[] = [];
  for (const name of EVALUATION_FILES) {
    const file = files.find((f) => f.path === name);
    if (file) {
      present.push(name);
      parts.push(`${name}:${file.fileSize}`);
    }
  }
  return { present, signature: parts.join('|'), legacyPlots: files.some((f) => LEGACY_PLOTS.includes(f.path)) };
}

/** The run to show: `chosen` when it is one of `runIds`, else the first with evaluation artifacts, else the first. */
export function pickEvaluationRun<Id extends string>(
  runIds: readonly Id[],
  filesByRun: ReadonlyMap<Id, readonly ArtifactListing[]> | undefined,
  chosen: Id | null,
): Id | null {
  if (chosen !== null && runIds.includes(chosen)) return chosen;
  const withEvaluation = runIds.find((id) => evaluationFilesOf(filesByRun?.get(id) ?? []).present.length > 0);
  return withEvaluation ?? runIds[0] ?? null;
}
