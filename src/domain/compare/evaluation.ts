/**
 * The test-set evaluation artifacts a training run logs, as text and back: `confusion_matrix.csv`,
 * `classification_report.json` and `predictions.csv` (writers used by the recipes, parsers used by
 * the run page's evaluation views), plus the curves drawn from them: one-vs-rest ROC curves and
 * regression residuals. Pure TypeScript; every parse error names the file and, for CSV, the line.
 *
 * predictions.csv holds one test example per row:
 * - classification: `y_true,y_pred,p_<label>…` — true and predicted class as label names, then the
 *   predicted probability of every class (6 significant digits);
 * - regression: `y_true,y_pred` — true and predicted value.
 * Cells are quoted per RFC 4180 where needed (a label may hold commas, quotes or line breaks).
 */
import { readRecords, showValue, stripBom, type RawRecord } from '../datasets/delimited';

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

// ---------------------------------------------------------------------------------------------
// Writing

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

// ---------------------------------------------------------------------------------------------
// Reading CSV

/** Splits a CSV artifact into a header and rows, or throws naming the file and line. */
function readCsv(text: string, file: string): { header: RawRecord; rows: RawRecord[] } {
  const clean = stripBom(text);
  const nul = clean.indexOf('\u0000');
  if (nul !== -1) {
    const line = 1 + (clean.slice(0, nul).match(/\r\n|\r|\n/g)?.length ?? 0);
    throw new EvaluationFileError(file, 'holds a NUL character: this is not a text CSV file', line);
  }
  const { records, problem } = readRecords(clean, ',');
  if (problem) {
    const what =
      problem.kind === 'unterminated'
        ? `the quoted field ${problem.fieldIndex + 1} is never closed`
        : `unexpected text ${showValue(problem.found)} after the closing quote of field ${problem.fieldIndex + 1}`;
    throw new EvaluationFileError(file, what, problem.line);
  }
  const [header, ...rows] = records;
  if (!header) throw new EvaluationFileError(file, 'is empty');
  if (rows.length === 0) throw new EvaluationFileError(file, 'has a header but no rows', header.line);
  return { header, rows };
}

function checkWidth(record: RawRecord, width: number, file: string): void {
  if (record.fields.length !== width) {
    throw new EvaluationFileError(file, `has ${record.fields.length} cells but the header has ${width}`, record.line);
  }
}

function checkClassCount(count: number, file: string, line?: number): void {
  if (count > MAX_EVALUATION_CLASSES) {
    throw new EvaluationFileError(
      file,
      `has ${count.toLocaleString('en-US')} classes; the evaluation views show at most ${MAX_EVALUATION_CLASSES}`,
      line,
    );
  }
}

/** A finite number from a cell; empty cells, `NaN`, `Infinity` and text are errors naming the column. */
function parseFinite(cell: string, file: string, line: number, column: string): number {
  const trimmed = cell.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(value)) {
    throw new EvaluationFileError(file, `${column} is ${showValue(cell)}, not a finite number`, line);
  }
  return value;
}

function checkUniqueLabels(labels: readonly string[], file: string, line: number): void {
  const seen = new Set<string>();
  for (const label of labels) {
    if (seen.has(label)) throw new EvaluationFileError(file, `the class ${showValue(label)} appears twice in the header`, line);
    seen.add(label);
  }
}

export interface ConfusionMatrix {
  labels: string[];
  /** counts[t][p]: test examples of true class t predicted as class p. */
  counts: number[][];
}

