/**
 * Tabular CSV import: the "Your own CSV" recipe, and the UCI wine files.
 *
 * Rules (each failure is a DatasetError naming file, line and column):
 * - Delimiter: given, or detected among `, \t ; |` (see `detectDelimiter`). The UCI wine files
 *   (`;`, quoted header, unquoted numbers) parse as 1,599 × 12 (red) and 4,898 × 12 (white).
 * - A header row is required; names are trimmed, must be non-empty and unique.
 * - Blank lines anywhere are ignored; BOM, CRLF/LF/CR and quoted fields with delimiters, quotes
 *   ("") and line breaks inside are handled. Lines count from 1 as an editor shows them; a record
 *   that spans lines is reported at the line it starts on.
 * - Every row must have exactly the header's number of fields (RAGGED_ROW otherwise).
 * - Column types, decided per column over its non-missing values:
 *   a value is a number when it matches `[+-]digits[.digits][e±digits]` (surrounding spaces
 *   allowed) and is finite. If at least 90% of the column's non-missing values are numbers, the
 *   column is numeric and every other value is a NON_NUMERIC error; below 90% the column is
 *   categorical (its trimmed values become sorted levels). So a column of labels is categorical,
 *   while a numeric column with a few typos is reported, not silently turned into categories.
 * - Missing values are not imputed (yet): an empty cell is MISSING_VALUE in any column; in a numeric
 *   column so are the markers NA, N/A, #N/A, NaN, null, None and ? (case-insensitive).
 * - Structural problems (quotes, ragged rows) are reported before value problems; among value
 *   problems the error names the first bad cell in file order (row, then column).
 */
import { DatasetError, rowCount } from './dataset.types';
import type { TabularDataset, TaskKind } from './dataset.types';
import {
  checkWidth,
  detectDelimiter,
  problemError,
  readHeaderAndRows,
  showValue,
  stripBom,
} from './delimited';
import type { Delimiter, RawRecord } from './delimited';

export type { Delimiter } from './delimited';
export { detectDelimiter } from './delimited';

export interface ParseTabularOptions {
  /** The file name shown in every error message. */
  readonly fileName: string;
  /** A fixed delimiter, or 'auto' (the default) to detect it. */
  readonly delimiter?: Delimiter | 'auto';
  /** Dataset name; defaults to `fileName`. */
  readonly name?: string;
}

/** Share of a column's non-missing values that must be numbers for the column to be numeric. */
export const NUMERIC_COLUMN_SHARE = 0.9;

const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const DECIMAL_COMMA = /^\s*[+-]?\d+,\d+\s*$/;
const MISSING_MARKERS = new Set(['na', 'n/a', '#n/a', 'nan', 'null', 'none', '?']);

/** The value as a finite number, or NaN when it is not one. */
export function parseNumber(value: string): number {
  if (!NUMBER.test(value)) return Number.NaN;
  const n = Number(value);
  return Number.isFinite(n) ? n : Number.NaN;
}

interface ColumnScan {
  readonly numbers: Float64Array;
  numeric: number;
  junk: number;
  firstJunk: number;
  firstBlank: number;
  firstMarker: number;
}

function scanColumn(rows: readonly RawRecord[], c: number): ColumnScan {
  const numbers = new Float64Array(rows.length);
  const scan: ColumnScan = { numbers, numeric: 0, junk: 0, firstJunk: -1, firstBlank: -1, firstMarker: -1 };
  for (let r = 0; r < rows.length; r++) {
    const v = rows[r]?.fields[c] ?? '';
    const n = parseNumber(v);
    numbers[r] = n;
    if (!Number.isNaN(n)) {
      scan.numeric++;
      continue;
    }
    const t = v.trim();
    if (t === '') {
      if (scan.firstBlank === -1) scan.firstBlank = r;
    } else if (MISSING_MARKERS.has(t.toLowerCase())) {
      if (scan.firstMarker === -1) scan.firstMarker = r;
    } else {
      scan.junk++;
      if (scan.firstJunk === -1) scan.firstJunk = r;
    }
  }
  return scan;
}

interface CellError {
  readonly row: number;
  readonly make: () => DatasetError;
}

function minRow(...rows: number[]): number {
  let best = -1;
  for (const r of rows) if (r !== -1 && (best === -1 || r < best)) best = r;
  return best;
}

/**
 * Parses a delimited text table with a header row into a column-wise TabularDataset.
 * Throws DatasetError (see the module comment for the rules).
 */
