/**
 * Parsers for the CSV evaluation artifacts, `confusion_matrix.csv` and `predictions.csv` (the
 * formats evaluationWriters.ts writes), for the run page's evaluation views. Every error names the
 * file and line.
 */
import { readRecords, showValue, stripBom, type RawRecord } from '../datasets/delimited';
import { CONFUSION_MATRIX_FILE, EvaluationFileError, PREDICTIONS_FILE, checkClassCount } from './evaluationFiles';

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