/** Reads confusion_matrix.csv as written by confusionMatrixCsv. */
export function parseConfusionMatrixCsv(text: string, file = CONFUSION_MATRIX_FILE): ConfusionMatrix {
  const { header, rows } = readCsv(text, file);
  const labels = header.fields.slice(1);
  if (labels.length === 0) throw new EvaluationFileError(file, 'the header names no classes after its first cell', header.line);
  checkClassCount(labels.length, file, header.line);
  checkUniqueLabels(labels, file, header.line);
  if (rows.length !== labels.length) {
    const line = (rows[labels.length] ?? rows.at(-1) ?? header).line;
    throw new EvaluationFileError(file, `has ${rows.length} class rows but the header names ${labels.length} classes`, line);
  }
  const counts = rows.map((row, t) => {
    checkWidth(row, labels.length + 1, file);
    const rowLabel = row.fields[0] as string;
    if (rowLabel !== labels[t]) {
      throw new EvaluationFileError(file, `row ${t + 1} is class ${showValue(rowLabel)} but column ${t + 2} is ${showValue(labels[t] as string)}`, row.line);
    }
    return row.fields.slice(1).map((cell, p) => {
      const column = `the count for predicted ${showValue(labels[p] as string)}`;
      const value = parseFinite(cell, file, row.line, column);
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new EvaluationFileError(file, `${column} is ${showValue(cell)}, not a whole number ≥ 0`, row.line);
      }
      return value;
    });
  });
  return { labels, counts };
}

export type Predictions =
  | {
      task: 'classification';
      labels: string[];
      /** Class index per test example. */
      yTrue: Int32Array;
      yPred: Int32Array;
      /** Row-major, yTrue.length × labels.length. */
      probabilities: Float64Array;
    }
  | { task: 'regression'; yTrue: Float64Array; yPred: Float64Array };

/** Reads predictions.csv (either task, told apart by the header). */
export function parsePredictionsCsv(text: string, file = PREDICTIONS_FILE): Predictions {
  const { header, rows } = readCsv(text, file);
  const names = header.fields.map((f) => f.trim());
  if (names[0] !== 'y_true' || names[1] !== 'y_pred') {
    throw new EvaluationFileError(file, `the header must start with y_true,y_pred; found ${showValue(header.fields.slice(0, 2).join(','))}`, header.line);
  }
  if (names.length === 2) {
    const yTrue = new Float64Array(rows.length);
    const yPred = new Float64Array(rows.length);
    rows.forEach((row, i) => {
      checkWidth(row, 2, file);
      yTrue[i] = parseFinite(row.fields[0] as string, file, row.line, 'y_true');
      yPred[i] = parseFinite(row.fields[1] as string, file, row.line, 'y_pred');
    });
    return { task: 'regression', yTrue, yPred };
  }
  const columns = header.fields.slice(2);
  checkClassCount(columns.length, file, header.line);
  const labels = columns.map((column, c) => {
    if (!column.startsWith('p_')) {
      throw new EvaluationFileError(file, `column ${c + 3} is ${showValue(column)}; class probability columns are named p_<class>`, header.line);
    }
    return column.slice(2);
  });
  checkUniqueLabels(labels, file, header.line);
  const index = new Map(labels.map((label, c) => [label, c]));
  const k = labels.length;
  const yTrue = new Int32Array(rows.length);
  const yPred = new Int32Array(rows.length);
  const probabilities = new Float64Array(rows.length * k);
  const classOf = (cell: string, line: number, column: string) => {
    const c = index.get(cell);
    if (c === undefined) throw new EvaluationFileError(file, `${column} is ${showValue(cell)}, which is not one of the ${k} classes in the header`, line);
    return c;
  };
  rows.forEach((row, i) => {
    checkWidth(row, k + 2, file);
    yTrue[i] = classOf(row.fields[0] as string, row.line, 'y_true');
    yPred[i] = classOf(row.fields[1] as string, row.line, 'y_pred');
    for (let c = 0; c < k; c++) {
      probabilities[i * k + c] = parseFinite(row.fields[c + 2] as string, file, row.line, showValue(columns[c] as string));
    }
  });
  return { task: 'classification', labels, yTrue, yPred, probabilities };
}

// ---------------------------------------------------------------------------------------------
// Reading the classification report

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReportFile {
  labels: string[];
  classes: Array<ClassScores & { label: string }>;
  accuracy: number;
  macroAvg: ClassScores;
  weightedAvg: ClassScores;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readScores(value: unknown, path: string, file: string): ClassScores {
  if (!isRecord(value)) throw new EvaluationFileError(file, `${path} must be an object with precision, recall, f1 and support`);
  const score = (key: 'precision' | 'recall' | 'f1') => {
    const v = value[key];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new EvaluationFileError(file, `${path}.${key} must be a number from 0 to 1, got ${showValue(JSON.stringify(v) ?? 'nothing')}`);
    }
    return v;
  };
  const support = value.support;
  if (typeof support !== 'number' || !Number.isSafeInteger(support) || support < 0) {
    throw new EvaluationFileError(file, `${path}.support must be a whole number ≥ 0, got ${showValue(JSON.stringify(support) ?? 'nothing')}`);
  }
  return { precision: score('precision'), recall: score('recall'), f1: score('f1'), support };
}

