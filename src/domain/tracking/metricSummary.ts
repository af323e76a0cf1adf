import type { MetricColumns, MetricSummary } from './types';

/** MLflow's "latest": the largest (step, timestamp, value) tuple; NaN counts as smallest. */
export function isLaterPoint(
  a: { step: number; timestamp: number; value: number },
  b: { step: number; timestamp: number; value: number },
): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  if (Number.isNaN(b.value)) return !Number.isNaN(a.value);
  return a.value > b.value;
}

/**
 * Folds points into a summary without reading the history (the store keeps it on the run row).
 * min/max ignore NaN and are NaN only while every point is NaN.
 */
export function updateSummary(summary: MetricSummary | undefined, points: MetricColumns, key: string): MetricSummary {
  const n = points.values.length;
  if (!summary && n === 0) throw new Error(`updateSummary called with no points for "${key}"`);
  let latest = summary
    ? summary.latest
    : { value: points.values[0] as number, step: points.steps[0] as number, timestamp: points.timestamps[0] as number };
  let min = summary ? summary.min : NaN;
  let max = summary ? summary.max : NaN;
  for (let i = 0; i < n; i++) {
    const p = { value: points.values[i] as number, step: points.steps[i] as number, timestamp: points.timestamps[i] as number };
    if (isLaterPoint(p, latest)) latest = p;
    if (!Number.isNaN(p.value)) {
      min = Number.isNaN(min) || p.value < min ? p.value : min;
      max = Number.isNaN(max) || p.value > max ? p.value : max;
    }
  }
  return { key, latest: { ...latest }, min, max, count: (summary?.count ?? 0) + n };
}
