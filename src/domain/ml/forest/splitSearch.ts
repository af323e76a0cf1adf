/**
 * The exact best split of one node on one feature: a walk over the node's rows in that feature's
 * sorted order, moving one row at a time from the right side to the left. A threshold can only
 * fall between two different values, and both sides must keep `minSamplesLeaf` distinct rows.
 *
 * The score is scikit-learn's "proxy impurity improvement", which orders candidate splits as the
 * true impurity decrease does but skips the constant terms:
 *   squared error: (Σ_left w·y)² / W_left + (Σ_right w·y)² / W_right
 *   Gini:          Σ_k count_left,k² / W_left + Σ_k count_right,k² / W_right
 * The first candidate strictly better than the best so far wins, so ties go to the feature drawn
 * first and the lowest threshold, as in scikit-learn's BestSplitter.
 */

/** The best split found so far in a node. */
export interface Split {
  /** −1 while nothing has been found. */
  feature: number;
  /** Distinct rows going left. */
  leftRows: number;
  threshold: number;
  proxy: number;
}

/**
 * One node and one feature to scan. The tree builder keeps a single instance and rewrites its
 * fields per scan, so scanning allocates nothing.
 */
export interface NodeScan {
  weight: Float64Array;
  y: Float64Array;
  minSamplesLeaf: number;
  /** The tree's index array; this feature's sorted rows start at `indexBase`. */
  index: Uint32Array;
  indexBase: number;
  /** Column-major values; this feature's start at `columnBase`. */
  columns: Float32Array;
  columnBase: number;
  /** The node's range within the feature's segment. */
  start: number;
  end: number;
  feature: number;
  /** The node's total weight, and weighted target sum (regression). */
  totalWeight: number;
  ySum: number;
  /** The node's weighted class counts, and room for the left side's (classification). */
  classTotal: Float64Array;
  classLeft: Float64Array;
}

export function scanRegression(scan: NodeScan, best: Split): void {
  const { weight, y, minSamplesLeaf, index, indexBase, columns, columnBase, start, end, feature, totalWeight, ySum } = scan;
  let wl = 0;
  let sl = 0;
  let v = columns[columnBase + (index[indexBase + start] as number)] as number;
  for (let p = start; p < end - 1; p++) {
    const r = index[indexBase + p] as number;
    const w = weight[r] as number;
    wl += w;
    sl += w * (y[r] as number);
    const next = columns[columnBase + (index[indexBase + p + 1] as number)] as number;
    if (next === v) continue;
    const leftRows = p + 1 - start;
    const below = v;
    v = next;
    if (leftRows < minSamplesLeaf) continue;
    if (end - p - 1 < minSamplesLeaf) break;
    // The right side as total minus left, as scikit-learn computes it.
    const sr = ySum - sl;
    const proxy = (sl * sl) / wl + (sr * sr) / (totalWeight - wl);
    if (proxy > best.proxy) setBest(best, feature, leftRows, below, next, proxy);
  }
}

export function scanClassification(scan: NodeScan, best: Split): void {
  const { weight, y, minSamplesLeaf, index, indexBase, columns, columnBase, start, end, feature, totalWeight, classTotal, classLeft } = scan;
  classLeft.fill(0);
  // Σ count² of each side, kept up to date as rows move left; exact, as counts are whole numbers.
  let sqLeft = 0;
  let sqRight = 0;
  for (let k = 0; k < classTotal.length; k++) sqRight += (classTotal[k] as number) * (classTotal[k] as number);
  let wl = 0;
  let v = columns[columnBase + (index[indexBase + start] as number)] as number;
  for (let p = start; p < end - 1; p++) {
    const r = index[indexBase + p] as number;
    const w = weight[r] as number;
    const c = y[r] as number;
    const cl = classLeft[c] as number;
    const cr = (classTotal[c] as number) - cl;
    sqLeft += 2 * cl * w + w * w;
    sqRight += w * w - 2 * cr * w;
    classLeft[c] = cl + w;
    wl += w;
    const next = columns[columnBase + (index[indexBase + p + 1] as number)] as number;
    if (next === v) continue;
    const leftRows = p + 1 - start;
    const below = v;
    v = next;
    if (leftRows < minSamplesLeaf) continue;
    if (end - p - 1 < minSamplesLeaf) break;
    const proxy = sqLeft / wl + sqRight / (totalWeight - wl);
    if (proxy > best.proxy) setBest(best, feature, leftRows, below, next, proxy);
  }
}

/**
 * Records a better split. The threshold is the float32 midpoint of the two neighbouring values;
 * when rounding pushes it up to the right value (the two are adjacent float32s), the left value
 * is used instead, so `x <= threshold` on float32 inputs sends exactly the training rows left.
 */
function setBest(best: Split, feature: number, leftRows: number, below: number, above: number, proxy: number): void {
  const mid = Math.fround(below / 2 + above / 2);
  best.feature = feature;
  best.leftRows = leftRows;
  best.threshold = mid < above ? mid : below;
  best.proxy = proxy;
}