/**
 * Where JSON.parse gave up, for the message: engines word (and place) their errors differently and
 * some quote the whole input, so this walks the text itself (iteratively: deep nesting is no
 * problem) and returns the 1-based line and what it found there; null for valid JSON.
 */
export function locateJsonError(text: string): { line: number; found: string } | null {
  const n = text.length;
  let i = 0;
  const fail = () => ({
    line: 1 + (text.slice(0, i).match(/\r\n|\r|\n/g)?.length ?? 0),
    found: i >= n ? 'the end of the file' : showValue(text.slice(i, i + 12)),
  });
  const readString = (): boolean => {
    // eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters
    const match = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
    match.lastIndex = i;
    if (!match.test(text)) return false;
    i = match.lastIndex;
    return true;
  };
  const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
  /** Open containers, innermost last. */
  const stack: Array<'{' | '['> = [];
  let mode: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    while (i < n && ' \t\r\n'.includes(text.charAt(i))) i++;
    const c = text.charAt(i);
    if (mode === 'value') {
      if (c === '{' || c === '[') {
        i++;
        while (i < n && ' \t\r\n'.includes(text.charAt(i))) i++;
        if (text.charAt(i) === (c === '{' ? '}' : ']')) {
          i++;
          mode = 'after';
        } else {
          stack.push(c);
          mode = c === '{' ? 'key' : 'value';
        }
      } else if (c === '"') {
        if (!readString()) return fail();
        mode = 'after';
      } else {
        literal.lastIndex = i;
        if (!literal.test(text)) return fail();
        i = literal.lastIndex;
        mode = 'after';
      }
    } else if (mode === 'key') {
      if (c !== '"' || !readString()) return fail();
      while (i < n && ' \t\r\n'.includes(text.charAt(i))) i++;
      if (text.charAt(i) !== ':') return fail();
      i++;
      mode = 'value';
    } else {
      const top = stack.at(-1);
      if (top === undefined) return i < n ? fail() : null;
      if (c === ',') {
        i++;
        mode = top === '{' ? 'key' : 'value';
      } else if (c === (top === '{' ? '}' : ']')) {
        stack.pop();
        i++;
      } else return fail();
    }
  }
}

/** Reads classification_report.json as the recipes log it. */
export function parseClassificationReport(text: string, file = CLASSIFICATION_REPORT_FILE): ClassificationReportFile {
  const clean = stripBom(text);
  if (clean.trim() === '') throw new EvaluationFileError(file, 'is empty');
  let json: unknown;
  try {
    json = JSON.parse(clean);
  } catch {
    const where = locateJsonError(clean);
    throw new EvaluationFileError(file, `is not valid JSON: unexpected ${where?.found ?? 'content'}`, where?.line);
  }
  if (!isRecord(json)) throw new EvaluationFileError(file, 'must hold a JSON object');
  const { labels, classes, accuracy } = json;
  if (!Array.isArray(labels) || !labels.every((l): l is string => typeof l === 'string')) {
    throw new EvaluationFileError(file, '"labels" must be a list of class names');
  }
  checkClassCount(labels.length, file);
  if (!Array.isArray(classes) || classes.length !== labels.length) {
    throw new EvaluationFileError(file, `"classes" must be a list with one entry per label (${labels.length})`);
  }
  if (typeof accuracy !== 'number' || !(accuracy >= 0 && accuracy <= 1)) {
    throw new EvaluationFileError(file, '"accuracy" must be a number from 0 to 1');
  }
  return {
    labels,
    classes: classes.map((entry: unknown, k) => ({ label: labels[k] as string, ...readScores(entry, `classes[${k}]`, file) })),
    accuracy,
    macroAvg: readScores(json.macro_avg, 'macro_avg', file),
    weightedAvg: readScores(json.weighted_avg, 'weighted_avg', file),
  };
}

