/**
 * Model outputs as predictions people read: a regression's value, a classifier's class with the
 * probabilities of its top classes, or a plain list of numbers; and the batch results as a CSV
 * (the input cells as uploaded, then the prediction, or the row's error).
 */
import { csvCell, formatNumber, formatProbability } from '../compare/evaluation';
import type { OutputKind } from './playgroundModel';

export interface ClassScore {
  label: string;
  probability: number;
}

export type Prediction =
  | { kind: 'value'; value: number }
  /** `top` is sorted by probability, highest first; `probabilities` is in label order. */
  | { kind: 'classes'; label: string; top: ClassScore[]; probabilities: number[] }
  | { kind: 'vector'; values: number[] };

export type RowResult = { ok: true; prediction: Prediction } | { ok: false; error: string };

/** How many classes a prediction lists. */
export const TOP_CLASSES = 5;

/** Splits row-major outputs (rows × width) into one prediction per row. */
export function interpretOutputs(values: ArrayLike<number>, output: OutputKind): Prediction[] {
  const width = output.kind === 'classes' ? output.labels.length : output.kind === 'vector' ? output.width : 1;
  if (values.length % width !== 0) throw new RangeError(`${values.length} outputs do not split into rows of ${width}.`);
  const rows = values.length / width;
  const out: Prediction[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: width }, (_, k) => values[r * width + k] as number);
    if (output.kind === 'value') out.push({ kind: 'value', value: row[0] as number });
    else if (output.kind === 'vector') out.push({ kind: 'vector', values: row });
    else {
      const scores = output.labels.map((label, k) => ({ label, probability: row[k] as number }));
      // Stable: equal probabilities keep label order, like argmax (the first maximum wins).
      const top = [...scores].sort((a, b) => b.probability - a.probability).slice(0, TOP_CLASSES);
      out.push({ kind: 'classes', label: top[0]?.label ?? '', top, probabilities: row });
    }
  }
  return out;
}

/**
 * An output as a person reads it: the shortest decimal that gives back its float32, the models'
 * output type. A TF.js model's outputs are float32 already; a forest's regression value is a float64
 * mean of float32 leaves (as predictions.csv records it), shown to the same precision.
 */
export function outputText(value: number): string {
  return formatNumber(Math.fround(value), true);
}

/** The prediction in one cell of text: the value (float32's shortest form), the class, or the list. */
export function predictionText(prediction: Prediction): string {
  if (prediction.kind === 'value') return outputText(prediction.value);
  if (prediction.kind === 'classes') return prediction.label;
  return prediction.values.map(outputText).join(' ');
}

/** The output columns of a results CSV. */
export function outputColumns(output: OutputKind): string[] {
  if (output.kind === 'value') return ['prediction'];
  if (output.kind === 'classes') return ['prediction', ...output.labels.map((label) => `p_${label}`)];
  return Array.from({ length: output.width }, (_, k) => `output_${k}`);
}

function outputCells(output: OutputKind, result: RowResult): string[] {
  const width = outputColumns(output).length;
  if (!result.ok) return new Array<string>(width).fill('');
  const { prediction } = result;
  if (prediction.kind === 'value') return [outputText(prediction.value)];
  if (prediction.kind === 'classes') return [prediction.label, ...prediction.probabilities.map(formatProbability)];
  return prediction.values.map(outputText);
}

/**
 * predictions CSV: `line`, the uploaded columns, the outputs (see outputColumns), then `error`
 * (empty for predicted rows). Rows keep the upload's order.
 */
export function predictionsCsv(options: {
  header: readonly string[];
  rows: readonly { line: number; cells: readonly string[] }[];
  results: readonly RowResult[];
  output: OutputKind;
}): string {
  const { header, rows, results, output } = options;
  if (rows.length !== results.length) throw new RangeError(`${rows.length} rows but ${results.length} results.`);
  const lines = [['line', ...header, ...outputColumns(output), 'error'].map(csvCell).join(',')];
  rows.forEach((row, i) => {
    const result = results[i] as RowResult;
    const cells = header.map((_, c) => row.cells[c] ?? '');
    lines.push([String(row.line), ...cells, ...outputCells(output, result), result.ok ? '' : result.error].map(csvCell).join(','));
  });
  return `${lines.join('\n')}\n`;
}
