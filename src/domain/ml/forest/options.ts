/**
 * The forest's options: scikit-learn's defaults filled in, every value checked with an error that
 * names the option, and `max_features` resolved to a count the way scikit-learn resolves it.
 */
import type { ForestData, ForestOptions, ForestTask, MaxFeatures, ResolvedForestOptions } from './forest.types';

/** Fills in scikit-learn's defaults for `task` and checks every option; throws a RangeError naming the first bad one. */
export function resolveForestOptions(options: ForestOptions, task: ForestTask): ResolvedForestOptions {
  const resolved: ResolvedForestOptions = {
    nEstimators: options.nEstimators ?? 100,
    maxDepth: options.maxDepth ?? null,
    minSamplesLeaf: options.minSamplesLeaf ?? 1,
    // RandomForestRegressor's default is max_features=1.0 (all), RandomForestClassifier's 'sqrt'.
    maxFeatures: options.maxFeatures ?? (task === 'regression' ? 'all' : 'sqrt'),
    bootstrap: options.bootstrap ?? true,
    seed: options.seed ?? 0,
  };
  checkOptions(resolved);
  return resolved;
}

/** Throws a RangeError naming the first option that is out of range. */
export function checkOptions(options: ResolvedForestOptions): void {
  const { nEstimators, maxDepth, minSamplesLeaf, maxFeatures, bootstrap, seed } = options;
  if (!isCount(nEstimators)) throw new RangeError(`nEstimators must be an integer ≥ 1, got ${String(nEstimators)}`);
  if (maxDepth !== null && !isCount(maxDepth)) throw new RangeError(`maxDepth must be null (unlimited) or an integer ≥ 1, got ${String(maxDepth)}`);
  if (!isCount(minSamplesLeaf)) throw new RangeError(`minSamplesLeaf must be an integer ≥ 1, got ${String(minSamplesLeaf)}`);
  if (typeof bootstrap !== 'boolean') throw new RangeError(`bootstrap must be true or false, got ${String(bootstrap)}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${String(seed)}`);
  if (typeof maxFeatures === 'number') {
    if (!(maxFeatures > 0 && (maxFeatures < 1 || isCount(maxFeatures)))) {
      throw new RangeError(`maxFeatures must be a fraction in (0, 1), an integer ≥ 1, 'sqrt', 'log2' or 'all', got ${String(maxFeatures)}`);
    }
  } else if (maxFeatures !== 'sqrt' && maxFeatures !== 'log2' && maxFeatures !== 'all') {
    throw new RangeError(`maxFeatures must be 'sqrt', 'log2', 'all' or a number, got ${String(maxFeatures)}`);
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/**
 * The number of features drawn at each split for a table of `features` columns, as scikit-learn's
 * `_validate_params`/`fit` compute it: max(1, int(sqrt(n))), max(1, int(log2(n))), max(1, int(f · n)),
 * the count itself, or n. A count above n throws, as scikit-learn does.
 */
export function resolveMaxFeatures(maxFeatures: MaxFeatures, features: number): number {
  switch (maxFeatures) {
    case 'all':
      return features;
    case 'sqrt':
      return Math.max(1, Math.floor(Math.sqrt(features)));
    case 'log2':
      return Math.max(1, Math.floor(Math.log2(features)));
    default:
      if (maxFeatures < 1) return Math.max(1, Math.floor(maxFeatures * features));
      if (maxFeatures > features) throw new RangeError(`maxFeatures = ${maxFeatures} is more than the ${features} features of the data`);
      return maxFeatures;
  }
}

/**
 * Reads max_features as a user types it in scikit-learn: 'sqrt', 'log2', 'None' or 'all'; a
 * Python float literal ("1.0", "0.5", ".3") is a fraction, so "1.0" means all features; an
 * integer literal ("1", "4") is a count. Throws a RangeError for anything else.
 */
export function parseMaxFeatures(text: string): MaxFeatures {
  const t = text.trim();
  if (t === 'sqrt' || t === 'log2' || t === 'all') return t;
  if (t === 'None') return 'all';
  if (/^\d+$/.test(t)) {
    const count = Number(t);
    if (count >= 1 && Number.isSafeInteger(count)) return count;
  } else if (/^(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$|^\d+[eE][-+]?\d+$/.test(t)) {
    const fraction = Number(t);
    if (fraction === 1) return 'all';
    if (fraction > 0 && fraction < 1) return fraction;
  }
  throw new RangeError(`max_features must be 'sqrt', 'log2', 'None', an integer count ≥ 1 or a fraction in (0, 1.0], got '${text}'`);
}

/**
 * Checks a training table; returns the number of outputs (1 for regression, K for classification).
 * Throws a RangeError naming the field, row or column at fault.
 */
export function checkForestData(data: ForestData): number {
  const { x, y, rows, features, task } = data;
  if (task !== 'regression' && task !== 'classification') throw new RangeError(`task must be 'regression' or 'classification', got ${String(task)}`);
  if (!isCount(rows)) throw new RangeError(`rows must be an integer ≥ 1, got ${String(rows)}`);
  // The model file stores split features as 16-bit indices.
  if (!isCount(features) || features > 65536) throw new RangeError(`features must be an integer in 1..65536, got ${String(features)}`);
  if (!(x instanceof Float32Array)) throw new RangeError('x must be a Float32Array (rows × features, row-major)');
  if (!(y instanceof Float64Array)) throw new RangeError('y must be a Float64Array');
  if (x.length !== rows * features) throw new RangeError(`x has ${x.length} values but rows × features = ${rows} × ${features} = ${rows * features}`);
  if (y.length !== rows) throw new RangeError(`y has ${y.length} values but there are ${rows} rows`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new RangeError(`x at row ${Math.floor(i / features)}, feature ${i % features} is ${String(x[i])}; the forest needs finite values`);
    }
  }
  if (task === 'regression') {
    for (let r = 0; r < rows; r++) if (!Number.isFinite(y[r])) throw new RangeError(`y[${r}] is ${String(y[r])}; regression targets must be finite`);
    return 1;
  }
  let top = 0;
  for (let r = 0; r < rows; r++) {
    const v = y[r] as number;
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`y[${r}] = ${String(v)} is not a class index (an integer ≥ 0)`);
    top = Math.max(top, v);
  }
  const classes = data.classes ?? top + 1;
  if (!isCount(classes)) throw new RangeError(`classes must be an integer ≥ 1, got ${String(classes)}`);
  if (top >= classes) throw new RangeError(`y holds class ${top} but classes = ${classes} (indices run 0..${classes - 1})`);
  return classes;
}
