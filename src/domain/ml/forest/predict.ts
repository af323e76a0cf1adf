/**
 * Forest predictions: the mean over trees of each tree's leaf output, as scikit-learn's
 * `predict` (regression) and `predict_proba` (classification). Inputs are rounded to float32
 * first, as scikit-learn converts X to float32, so `x <= threshold` sends a row the way its
 * training row went.
 */
import type { Forest, ForestTree } from './forest.types';

/** The ordinal of the leaf row `x[offset…]` (already float32 values) reaches in `tree`. */
export function leafIndex(tree: ForestTree, x: ArrayLike<number>, offset: number): number {
  const { feature, threshold, left, right } = tree;
  let node = 0;
  let f = feature[0] as number;
  while (f >= 0) {
    node = (x[offset + f] as number) <= (threshold[node] as number) ? (left[node] as number) : (right[node] as number);
    f = feature[node] as number;
  }
  return tree.leaf[node] as number;
}

/**
 * Predicts `rows` rows of `x` (rows × features, row-major). Returns rows values (regression) or
 * rows × K class probabilities (classification). Throws a RangeError on a length mismatch or a
 * NaN input (naming its row and feature), and for a forest without trees.
 */
export function predictForest(forest: Forest, x: ArrayLike<number>, rows: number): Float64Array {
  const { features, outputs, trees } = forest;
  if (trees.length === 0) throw new RangeError('The forest has no trees');
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${String(rows)}`);
  if (x.length !== rows * features) throw new RangeError(`x has ${x.length} values but rows × features = ${rows} × ${features} = ${rows * features}`);
  // Converting to a Float32Array rounds to nearest float32, exactly as Math.fround does.
  const input = x instanceof Float32Array ? x : Float32Array.from(x);
  for (let i = 0; i < input.length; i++) {
    if (Number.isNaN(input[i])) throw new RangeError(`x at row ${Math.floor(i / features)}, feature ${i % features} is NaN; the forest has no rule for missing values`);
  }
  const out = new Float64Array(rows * outputs);
  for (const tree of trees) {
    const values = tree.values;
    for (let r = 0; r < rows; r++) {
      const at = leafIndex(tree, input, r * features) * outputs;
      for (let k = 0; k < outputs; k++) out[r * outputs + k] = (out[r * outputs + k] as number) + (values[at + k] as number);
    }
  }
  const n = trees.length;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / n;
  return out;
}

/** The most probable class per row (the first on ties, as numpy's argmax), for a classification forest. */
export function predictClasses(forest: Forest, x: ArrayLike<number>, rows: number): Int32Array {
  if (forest.task !== 'classification') throw new RangeError('predictClasses needs a classification forest');
  const proba = predictForest(forest, x, rows);
  const k = forest.outputs;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if ((proba[r * k + j] as number) > (proba[r * k + best] as number)) best = j;
    out[r] = best;
  }
  return out;
}
