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
 *
 * Column typing lives in columnTypes.ts and target task inference in taskInference.ts; both are
 * re-exported here.
 */
import { DatasetError } from './dataset.types';
import type { TabularDataset } from './dataset.types';
import { NUMERIC_COLUMN_SHARE, looksLikeDecimalComma, scanColumn } from './columnTypes';
import {
  checkWidth,
  detectDelimiter,
  problemError,
  readHeaderAndRows,
  showValue,
  stripBom,
} from './delimited';
import type { Delimiter } from './delimited';

export type { Delimiter } from './delimited';
export { detectDelimiter } from './delimited';
export { NUMERIC_COLUMN_SHARE, parseNumber } from './columnTypes';
export { MAX_CLASSES, MAX_CLASS_SHARE, inferTask, inferTaskWithReason } from './taskInference';
export type { TaskInference } from './taskInference';

export interface ParseTabularOptions {
  /** The file name shown in every error message. */
  readonly fileName: string;
  /** A fixed delimiter, or 'auto' (the default) to detect it. */
  readonly delimiter?: Delimiter | 'auto';
  /** Dataset name; defaults to `fileName`. */
  readonly name?: string;
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
        const hint = looksLikeDecimalComma(value) ? ' (use "." for decimals, not ",")' : '';
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
