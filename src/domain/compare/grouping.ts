/**
 * Grouping runs by a param or tag value, and folding the curves of a group into one mean line
 * with a min–max band (MLflow's run grouping in charts).
 *
 * aggregateCurves does not interpolate: at each x it aggregates only the curves that logged a
 * point at exactly that x. Runs that log at the same steps (the common case: epochs) aggregate
 * exactly; on a wall-time axis, where x rarely coincides, callers should aggregate by step.
 * Interpolating would invent values between logged points and extend curves past their ends.
 */
import type { RunId } from '../ids';
import type { Run } from '../tracking/types';
import type { ColumnRef } from './columns';
import { columnValue, sortValues } from './columns';

export interface RunGroup {
  /** What to show: the value, "(none)" for runs without one, "(empty)" for an empty string. */
  label: string;
  /** The value itself; null for runs that have none. */
  value: string | null;
  runIds: RunId[];
}

export const NO_VALUE_LABEL = '(none)';
export const EMPTY_VALUE_LABEL = '(empty)';

/**
 * Runs grouped by their value in a column (usually a param or tag). Groups are ordered by value,
 * numerically when every value is a number, with the runs that have no value last; runs keep
 * their input order within a group. Metric values group by their text ("0.5", "NaN").
 */
export function groupRuns(runs: readonly Run[], by: ColumnRef): RunGroup[] {
  const groups = new Map<string, RunId[]>();
  const none: RunId[] = [];
  for (const run of runs) {
    const value = columnValue(run, by);
    if (value === null) {
      none.push(run.runId);
      continue;
    }
    const text = String(value);
    const list = groups.get(text);
    if (list) list.push(run.runId);
    else groups.set(text, [run.runId]);
  }
  const out: RunGroup[] = sortValues(groups.keys()).sorted.map((value) => ({
    label: value === '' ? EMPTY_VALUE_LABEL : value,
    value,
    runIds: groups.get(value) ?? [],
  }));
  if (none.length > 0) out.push({ label: NO_VALUE_LABEL, value: null, runIds: none });
  return out;
}

export interface Curve {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface AggregatedCurve {
  /** Sorted union of every curve's finite x values. */
  x: Float64Array;
  /** Mean, min and max over the curves with a finite y at that x; NaN where none has one. */
  mean: Float64Array;
  min: Float64Array;
  max: Float64Array;
  /** How many curves contribute at each x (0 shows as a gap). */
  count: Uint32Array;
}

function sortedUniqueX(curves: readonly Curve[]): Float64Array {
  let total = 0;
  for (const c of curves) total += Math.min(c.x.length, c.y.length);
  const all = new Float64Array(total);
  let n = 0;
  for (const c of curves) {
    const len = Math.min(c.x.length, c.y.length);
    for (let i = 0; i < len; i++) {
      const x = c.x[i] as number;
      if (Number.isFinite(x)) all[n++] = x === 0 ? 0 : x; // fold -0 into 0
    }
  }
  const sorted = all.subarray(0, n).sort();
  let u = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[u - 1]) sorted[u++] = sorted[i] as number;
  return sorted.slice(0, u);
}

function indexOf(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = xs[mid] as number;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Mean, min and max of several curves at every x any of them logged (see the module note: no
 * interpolation). Non-finite y values are ignored, as are points with non-finite x. A curve with
 * several points at one x (duplicate steps) contributes once, with the mean of those points.
 * Curves need not be sorted; the mean is computed without overflow for values near ±1e308.
 */
export function aggregateCurves(curves: readonly Curve[]): AggregatedCurve {
  const x = sortedUniqueX(curves);
  const u = x.length;
  const mean = new Float64Array(u).fill(NaN);
  const min = new Float64Array(u).fill(NaN);
  const max = new Float64Array(u).fill(NaN);
  const count = new Uint32Array(u);
  // Per-curve scratch: the sum over duplicate points at one x, reset after each curve.
  const curveMean = new Float64Array(u);
  const curveCount = new Uint32Array(u);
  const touched: number[] = [];
  for (const c of curves) {
    const len = Math.min(c.x.length, c.y.length);
    for (let i = 0; i < len; i++) {
      const y = c.y[i] as number;
      if (!Number.isFinite(y)) continue;
      const k = indexOf(x, c.x[i] as number);
      if (k < 0) continue;
      const seen = (curveCount[k] as number) + 1;
      if (seen === 1) touched.push(k);
      curveCount[k] = seen;
      curveMean[k] = (curveMean[k] as number) * ((seen - 1) / seen) + y / seen;
    }
    for (const k of touched) {
      const v = curveMean[k] as number;
      const seen = (count[k] as number) + 1;
      count[k] = seen;
      mean[k] = seen === 1 ? v : (mean[k] as number) * ((seen - 1) / seen) + v / seen;
      if (seen === 1 || v < (min[k] as number)) min[k] = v;
      if (seen === 1 || v > (max[k] as number)) max[k] = v;
      curveMean[k] = 0;
      curveCount[k] = 0;
    }
    touched.length = 0;
  }
  return { x, mean, min, max, count };
}
