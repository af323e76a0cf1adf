/**
 * Column typing for the tabular import: which cells of a column are numbers, blanks,
 * missing-value markers or other text, and the share of numbers that makes a column numeric.
 */
import type { RawRecord } from './recordReader';

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

/** Whether the value looks like a decimal written with a comma (`3,5`), for a hint in messages. */
export function looksLikeDecimalComma(value: string): boolean {
  return DECIMAL_COMMA.test(value);
}

export interface ColumnScan {
  readonly numbers: Float64Array;
  numeric: number;
  junk: number;
  firstJunk: number;
  firstBlank: number;
  firstMarker: number;
}

/** Reads column `c` of every row: its values as numbers (NaN where not one) and what else it holds. */
export function scanColumn(rows: readonly RawRecord[], c: number): ColumnScan {
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
