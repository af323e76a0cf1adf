/**
 * A log transform for skewed, non-negative features (sugar, chlorides, sulphur dioxide…): each
 * such column becomes ln(1 + x) before standardisation, which pulls in the long right tails that
 * otherwise dominate a network's first layer. Which columns qualify is decided on the training
 * rows only (every training value ≥ 0), like the standardiser's statistics; a later value below 0
 * in such a column is taken as 0, so the transform never yields NaN for new inputs.
 */

/** `true` for each column whose values at `rows` are all ≥ 0 (and that has at least one row). */
export function fitLog1p(columns: readonly ArrayLike<number>[], rows: ArrayLike<number>): boolean[] {
  return columns.map((column) => {
    if (rows.length === 0) return false;
    for (let i = 0; i < rows.length; i++) {
      const value = column[rows[i] as number] as number;
      if (!(value >= 0)) return false;
    }
    return true;
  });
}

/** ln(1 + max(x, 0)) for one value of a log-transformed column. */
export function log1pValue(value: number): number {
  return Math.log1p(Math.max(value, 0));
}

/** The columns with the chosen ones log-transformed (copies; the input is not touched). */
export function applyLog1p(columns: readonly Float64Array[], chosen: readonly boolean[]): Float64Array[] {
  if (chosen.length !== columns.length) {
    throw new RangeError(`log1p mask has ${chosen.length} entries but there are ${columns.length} columns`);
  }
  return columns.map((column, c) => (chosen[c] ? Float64Array.from(column, log1pValue) : column));
}
