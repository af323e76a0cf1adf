/**
 * Feature standardisation (z-scores) fitted on the training rows only, so nothing about the test
 * rows leaks into training. The fitted statistics are plain arrays of numbers: they are logged
 * with the run and reapplied to new inputs in the prediction playground.
 */

/** A dense matrix stored row by row: element (r, c) is `data[r * cols + c]`. */
export interface RowMajorMatrix {
  data: ArrayLike<number>;
  rows: number;
  cols: number;
}

/** Either a row-major matrix or a list of equally long feature columns. */
export type FeatureMatrix = RowMajorMatrix | readonly ArrayLike<number>[];

/** Per-feature mean and population standard deviation; JSON-serialisable as is. */
export interface StandardizerStats {
  mean: number[];
  std: number[];
}

interface View {
  rows: number;
  cols: number;
  get: (r: number, c: number) => number;
}

function view(x: FeatureMatrix): View {
  if (Array.isArray(x)) {
    const columns = x as readonly ArrayLike<number>[];
    const rows = columns[0]?.length ?? 0;
    columns.forEach((column, c) => {
      if (column.length !== rows) throw new RangeError(`Column ${c} has ${column.length} rows but column 0 has ${rows}`);
    });
    return { rows, cols: columns.length, get: (r, c) => (columns[c] as ArrayLike<number>)[r] as number };
  }
  const { data, rows, cols } = x as RowMajorMatrix;
  if (!Number.isSafeInteger(rows) || rows < 0 || !Number.isSafeInteger(cols) || cols < 0) {
    throw new RangeError(`Matrix shape must be non-negative integers, got ${String(rows)} × ${String(cols)}`);
  }
  if (data.length !== rows * cols) {
    throw new RangeError(`Matrix data has ${data.length} values but its shape ${rows} × ${cols} needs ${rows * cols}`);
  }
  return { rows, cols, get: (r, c) => data[r * cols + c] as number };
}

function checkRows(rowIndices: ArrayLike<number>, rows: number): void {
  for (let i = 0; i < rowIndices.length; i++) {
    const r = rowIndices[i] as number;
    if (!Number.isInteger(r) || r < 0 || r >= rows) {
      throw new RangeError(`Row index ${String(r)} (at position ${i}) is outside the matrix's ${rows} rows`);
    }
  }
}

function allRows(rows: number): Uint32Array {
  const out = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) out[i] = i;
  return out;
}

/**
 * Fits mean and population standard deviation (divide by n, as sklearn's StandardScaler) of each
 * feature over `rowIndices` (default: all rows), in float64 with a two-pass algorithm.
 * A constant column (every fitted value equal) gets mean = that value and std = 1, so it maps to
 * exactly 0: dividing by its zero spread would give NaN/Infinity, and a feature that never varies
 * in training carries no information, so 0 keeps it inert (sklearn also replaces a zero scale by 1).
 * Throws on NaN or ±Infinity among the fitted values (naming row and column): one missing value
 * would otherwise turn the whole column's statistics into NaN. Throws when there are no rows.
 */
export function fitStandardizer(x: FeatureMatrix, rowIndices?: ArrayLike<number>): StandardizerStats {
  const { rows, cols, get } = view(x);
  const fitRows = rowIndices ?? allRows(rows);
  checkRows(fitRows, rows);
  const n = fitRows.length;
  if (n === 0) throw new RangeError('Cannot fit a standardizer on zero rows');
  const sum = new Float64Array(cols);
  const min = new Float64Array(cols).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(cols).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    const r = fitRows[i] as number;
    for (let c = 0; c < cols; c++) {
      const v = get(r, c);
      if (!Number.isFinite(v)) throw new RangeError(`Cannot fit a standardizer: value ${String(v)} at row ${r}, column ${c}`);
      sum[c] = (sum[c] as number) + v;
      if (v < (min[c] as number)) min[c] = v;
      if (v > (max[c] as number)) max[c] = v;
    }
  }
  const mean = Array.from(sum, (s) => s / n);
  const squares = new Float64Array(cols);
  for (let i = 0; i < n; i++) {
    const r = fitRows[i] as number;
    for (let c = 0; c < cols; c++) {
      const d = get(r, c) - (mean[c] as number);
      squares[c] = (squares[c] as number) + d * d;
    }
  }
  const std = Array.from(squares, (s) => Math.sqrt(s / n));
  for (let c = 0; c < cols; c++) {
    if (min[c] === max[c]) {
      mean[c] = min[c] as number;
      std[c] = 1;
    }
  }
  return { mean, std };
}

/**
 * Returns (x − mean) / std for the rows in `rowIndices` (default: all rows, in order), as a new
 * row-major Float32Array of rowIndices.length × cols, ready for a tensor. NaN inputs come out NaN
 * (no check in this hot loop); validate data before fitting. Throws when the stats do not match
 * the matrix's column count or contain a non-finite or non-positive std.
 */
export function applyStandardizer(x: FeatureMatrix, stats: StandardizerStats, rowIndices?: ArrayLike<number>): Float32Array {
  const { rows, cols, get } = view(x);
  if (stats.mean.length !== cols || stats.std.length !== cols) {
    throw new RangeError(
      `Standardizer stats have ${stats.mean.length} means and ${stats.std.length} stds but the matrix has ${cols} columns`,
    );
  }
  for (let c = 0; c < cols; c++) {
    const s = stats.std[c] as number;
    if (!(s > 0 && Number.isFinite(s))) throw new RangeError(`Standardizer std for column ${c} must be positive and finite, got ${String(s)}`);
  }
  const mean = Float64Array.from(stats.mean);
  const std = Float64Array.from(stats.std);
  const outRows = rowIndices ?? allRows(rows);
  checkRows(outRows, rows);
  const out = new Float32Array(outRows.length * cols);
  for (let i = 0, o = 0; i < outRows.length; i++) {
    const r = outRows[i] as number;
    for (let c = 0; c < cols; c++, o++) out[o] = (get(r, c) - (mean[c] as number)) / (std[c] as number);
  }
  return out;
}
