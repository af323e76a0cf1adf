/**
 * The curves the evaluation views draw from predictions: one-vs-rest ROC curves (classification)
 * and residuals (regression).
 */
export interface RocCurve {
  classIndex: number;
  label: string;
  /** False-positive rate at each threshold, from 0 to 1 (empty when the curve is undefined). */
  fpr: number[];
  /** True-positive rate at each threshold, from 0 to 1. */
  tpr: number[];
  /** Area under the curve; null when the class has no positives or no negatives in yTrue. */
  auc: number | null;
  /** Test examples of the class. */
  positives: number;
}

/**
 * One-vs-rest ROC curves: for each class c, "is c" against column c of the row-major
 * n × numClasses `probabilities`. Thresholds walk down through the distinct scores; examples with
 * equal scores move the curve in one (diagonal) step, so the trapezoidal area equals `rocAuc`
 * (ties count one half). Points on a straight segment are dropped (the area does not change).
 */
export function rocCurveOvr(
  yTrue: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  numClasses: number,
  labels: readonly string[] = [],
): RocCurve[] {
  const n = yTrue.length;
  if (!Number.isSafeInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be an integer ≥ 1, got ${numClasses}`);
  if (probabilities.length !== n * numClasses) {
    throw new RangeError(`probabilities has ${probabilities.length} values but yTrue.length × numClasses = ${n} × ${numClasses} = ${n * numClasses}`);
  }
  for (let i = 0; i < n; i++) {
    const y = yTrue[i] as number;
    if (!Number.isInteger(y) || y < 0 || y >= numClasses) throw new RangeError(`yTrue[${i}] = ${y} is not a class index in 0..${numClasses - 1}`);
  }
  for (let i = 0; i < probabilities.length; i++) {
    if (Number.isNaN(probabilities[i])) throw new RangeError(`probabilities[${i}] (row ${Math.floor(i / numClasses)}) is NaN`);
  }
  const order = new Uint32Array(n);
  const scores = new Float64Array(n);
  return Array.from({ length: numClasses }, (_, c) => {
    for (let i = 0; i < n; i++) {
      order[i] = i;
      scores[i] = probabilities[i * numClasses + c] as number;
    }
    order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || 0);
    let positives = 0;
    for (let i = 0; i < n; i++) if (yTrue[i] === c) positives++;
    const negatives = n - positives;
    const label = labels[c] ?? String(c);
    if (positives === 0 || negatives === 0) return { classIndex: c, label, fpr: [], tpr: [], auc: null, positives };
    // Integer counts, so collinearity and the area are exact until the final division.
    const fps = [0];
    const tps = [0];
    let fp = 0;
    let tp = 0;
    let area = 0;
    for (let start = 0; start < n; ) {
      const score = scores[order[start] as number] as number;
      let end = start;
      while (end < n && scores[order[end] as number] === score) {
        if (yTrue[order[end] as number] === c) tp++;
        else fp++;
        end++;
      }
      const last = fps.length - 1;
      area += ((fp - (fps[last] as number)) * (tp + (tps[last] as number))) / 2;
      if (last >= 1) {
        const x0 = fps[last - 1] as number;
        const y0 = tps[last - 1] as number;
        const onLine = ((fps[last] as number) - x0) * (tp - y0) === (fp - x0) * ((tps[last] as number) - y0);
        if (onLine) {
          fps.pop();
          tps.pop();
        }
      }
      fps.push(fp);
      tps.push(tp);
      start = end;
    }
    return {
      classIndex: c,
      label,
      fpr: fps.map((v) => v / negatives),
      tpr: tps.map((v) => v / positives),
      auc: area / (positives * negatives),
      positives,
    };
  });
}

/** Residuals yᵢ − ŷᵢ (true minus predicted: positive where the model predicted too low). */
export function residuals(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): Float64Array {
  if (yTrue.length !== yPred.length) throw new RangeError(`yTrue has ${yTrue.length} values but yPred has ${yPred.length}`);
  return Float64Array.from({ length: yTrue.length }, (_, i) => (yTrue[i] as number) - (yPred[i] as number));
}
