/**
 * A batch of bag-of-words rows as the index lists TF.js's `sparseSegmentSum` wants, in both orders:
 * by row (the forward pass sums the kernel rows of each document's words) and by column (the
 * weight gradient sums, for each word, the output gradients of the documents that contain it).
 * A count c > 1 is represented by repeating the entry c times, so only whole numbers are accepted:
 * binary and count vectors qualify, tf-idf weights do not (they take the dense path).
 */

export interface SparseBatch {
  rows: number;
  width: number;
  /** Forward order: `byRow.columns[k]` is a word of document `byRow.rows[k]`; rows ascending. */
  byRow: { rows: Int32Array; columns: Int32Array };
  /** Gradient order: `byColumn.rows[k]` contains word `byColumn.columns[k]`; columns ascending. */
  byColumn: { rows: Int32Array; columns: Int32Array };
}

/** Beyond this many entries per row on average, the dense matMul is cheaper than the sparse sums. */
const MAX_DENSITY = 0.25;
/** Largest count repeated as entries (a value above it sends the batch down the dense path). */
export const MAX_REPEAT = 255;

/**
 * Reads a row-major rows × width matrix; returns null when some value is not a whole number in
 * 0..MAX_REPEAT or the batch is too dense to gain from sparsity.
 */
export function sparseBatchFromDense(values: ArrayLike<number>, rows: number, width: number): SparseBatch | null {
  if (values.length !== rows * width) throw new RangeError(`Expected ${rows} × ${width} values, got ${values.length}`);
  const limit = Math.floor(rows * width * MAX_DENSITY);
  let entries = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v === 0) continue;
    if (!(v > 0 && v <= MAX_REPEAT && Number.isInteger(v))) return null;
    entries += v;
    if (entries > limit) return null;
  }
  const rowOf = new Int32Array(entries);
  const columnOf = new Int32Array(entries);
  const perColumn = new Int32Array(width + 1);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const offset = r * width;
    for (let c = 0; c < width; c++) {
      const v = values[offset + c] as number;
      for (let repeat = 0; repeat < v; repeat++) {
        rowOf[k] = r;
        columnOf[k] = c;
        k++;
      }
      if (v !== 0) perColumn[c + 1] = (perColumn[c + 1] as number) + v;
    }
  }
  // Counting sort by column (stable, so rows stay ascending within a column).
  for (let c = 0; c < width; c++) perColumn[c + 1] = (perColumn[c + 1] as number) + (perColumn[c] as number);
  const byColumnRows = new Int32Array(entries);
  const byColumnColumns = new Int32Array(entries);
  for (let i = 0; i < entries; i++) {
    const c = columnOf[i] as number;
    const at = perColumn[c] as number;
    perColumn[c] = at + 1;
    byColumnRows[at] = rowOf[i] as number;
    byColumnColumns[at] = c;
  }
  return {
    rows,
    width,
    byRow: { rows: rowOf, columns: columnOf },
    byColumn: { rows: byColumnRows, columns: byColumnColumns },
  };
}