export function parseTabularCsv(text: string, options: ParseTabularOptions): TabularDataset {
  const file = options.fileName;
  const body = stripBom(text);
  if (body.trim() === '') {
    throw new DatasetError('EMPTY_FILE', {
      file,
      problem: body === '' ? 'the file is empty; expected a header row and data rows' : 'the file has only blank lines; expected a header row and data rows',
    });
  }
  const delimiter = options.delimiter === undefined || options.delimiter === 'auto' ? detectDelimiter(body, file) : options.delimiter;
  const { header, headerRecord, rows, problem } = readHeaderAndRows(body, delimiter, file);
  for (const row of rows) checkWidth(row, header, file, delimiter);
  if (problem !== undefined) throw problemError(problem, file, header);
  if (rows.length === 0) {
    throw new DatasetError('TOO_FEW_ROWS', {
      file,
      line: headerRecord.line,
      problem: `the file has a header (${header.length} column${header.length === 1 ? '' : 's'}) but no data rows`,
    });
  }

  const data: Float64Array[] = [];
  const categorical: Record<string, string[]> = {};
  let firstError: CellError | undefined;
  const consider = (e: CellError): void => {
    if (firstError === undefined || e.row < firstError.row) firstError = e;
  };
  const lineOfRow = (r: number): number => rows[r]?.line ?? 0;
  const valueAt = (r: number, c: number): string => rows[r]?.fields[c] ?? '';

  for (let c = 0; c < header.length; c++) {
    const name = header[c] ?? '';
    const scan = scanColumn(rows, c);
    const present = scan.numeric + scan.junk;
    const isNumeric = scan.numeric > 0 && scan.numeric / present >= NUMERIC_COLUMN_SHARE;
    const at = (r: number) => ({ file, line: lineOfRow(r), column: name, columnIndex: c + 1 });
    if (isNumeric) {
      data.push(scan.numbers);
      const bad = minRow(scan.firstJunk, scan.firstBlank, scan.firstMarker);
      if (bad === -1) continue;
      const value = valueAt(bad, c);
      if (bad === scan.firstJunk) {
        const hint = DECIMAL_COMMA.test(value) ? ' (use "." for decimals, not ",")' : '';
        const others = scan.numeric;
        consider({
          row: bad,
          make: () =>
            new DatasetError('NON_NUMERIC', {
              ...at(bad),
              problem: `column ${showValue(name)} has ${showValue(value)}, which is not a number${hint}; ${others.toLocaleString('en-US')} of its ${present.toLocaleString('en-US')} values are numbers, so it is a numeric column`,
            }),
        });
      } else {
        consider({
          row: bad,
          make: () =>
            new DatasetError('MISSING_VALUE', {
              ...at(bad),
              problem:
                value.trim() === ''
                  ? `column ${showValue(name)} is empty; missing values are not supported yet (fill in or remove the row)`
                  : `column ${showValue(name)} has ${showValue(value.trim())}, a missing-value marker; missing values are not supported yet (fill in or remove the row)`,
            }),
        });
      }
      continue;
    }
    // Categorical: trimmed values become sorted levels; empty cells are missing.
    if (scan.firstBlank !== -1) {
      const bad = scan.firstBlank;
      consider({
        row: bad,
        make: () =>
          new DatasetError('MISSING_VALUE', {
            ...at(bad),
            problem: `column ${showValue(name)} is empty; missing values are not supported yet (fill in or remove the row)`,
          }),
      });
      data.push(new Float64Array(rows.length));
      continue;
    }
    const index = new Map<string, number>();
    const codes = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const v = valueAt(r, c).trim();
      if (!index.has(v)) index.set(v, index.size);
    }
    const levels = [...index.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const sortedIndex = new Map<string, number>();
    levels.forEach((level, k) => sortedIndex.set(level, k));
    for (let r = 0; r < rows.length; r++) codes[r] = sortedIndex.get(valueAt(r, c).trim()) ?? 0;
    data.push(codes);
    categorical[name] = levels;
  }
  if (firstError !== undefined) throw firstError.make();

  const dataset: TabularDataset = {
    name: options.name ?? file,
    columns: header,
    data,
    ...(Object.keys(categorical).length > 0 ? { categorical } : {}),
  };
  return dataset;
}

export interface TaskInference {
  readonly task: TaskKind;
  /** One plain sentence a beginner can read, e.g. why a column of whole numbers is a classification. */
  readonly reason: string;
}

