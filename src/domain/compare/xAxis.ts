/**
 * The x axis of metric curves, as MLflow offers it: step, wall time (ms since the epoch, for a date
 * axis) or relative time (seconds since the run started). Histories are stored in append order,
 * which is neither step nor time order once a run logs out of order, so sortHistory puts them in
 * drawing order.
 */
import type { MetricColumns } from '../tracking/types';

export type XAxisMode = 'step' | 'wall' | 'relative';
export const X_AXIS_MODES: readonly XAxisMode[] = ['step', 'wall', 'relative'];

export interface XAxisOptions {
  /**
   * Time (ms) that relative x counts from, usually Run.startTime so several metrics of one run
   * share an origin. Defaults to the earliest finite timestamp in the history.
   */
  runStart?: number;
}

export interface SortedHistory {
  x: Float64Array;
  y: Float64Array;
  steps: Float64Array;
  timestamps: Float64Array;
}

function historyLength(history: MetricColumns): number {
  return Math.min(history.steps.length, history.values.length, history.timestamps.length);
}

function earliest(timestamps: ArrayLike<number>, n: number): number {
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i] as number;
    if (t < min) min = t; // NaN never compares less
  }
  return Number.isFinite(min) ? min : NaN;
}

/** The x value of every point, in the history's own (append) order. */
export function xValues(history: MetricColumns, mode: XAxisMode, options: XAxisOptions = {}): Float64Array {
  const n = historyLength(history);
  const out = new Float64Array(n);
  if (mode === 'step') {
    for (let i = 0; i < n; i++) out[i] = history.steps[i] as number;
  } else if (mode === 'wall') {
    for (let i = 0; i < n; i++) out[i] = history.timestamps[i] as number;
  } else {
    const start = options.runStart ?? earliest(history.timestamps, n);
    for (let i = 0; i < n; i++) out[i] = ((history.timestamps[i] as number) - start) / 1000;
  }
  return out;
}

/** Orders NaN after every number; -0 and 0 are equal. */
function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}

/**
 * The history as parallel columns sorted by x, then by step, then by append order (so among
 * duplicate steps the later-logged point is drawn last). Points with NaN x go at the end.
 */
export function sortHistory(history: MetricColumns, mode: XAxisMode, options: XAxisOptions = {}): SortedHistory {
  const x = xValues(history, mode, options);
  const n = x.length;
  const steps = history.steps;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) {
    const c = compareNumbers(x[i - 1] as number, x[i] as number);
    if (c > 0 || (c === 0 && compareNumbers(steps[i - 1] as number, steps[i] as number) > 0)) sorted = false;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (!sorted) {
    order.sort(
      (a, b) =>
        compareNumbers(x[a] as number, x[b] as number) ||
        compareNumbers(steps[a] as number, steps[b] as number) ||
        a - b,
    );
  }
  const out: SortedHistory = {
    x: new Float64Array(n),
    y: new Float64Array(n),
    steps: new Float64Array(n),
    timestamps: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const j = order[i] as number;
    out.x[i] = x[j] as number;
    out.y[i] = history.values[j] as number;
    out.steps[i] = steps[j] as number;
    out.timestamps[i] = history.timestamps[j] as number;
  }
  return out;
}