// ---------------------------------------------------------------------------------------------
// Curves

export interface RocCurve {
  classIndex: number;
  label: string;
  /** False-positive rate at each threshold, from 0 to 1 (empty when the curve is undefined). */
  fpr: number[];
  /** True-positive rate at each threshold, from 0 to 1. */
  tpr: number[];
  /** Area under the curve; null when the class has no positives or no negatives in yTrue. */
  auc: number | null;
  /** Test examples of the class. */
  positives: number;
}

/**
 * One-vs-rest ROC curves: for each class c, "is c" against column c of the row-major
 * n × numClasses `probabilities`. Thresholds walk down through the distinct scores; examples with
 * equal scores move the curve in one (diagonal) step, so the trapezoidal area equals `rocAuc`
 * (ties count one half). Points on a straight segment are dropped (the area does not change).
 */
export function rocCurveOvr(
  yTrue: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  numClasses: number,
  labels: readonly string[] = [],
): RocCurve[] {
  const n = yTrue.length;
  if (!Number.isSafeInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be an integer ≥ 1, got ${numClasses}`);
  if (probabilities.length !== n * numClasses) {
    throw new RangeError(`probabilities has ${probabilities.length} values but yTrue.length × numClasses = ${n} × ${numClasses} = ${n * numClasses}`);
  }
  for (let i = 0; i < n; i++) {
    const y = yTrue[i] as number;
    if (!Number.isInteger(y) || y < 0 || y >= numClasses) throw new RangeError(`yTrue[${i}] = ${y} is not a class index in 0..${numClasses - 1}`);
  }
  for (let i = 0; i < probabilities.length; i++) {
    if (Number.isNaN(probabilities[i])) throw new RangeError(`probabilities[${i}] (row ${Math.floor(i / numClasses)}) is NaN`);
  }
  const order = new Uint32Array(n);
  const scores = new Float64Array(n);
  return Array.from({ length: numClasses }, (_, c) => {
    for (let i = 0; i < n; i++) {
      order[i] = i;
      scores[i] = probabilities[i * numClasses + c] as number;
    }
    order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || 0);
    let positives = 0;
    for (let i = 0; i < n; i++) if (yTrue[i] === c) positives++;
    const negatives = n - positives;
    const label = labels[c] ?? String(c);
    if (positives === 0 || negatives === 0) return { classIndex: c, label, fpr: [], tpr: [], auc: null, positives };
    // Integer counts, so collinearity and the area are exact until the final division.
    const fps = [0];
    const tps = [0];
    let fp = 0;
    let tp = 0;
    let area = 0;
    for (let start = 0; start < n; ) {
      const score = scores[order[start] as number] as number;
      let end = start;
      while (end < n && scores[order[end] as number] === score) {
        if (yTrue[order[end] as number] === c) tp++;
        else fp++;
        end++;
      }
      const last = fps.length - 1;
      area += ((fp - (fps[last] as number)) * (tp + (tps[last] as number))) / 2;
      if (last >= 1) {
        const x0 = fps[last - 1] as number;
        const y0 = tps[last - 1] as number;
        const onLine = ((fps[last] as number) - x0) * (tp - y0) === (fp - x0) * ((tps[last] as number) - y0);
        if (onLine) {
          fps.pop();
          tps.pop();
        }
      }
      fps.push(fp);
      tps.push(tp);
      start = end;
    }
    return {
      classIndex: c,
      label,
      fpr: fps.map((v) => v / negatives),
      tpr: tps.map((v) => v / positives),
      auc: area / (positives * negatives),
      positives,
    };
  });
}

/** Residuals yᵢ − ŷᵢ (true minus predicted: positive where the model predicted too low). */
export function residuals(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): Float64Array {
  if (yTrue.length !== yPred.length) throw new RangeError(`yTrue has ${yTrue.length} values but yPred has ${yPred.length}`);
  return Float64Array.from({ length: yTrue.length }, (_, i) => (yTrue[i] as number) - (yPred[i] as number));
}
