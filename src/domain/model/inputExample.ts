/**
 * `input_example.json` next to MLmodel (spec §11, `saved_input_example_info`): a few real input
 * rows a reader can feed to the model. Written the way MLflow writes it (`json.dumps` separators;
 * NaN and ±Infinity become null, as MLflow's NaN handling does, because JSON has no such numbers).
 */
import { TrackingError } from '../errors';
import type { JsonValue } from './pythonJson';
import { toPythonJson } from './pythonJson';

export type ExampleCell = number | string | boolean | null;

/** A nested array of numbers: a tensor's values, outermost dimension first. */
export type NdArray = number | readonly NdArray[];

function invalid(message: string): never {
  throw new TrackingError('INVALID_PARAMETER_VALUE', message);
}

function cell(value: ExampleCell, where: string): JsonValue {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  return invalid(`${where} must be a number, text, true/false or null; got a value of type ${typeof value}`);
}

/**
 * A dataframe example in pandas `split` orient — `{"columns": [...], "data": [[...], ...]}` —
 * for `saved_input_example_info: {type: dataframe, pandas_orient: split}`.
 * Throws INVALID_PARAMETER_VALUE when there are no columns or rows, a column name repeats, or a
 * row's length differs from the number of columns.
 */
export function buildInputExampleJson(example: {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly ExampleCell[])[];
}): string {
  const { columns, rows } = example;
  if (columns.length === 0) invalid('input example columns must list at least one column');
  const seen = new Set<string>();
  columns.forEach((name, i) => {
    if (typeof name !== 'string') invalid(`input example columns[${i}] must be text`);
    if (seen.has(name)) invalid(`input example column ${JSON.stringify(name)} appears twice`);
    seen.add(name);
  });
  if (rows.length === 0) invalid('input example must have at least one row');
  const data = rows.map((row, r) => {
    if (!Array.isArray(row) || row.length !== columns.length) {
      invalid(`input example rows[${r}] has ${Array.isArray(row) ? row.length : 'no'} values; expected ${columns.length} (one per column)`);
    }
    return row.map((value, c) => cell(value, `input example rows[${r}][${c}]`));
  });
  return toPythonJson({ columns: [...columns], data }, 'input example');
}

function ndarrayToJson(value: NdArray, where: string): JsonValue {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return (value as readonly NdArray[]).map((item, i) => ndarrayToJson(item, `${where}[${i}]`));
  return invalid(`${where} must be a number or a list; got a value of type ${typeof value}`);
}

/**
 * A tensor example for `saved_input_example_info: {type: ndarray}`: `{"inputs": [[...]]}`, the
 * TF-serving form MLflow 2.x writes for numpy arrays and that its example reader parses.
 */
export function buildNdarrayExampleJson(values: NdArray): string {
  return toPythonJson({ inputs: ndarrayToJson(values, 'input example') }, 'input example');
}
