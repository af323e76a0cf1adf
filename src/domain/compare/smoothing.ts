/**
 * TensorBoard's curve smoothing: a debiased exponential moving average. Debiasing divides by
 * (1 - w^n) so the first points are not dragged towards the zero the average starts from.
 * Non-finite points (NaN, ±Infinity) are stored as logged and drawn as gaps, so they pass through
 * unchanged and do not feed the average.
 */

/** The highest weight the slider offers; at 1 the average would never move. */
export const MAX_SMOOTHING = 0.999;

/** Clamps a smoothing weight to [0, MAX_SMOOTHING]; NaN counts as 0 (no smoothing). */
export function clampSmoothing(weight: number): number {
  if (!(weight > 0)) return 0;
  return Math.min(weight, MAX_SMOOTHING);
}

/**
 * Smooths `values` with weight `weight` (clamped to [0, 0.999]): for each finite v,
 * last = last·w + (1 − w)·v and the output is last / (1 − wⁿ) after n finite points.
 * Weight 0 returns a copy of the input.
 */
export function smoothEma(values: ArrayLike<number>, weight: number): Float64Array {
  const w = clampSmoothing(weight);
  const out = new Float64Array(values.length);
  let last = 0;
  let debias = 1; // wⁿ for the n finite points so far, as a running product
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    debias *= w;
    out[i] = w === 1 ? last : last / (1 - debias);
  }
  return out;
}
