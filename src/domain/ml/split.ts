/**
 * Train/test and validation splits as row indices, reproducing the sizes (and, for stratified
 * splits, the per-class allocation) of scikit-learn's `train_test_split` and the tail split of
 * Keras `fit(validation_split=…)`. The random order comes from our seeded generator, so the same
 * seed gives the same rows here every time, but not the rows numpy would pick.
 */
import { createRandom, permutation, shuffleInPlace } from './random';
import type { Random } from './random';

export interface TrainTestSplitOptions {
  /** Fraction of rows for the test set, strictly between 0 and 1. */
  testFraction: number;
  /** Integer seed for the shuffle (see `createRandom`). */
  seed: number;
  /** One class label per row; when given, each class keeps its share in both sets (sklearn's `stratify=`). */
  stratifyBy?: ArrayLike<number | string>;
}

export interface TrainTestSplit {
  train: Uint32Array;
  test: Uint32Array;
}

export interface ValidationSplit {
  train: Uint32Array;
  validation: Uint32Array;
}

function checkFraction(name: string, fraction: number): void {
  if (!(fraction > 0 && fraction < 1)) {
    throw new RangeError(`${name} must be strictly between 0 and 1, got ${String(fraction)}`);
  }
}

/**
 * The set sizes sklearn's `train_test_split(test_size=testFraction)` gives for n rows:
 * test = ceil(n · testFraction), train = n − test, with sklearn's float arithmetic, quirks included
 * (0.07 · 100 = 7.000000000000001 in IEEE doubles, so 100 rows at 0.07 give 8 test rows, as in Python).
 * Throws when either set would be empty.
 */
export function splitSizes(n: number, testFraction: number): { train: number; test: number } {
  checkFraction('testFraction', testFraction);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Row count must be a non-negative integer, got ${String(n)}`);
  const test = Math.ceil(n * testFraction);
  const train = n - test;
  if (train < 1) {
    throw new RangeError(
      `With ${n} rows and testFraction=${testFraction}, the train set would be empty (test takes ceil(${n} × ${testFraction}) = ${test} rows); use more rows or a smaller testFraction`,
    );
  }
  return { train, test };
}

/**
 * Splits rows 0..n-1 into shuffled train and test indices, deterministically per seed.
 * Without `stratifyBy`: a seeded permutation; the first `test` entries are the test set, the rest
 * train (sklearn's ShuffleSplit layout). With `stratifyBy`: sklearn's StratifiedShuffleSplit
 * allocation (see `approximateMode`), so each class's test share is as close to testFraction as
 * whole rows allow; every class needs at least 2 rows, and each set at least one row per class.
 * Both arrays come back in shuffled order (not sorted), ready to feed a training loop.
 */
export function trainTestSplit(n: number, options: TrainTestSplitOptions): TrainTestSplit {
  const { testFraction, seed, stratifyBy } = options;
  const sizes = splitSizes(n, testFraction);
  const random = createRandom(seed);
  if (stratifyBy === undefined) {
    const order = permutation(n, random);
    return { test: order.slice(0, sizes.test), train: order.slice(sizes.test) };
  }
  if (stratifyBy.length !== n) {
    throw new RangeError(`stratifyBy has ${stratifyBy.length} labels but there are ${n} rows`);
  }
  return stratifiedSplit(groupByClass(stratifyBy), sizes, random);
}

/** Row indices per class, classes in sorted order (numbers ascending before strings), as np.unique. */
function groupByClass(labels: ArrayLike<number | string>): number[][] {
  const groups = new Map<number | string, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number | string;
    if (typeof label === 'number' && Number.isNaN(label)) throw new RangeError(`stratifyBy[${i}] is NaN`);
    const rows = groups.get(label);
    if (rows) rows.push(i);
    else groups.set(label, [i]);
  }
  const keys = [...groups.keys()].sort((a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  });
  return keys.map((k) => groups.get(k) as number[]);
}

function stratifiedSplit(classRows: number[][], sizes: { train: number; test: number }, random: Random): TrainTestSplit {
  const counts = classRows.map((rows) => rows.length);
  const smallest = Math.min(...counts);
  if (smallest < 2) {
    throw new RangeError(
      'The least populated class in stratifyBy has only 1 row, which is too few: every class needs at least 2 rows to appear in both train and test',
    );
  }
  const k = counts.length;
  if (sizes.train < k) throw new RangeError(`The train set (${sizes.train} rows) must have at least one row per class (${k} classes)`);
  if (sizes.test < k) throw new RangeError(`The test set (${sizes.test} rows) must have at least one row per class (${k} classes)`);
  const trainPerClass = approximateMode(counts, sizes.train, random);
  const remaining = counts.map((c, i) => c - (trainPerClass[i] as number));
  const testPerClass = approximateMode(remaining, sizes.test, random);
  const train = new Uint32Array(sizes.train);
  const test = new Uint32Array(sizes.test);
  let t = 0;
  let s = 0;
  classRows.forEach((rows, c) => {
    const shuffled = shuffleInPlace<number, number[]>([...rows], random);
    const nTrain = trainPerClass[c] as number;
    const nTest = testPerClass[c] as number;
    for (let i = 0; i < nTrain; i++) train[t++] = shuffled[i] as number;
    for (let i = nTrain; i < nTrain + nTest; i++) test[s++] = shuffled[i] as number;
  });
  return { train: shuffleInPlace<number, Uint32Array>(train, random), test: shuffleInPlace<number, Uint32Array>(test, random) };
}

/**
 * sklearn's `_approximate_mode`: split `draws` items across classes in proportion to `counts`.
 * Each class first gets floor(count / total · draws); the rows still missing go to the classes with
 * the largest fractional remainders, ties broken at random (seeded), never above a class's count.
 * Exported for tests and for previewing stratified split sizes.
 */
export function approximateMode(counts: readonly number[], draws: number, random: Random): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * draws);
  const floored = continuous.map(Math.floor);
  let needToAdd = draws - floored.reduce((a, b) => a + b, 0);
  if (needToAdd > 0) {
    const remainder = continuous.map((c, i) => c - (floored[i] as number));
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const tied: number[] = [];
      remainder.forEach((r, i) => {
        if (r === value) tied.push(i);
      });
      shuffleInPlace<number, number[]>(tied, random);
      const addNow = Math.min(tied.length, needToAdd);
      for (let j = 0; j < addNow; j++) floored[tied[j] as number] = (floored[tied[j] as number] as number) + 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/**
 * Keras's `validation_split`: the LAST `fraction` of the given training rows become the validation
 * set, in order, with no shuffling. The cut is floor(n · (1 − fraction)) with Keras's float
 * arithmetic (7 rows at 0.3: 7 × 0.7 = 4.8999999999999995 → 4 train rows, 3 validation rows).
 * Throws when either part would be empty. Returns copies, not views of `trainRows`.
 */
export function validationSplit(trainRows: ArrayLike<number>, fraction: number): ValidationSplit {
  checkFraction('Validation fraction', fraction);
  const n = trainRows.length;
  const splitAt = Math.floor(n * (1 - fraction));
  if (splitAt < 1 || splitAt >= n) {
    throw new RangeError(
      `A validation split of ${fraction} on ${n} training rows leaves ${splitAt} for training and ${n - splitAt} for validation; both need at least one row`,
    );
  }
  const rows = Uint32Array.from(trainRows);
  return { train: rows.slice(0, splitAt), validation: rows.slice(splitAt) };
}
