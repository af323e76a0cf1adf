/**
 * Evaluation metrics with scikit-learn's definitions, so numbers logged here can be compared with
 * numbers from Python. All inputs are `ArrayLike<number>` (plain or typed arrays).
 *
 * Shared rules:
 * - Inputs that must pair up (truth and prediction) must have equal lengths, or an Error names both.
 * - Empty inputs throw, except `confusionMatrix`, whose all-zero answer is well defined.
 * - Regression metrics let NaN through: a diverged model's NaN prediction gives a NaN metric, which
 *   the tracker logs as NaN (as MLflow does) rather than hiding it.
 * - Classification labels are class indices 0..k−1; anything else (NaN, −1, 2.5, k) throws,
 *   naming the array, position and value. `rocAuc` scores may be ±Infinity but not NaN.
 */

function checkPair(aName: string, a: ArrayLike<number>, bName: string, b: ArrayLike<number>, allowEmpty = false): void {
  if (a.length !== b.length) throw new RangeError(`${aName} has ${a.length} values but ${bName} has ${b.length}`);
  if (a.length === 0 && !allowEmpty) throw new RangeError(`${aName} and ${bName} are empty; a metric needs at least one sample`);
}

function checkLabels(name: string, labels: ArrayLike<number>, numClasses?: number): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i] as number;
    if (!Number.isInteger(v) || v < 0 || (numClasses !== undefined && v >= numClasses)) {
      const range = numClasses === undefined ? 'a non-negative integer' : `a class index in 0..${numClasses - 1} (numClasses = ${numClasses})`;
      throw new RangeError(`${name}[${i}] = ${String(v)} is not ${range}`);
    }
  }
}

function checkNumClasses(numClasses: number, minimum: number): void {
  if (!Number.isSafeInteger(numClasses) || numClasses < minimum) {
    throw new RangeError(`numClasses must be an integer ≥ ${minimum}, got ${String(numClasses)}`);
  }
}

function sumSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const d = (yTrue[i] as number) - (yPred[i] as number);
    sum += d * d;
  }
  return sum;
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum / values.length;
}

/** Root mean squared error: sqrt(Σ (y − ŷ)² / n). */
export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair('yTrue', yTrue, 'yPred', yPred);
  return Math.sqrt(sumSquaredError(yTrue, yPred) / yTrue.length);
}

/** Mean absolute error: Σ |y − ŷ| / n. */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair('yTrue', yTrue, 'yPred', yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs((yTrue[i] as number) - (yPred[i] as number));
  return sum / yTrue.length;
}

/**
 * Coefficient of determination, sklearn's `r2_score`: 1 − Σ (y − ŷ)² / Σ (y − ȳ)².
 * A constant target (all yTrue equal, checked exactly rather than through a float sum that can
 * drift off zero) has no variance to explain: r2 = 1 if every prediction is exact, else 0
 * (sklearn's force_finite=True). Fewer than two samples: NaN, as sklearn ("not well-defined").
 */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair('yTrue', yTrue, 'yPred', yPred);
  const n = yTrue.length;
  if (n < 2) return Number.NaN;
  const residual = sumSquaredError(yTrue, yPred);
  const first = yTrue[0] as number;
  let constant = true;
  for (let i = 1; i < n && constant; i++) constant = yTrue[i] === first;
  if (constant) return Number.isNaN(residual) ? Number.NaN : residual === 0 ? 1 : 0;
  const m = mean(yTrue);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = (yTrue[i] as number) - m;
    total += d * d;
  }
  return 1 - residual / total;
}

/** Fraction of positions where the predicted class equals the true class. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair('yTrue', yTrue, 'yPred', yPred);
  checkLabels('yTrue', yTrue);
  checkLabels('yPred', yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

/** Counts as sklearn's `confusion_matrix(labels=range(numClasses))`: row = true class, column = predicted class. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): number[][] {
  checkPair('yTrue', yTrue, 'yPred', yPred, true);
  checkNumClasses(numClasses, 1);
  checkLabels('yTrue', yTrue, numClasses);
  checkLabels('yPred', yPred, numClasses);
  const counts = new Float64Array(numClasses * numClasses);
  for (let i = 0; i < yTrue.length; i++) {
    const cell = (yTrue[i] as number) * numClasses + (yPred[i] as number);
    counts[cell] = (counts[cell] as number) + 1;
  }
  return Array.from({ length: numClasses }, (_, r) => Array.from(counts.subarray(r * numClasses, (r + 1) * numClasses)));
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Number of true samples of the class (for averages: of all classes). */
  support: number;
}

export interface ClassificationReport {
  /** One entry per class index 0..numClasses−1, including classes that never occur (support 0). */
  perClass: ClassScores[];
  /** The classes that enter the macro average: those present in yTrue or yPred (sklearn's default labels). */
  labels: number[];
  accuracy: number;
  macro: ClassScores;
  weighted: ClassScores;
}