/** At most this many distinct whole-number values for a numeric target to count as classes. */
export const MAX_CLASSES = 20;
/** …and at most this share of the rows may be distinct. */
export const MAX_CLASS_SHARE = 0.05;

function targetIndex(dataset: TabularDataset, targetColumn: string): number {
  if (targetColumn.trim() === '') {
    throw new DatasetError('NO_TARGET', { file: dataset.name, problem: 'no target column was chosen; pick the column to predict' });
  }
  const c = dataset.columns.indexOf(targetColumn);
  if (c === -1) {
    throw new DatasetError('MISSING_COLUMN', {
      file: dataset.name,
      column: targetColumn,
      problem: `there is no column ${showValue(targetColumn)}; the columns are ${dataset.columns.map(showValue).join(', ')}`,
    });
  }
  return c;
}

/**
 * Decides regression or classification for `targetColumn`, with the reason:
 * 1. a non-numeric (categorical) column → classification;
 * 2. exactly two distinct values → classification (binary);
 * 3. whole numbers only, with ≤ 20 distinct values that are also ≤ 5% of the rows → classification
 *    (label-encoded classes such as 0/1/2);
 * 4. anything else → regression.
 * A target with one value in every row throws NO_TARGET; an unknown column throws MISSING_COLUMN.
 *
 * Ordinal scores are ambiguous: wine `quality` (six whole numbers, 3–8, in 1,599 rows) comes out as
 * classification under rule 3, while MLflow's wine example treats it as regression. So the wine
 * recipes pass the task explicitly (`inferTask(ds, 'quality', 'regression')`, see builtins
 * `WINE_TASK`), and the UI shows the reason and lets the user override it.
 */
export function inferTaskWithReason(dataset: TabularDataset, targetColumn: string): TaskInference {
  const c = targetIndex(dataset, targetColumn);
  const values = dataset.data[c] ?? new Float64Array(0);
  const rows = values.length;
  const levels = dataset.categorical?.[targetColumn];
  const shown = showValue(targetColumn);
  if (levels !== undefined) {
    if (levels.length < 2) throw constantTarget(dataset, targetColumn);
    return { task: 'classification', reason: `column ${shown} holds text (${levels.length} distinct values), so each value is a class` };
  }
  const distinct = new Set<number>();
  let whole = true;
  for (let r = 0; r < rows; r++) {
    const v = values[r] ?? 0;
    if (whole && !Number.isInteger(v)) whole = false;
    if (distinct.size <= MAX_CLASSES) distinct.add(v);
    if (!whole && distinct.size > MAX_CLASSES) break;
  }
  if (distinct.size < 2) throw constantTarget(dataset, targetColumn);
  if (distinct.size === 2) {
    return { task: 'classification', reason: `column ${shown} has exactly two values, so it is a yes/no (binary) classification` };
  }
  if (whole && distinct.size <= MAX_CLASSES && distinct.size <= rows * MAX_CLASS_SHARE) {
    return {
      task: 'classification',
      reason: `column ${shown} has only ${distinct.size} distinct whole numbers in ${rows.toLocaleString('en-US')} rows, so they look like class codes; choose regression if they are an ordered score`,
    };
  }
  const why = whole
    ? `column ${shown} has more than a few distinct whole numbers, so it is predicted as a quantity`
    : `column ${shown} holds numbers with fractions, so it is predicted as a quantity`;
  return { task: 'regression', reason: why };
}

function constantTarget(dataset: TabularDataset, targetColumn: string): DatasetError {
  return new DatasetError('NO_TARGET', {
    file: dataset.name,
    column: targetColumn,
    problem: `column ${showValue(targetColumn)} has the same value in all ${rowCount(dataset).toLocaleString('en-US')} rows; there is nothing to predict`,
  });
}

/**
 * 'regression' or 'classification' for `targetColumn` (rules in `inferTaskWithReason`).
 * `override` wins when given (the wine recipes pass 'regression'), after checking that the column
 * exists and, for regression, that it is numeric.
 */
export function inferTask(dataset: TabularDataset, targetColumn: string, override?: TaskKind): TaskKind {
  if (override === undefined) return inferTaskWithReason(dataset, targetColumn).task;
  targetIndex(dataset, targetColumn);
  if (override === 'regression' && dataset.categorical?.[targetColumn] !== undefined) {
    throw new DatasetError('NON_NUMERIC', {
      file: dataset.name,
      column: targetColumn,
      problem: `column ${showValue(targetColumn)} holds text, so it cannot be a regression target; choose classification`,
    });
  }
  return override;
}
