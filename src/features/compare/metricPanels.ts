/**
 * Which charts the compare view's "Metric curves" section draws for the chosen metrics: a
 * training metric and its validation twin (`loss` and `val_loss`, `acc` and `val_acc`) share one
 * chart, as Keras and TensorBoard users expect; metrics logged once per run (test_* scores)
 * are drawn together as bars, never as a column of one-dot line charts.
 */
import type { Run } from '../../domain/tracking/types';

export type MetricPanel =
  | { kind: 'curve'; metric: string; /** The validation metric drawn dashed in the same chart. */ overlay: string | null }
  | { kind: 'bars'; metrics: string[] };

/** At most this many curve charts are drawn before the user chooses. */
export const MAX_DEFAULT_CURVE_PANELS = 4;

/** A metric with at most one point in every run: a final score, not a curve. */
export function isSingleValue(runs: readonly Run[], metric: string): boolean {
  return runs.every((r) => (r.metrics[metric]?.count ?? 0) <= 1);
}

/** The validation twin's candidate names of a training metric: val_loss for loss and train_loss. */
function validationNames(metric: string): string[] {
  const base = metric.startsWith('train_') ? metric.slice('train_'.length) : metric;
  return [`val_${base}`, `validation_${base}`];
}

/** The training metric a validation metric belongs to, among `keys`; null when it is not one or has none. */
export function trainingTwin(metric: string, keys: readonly string[]): string | null {
  const match = /^(val|validation)_(.+)$/.exec(metric);
  if (!match?.[2]) return null;
  const base = match[2];
  return [base, `train_${base}`].find((k) => keys.includes(k)) ?? null;
}

/**
 * The charts for the chosen metrics, in the order chosen: a curve per training metric with its
 * validation twin overlaid when that is chosen too, a curve for a lone validation metric, and
 * one bar chart holding every chosen single-value metric (placed where the first one was chosen).
 */
export function metricPanels(runs: readonly Run[], chosen: readonly string[]): MetricPanel[] {
  const panels: MetricPanel[] = [];
  const used = new Set<string>();
  let bars: { kind: 'bars'; metrics: string[] } | null = null;
  for (const metric of chosen) {
    if (used.has(metric)) continue;
    used.add(metric);
    if (isSingleValue(runs, metric)) {
      if (!bars) panels.push((bars = { kind: 'bars', metrics: [] }));
      bars.metrics.push(metric);
      continue;
    }
    const twin = trainingTwin(metric, chosen);
    if (twin && !isSingleValue(runs, twin)) {
      if (!used.has(twin)) {
        used.add(twin);
        panels.push({ kind: 'curve', metric: twin, overlay: metric });
      }
      continue;
    }
    const overlay = validationNames(metric).find((v) => chosen.includes(v) && !used.has(v) && !isSingleValue(runs, v)) ?? null;
    if (overlay) used.add(overlay);
    panels.push({ kind: 'curve', metric, overlay });
  }
  return panels;
}

/**
 * The metrics drawn before the user chooses: the first few curves (a training metric with its
 * validation twin counting as one chart), then every test_* score, drawn as bars.
 */
export function defaultMetrics(runs: readonly Run[], keys: readonly string[]): string[] {
  const curves = keys.filter((k) => !isSingleValue(runs, k));
  const panels = metricPanels(runs, curves).slice(0, MAX_DEFAULT_CURVE_PANELS);
  const drawn = panels.flatMap((p) => (p.kind === 'curve' ? [p.metric, ...(p.overlay ? [p.overlay] : [])] : []));
  const scores = keys.filter((k) => k.startsWith('test_') && isSingleValue(runs, k));
  return [...drawn, ...scores];
}