/** a / b, or 0 when b is 0: sklearn's zero_division=0. */
function divide(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/**
 * sklearn's `classification_report(yTrue, yPred, output_dict=True, zero_division=0)`.
 * precision = tp / predicted, recall = tp / support, f1 = 2tp / (support + predicted) (equal to the
 * harmonic mean of precision and recall, and 0 instead of undefined). Every 0/0 gives 0.
 * macro: unweighted mean over `labels`, the classes seen in yTrue or yPred, as sklearn does when
 * no `labels=` are passed; classes absent from both are listed in perClass but do not drag the macro
 * average down. weighted: mean over all classes weighted by support (absent classes weigh 0).
 */
export function classificationReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): ClassificationReport {
  checkPair('yTrue', yTrue, 'yPred', yPred);
  const matrix = confusionMatrix(yTrue, yPred, numClasses);
  const predicted = new Float64Array(numClasses);
  matrix.forEach((row) => row.forEach((count, c) => (predicted[c] = (predicted[c] as number) + count)));
  let correct = 0;
  const perClass = matrix.map((row, c) => {
    const tp = row[c] as number;
    const support = row.reduce((a, b) => a + b, 0);
    const pred = predicted[c] as number;
    correct += tp;
    return { precision: divide(tp, pred), recall: divide(tp, support), f1: divide(2 * tp, support + pred), support };
  });
  const labels = perClass.flatMap((s, c) => (s.support > 0 || (predicted[c] as number) > 0 ? [c] : []));
  const total = yTrue.length;
  const macro = { precision: 0, recall: 0, f1: 0, support: total };
  const weighted = { precision: 0, recall: 0, f1: 0, support: total };
  for (const c of labels) {
    const s = perClass[c] as ClassScores;
    macro.precision += s.precision;
    macro.recall += s.recall;
    macro.f1 += s.f1;
    weighted.precision += s.precision * s.support;
    weighted.recall += s.recall * s.support;
    weighted.f1 += s.f1 * s.support;
  }
  for (const key of ['precision', 'recall', 'f1'] as const) {
    macro[key] = divide(macro[key], labels.length);
    weighted[key] = divide(weighted[key], total);
  }
  return { perClass, labels, accuracy: correct / total, macro, weighted };
}

/**
 * Area under the ROC curve for binary labels (0 = negative, 1 = positive) and real-valued scores
 * (higher = more positive), as sklearn's `roc_auc_score`. Computed as the Mann–Whitney statistic
 * with average ranks for tied scores, which equals the trapezoidal area under sklearn's ROC curve:
 * a positive and a negative with equal scores count one half. Throws if only one class is present
 * (AUC is undefined, as in sklearn), on labels other than 0/1, or on NaN scores.
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkPair('yTrue', yTrue, 'scores', scores);
  checkLabels('yTrue', yTrue, 2);
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new RangeError(`scores[${i}] is NaN; ROC AUC needs a score for every sample`);
  }
  return aucByRanks(yTrue, Float64Array.from(scores), (label) => label === 1);
}

/** Mann–Whitney AUC of `isPositive(label)` against the rest; `scores` is scratch, not modified. */
function aucByRanks(labels: ArrayLike<number>, scores: Float64Array, isPositive: (label: number) => boolean): number {
  const n = labels.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    const sa = scores[a] as number;
    const sb = scores[b] as number;
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    const score = scores[order[start] as number] as number;
    let end = start;
    let groupPositives = 0;
    while (end < n && scores[order[end] as number] === score) {
      if (isPositive(labels[order[end] as number] as number)) groupPositives++;
      end++;
    }
    // 1-based ranks start+1..end share their average (start + 1 + end) / 2.
    positiveRankSum += (groupPositives * (start + 1 + end)) / 2;
    positives += groupPositives;
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    throw new RangeError('Only one class present in yTrue: ROC AUC is not defined in that case');
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Macro one-vs-rest ROC AUC for k classes, as sklearn's `roc_auc_score(multi_class='ovr',
 * average='macro')`: for each class c, the binary AUC of "is c" against column c of the row-major
 * n × numClasses `probabilities`, then the unweighted mean. Unlike sklearn, which refuses inputs
 * where some class never occurs in yTrue, classes absent from yTrue are skipped (their AUC is
 * undefined) and the mean is over the classes present: a small test set of a 46-topic corpus
 * rarely holds every topic. Rows need not sum to 1 (sklearn checks; ranks do not care).
 * Throws when fewer than two classes are present in yTrue.
 */
export function rocAucOvr(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>, numClasses: number): number {
  checkNumClasses(numClasses, 2);
  const n = yTrue.length;
  if (n === 0) throw new RangeError('yTrue is empty; a metric needs at least one sample');
  if (probabilities.length !== n * numClasses) {
    throw new RangeError(
      `probabilities has ${probabilities.length} values but yTrue.length × numClasses = ${n} × ${numClasses} = ${n * numClasses}`,
    );
  }
  checkLabels('yTrue', yTrue, numClasses);
  const present = new Uint8Array(numClasses);
  for (let i = 0; i < n; i++) present[yTrue[i] as number] = 1;
  const classes: number[] = [];
  for (let c = 0; c < numClasses; c++) if (present[c] === 1) classes.push(c);
  if (classes.length < 2) throw new RangeError(`Only one class present in yTrue: ROC AUC is not defined in that case`);
  const column = new Float64Array(n);
  let sum = 0;
  for (const c of classes) {
    for (let i = 0; i < n; i++) {
      const v = probabilities[i * numClasses + c] as number;
      if (Number.isNaN(v)) throw new RangeError(`probabilities[${i * numClasses + c}] (row ${i}, class ${c}) is NaN`);
      column[i] = v;
    }
    sum += aucByRanks(yTrue, column, (label) => label === c);
  }
  return sum / classes.length;
}
