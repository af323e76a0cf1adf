/**
 * The test-set evaluation artifacts a training run logs: their file names, the most classes the
 * evaluation views accept, and the error every reader throws for a malformed file (naming the file
 * and, for CSV, the line).
 */
export const CONFUSION_MATRIX_FILE = 'confusion_matrix.csv';
export const CLASSIFICATION_REPORT_FILE = 'classification_report.json';
export const PREDICTIONS_FILE = 'predictions.csv';

/** More classes than this is not an evaluation a person can read (and a heatmap of k² cells). */
export const MAX_EVALUATION_CLASSES = 500;

/** A malformed evaluation artifact; `line` is 1-based, absent when the problem has no line (JSON structure). */
export class EvaluationFileError extends Error {
  override readonly name = 'EvaluationFileError';
  readonly file: string;
  readonly line: number | undefined;
  constructor(file: string, message: string, line?: number) {
    super(line === undefined ? `${file}: ${message}` : `${file}, line ${line}: ${message}`);
    this.file = file;
    this.line = line;
  }
}

/** Throws when a file names more classes than the evaluation views show (shared by the readers). */
export function checkClassCount(count: number, file: string, line?: number): void {
  if (count > MAX_EVALUATION_CLASSES) {
    throw new EvaluationFileError(
      file,
      `has ${count.toLocaleString('en-US')} classes; the evaluation views show at most ${MAX_EVALUATION_CLASSES}`,
      line,
    );
  }
}

