/**
 * Writers for the evaluation artifacts the recipes log: `confusion_matrix.csv` and `predictions.csv`,
 * with the number formats they use (also used by the playground to show predictions).
 *
 * predictions.csv holds one test example per row:
 * - classification: `y_true,y_pred,p_<label>…` — true and predicted class as label names, then the
 *   predicted probability of every class (6 significant digits);
 * - regression: `y_true,y_pred` — true and predicted value.
 * Cells are quoted per RFC 4180 where needed (a label may hold commas, quotes or line breaks).
 */
/** One CSV cell, quoted when it holds a delimiter, quote or line break, or starts/ends with blanks. */
export function csvCell(value: string): string {
  return /[",\r\n]|^[ \t]|[ \t]$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

/**
 * A number as written to predictions.csv: the shortest form that reads back as the same value —
 * of a 32-bit float when the values came from one (model outputs), so `0.1` rather than
 * `0.10000000149011612`. NaN and ±Infinity are written as JavaScript spells them.
 */
export function formatNumber(value: number, float32 = false): string {
  if (!float32 || !Number.isFinite(value)) return String(value);
  for (let digits = 1; digits <= 9; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.fround(short) === value) return String(short);
  }
  return String(value);
}

/** A probability to 6 significant digits, without trailing zeros (`0.5`, `1`, `1.23457e-7`). */
export function formatProbability(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
}

/** confusion_matrix.csv: a header `true \ predicted,<labels…>`, then one row per true class. */
export function confusionMatrixCsv(matrix: readonly (readonly number[])[], labels: readonly string[]): string {
  const lines = [csvLine(['true \\ predicted', ...labels])];
  matrix.forEach((row, k) => lines.push(csvLine([labels[k] ?? String(k), ...row.map(String)])));
  return `${lines.join('\n')}\n`;
}

/**
 * predictions.csv of a classifier. `probabilities` is row-major, yTrue.length × labels.length;
 * `predicted` holds the class index the model chose for each row.
 */
export function classificationPredictionsCsv(options: {
  yTrue: ArrayLike<number>;
  predicted: ArrayLike<number>;
  probabilities: ArrayLike<number>;
  labels: readonly string[];
}): string {
  const { yTrue, predicted, probabilities, labels } = options;
  const k = labels.length;
  if (probabilities.length !== yTrue.length * k) {
    throw new RangeError(`probabilities has ${probabilities.length} values, expected ${yTrue.length} rows × ${k} classes`);
  }
  const name = (index: number) => labels[index] ?? String(index);
  const parts = [csvLine(['y_true', 'y_pred', ...labels.map((label) => `p_${label}`)])];
  for (let i = 0; i < yTrue.length; i++) {
    const cells = [csvCell(name(yTrue[i] as number)), csvCell(name(predicted[i] as number))];
    for (let c = 0; c < k; c++) cells.push(formatProbability(probabilities[i * k + c] as number));
    parts.push(cells.join(','));
  }
  return `${parts.join('\n')}\n`;
}

/** predictions.csv of a regressor. */
export function regressionPredictionsCsv(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): string {
  if (yTrue.length !== yPred.length) throw new RangeError(`yTrue has ${yTrue.length} values but yPred has ${yPred.length}`);
  const trueIs32 = yTrue instanceof Float32Array;
  const predIs32 = yPred instanceof Float32Array;
  const parts = ['y_true,y_pred'];
  for (let i = 0; i < yTrue.length; i++) {
    parts.push(`${formatNumber(yTrue[i] as number, trueIs32)},${formatNumber(yPred[i] as number, predIs32)}`);
  }
  return `${parts.join('\n')}\n`;
}
