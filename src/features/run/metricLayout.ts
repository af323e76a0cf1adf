/**
 * How a run's metrics are laid out on the run page and the Train panel: metrics with one value
 * (the test scores, logged once at the end) go in a table, since a chart of one dot says nothing;
 * metrics logged over steps are curves, and the training and validation curves of one quantity
 * (`loss` / `val_loss`, `acc` / `val_acc`, `train_rmse` / `val_rmse`) share one chart.
 */
import type { MetricSummary } from '../../domain/tracking/types';

/** One chart: the metric keys it overlays, training first and validation last. */
export interface CurveGroup {
  /** The first key: the chart's id (`data-metric-key`). */
  readonly key: string;
  readonly keys: readonly string[];
  /** "loss and val_loss", or the key alone. */
  readonly title: string;
}

export interface MetricLayout {
  readonly curves: readonly CurveGroup[];
  readonly oneValue: readonly MetricSummary[];
}

/** The quantity a key measures, without its split prefix: loss, val_loss and train_loss all give "loss". */
export function curveBase(key: string): string {
  if (key.startsWith('val_') && key.length > 4) return key.slice(4);
  if (key.startsWith('train_') && key.length > 6) return key.slice(6);
  return key;
}

const compareKeys = (a: string, b: string) => a.localeCompare(b);

/**
 * Splits the metrics: a metric with a single point is a one-value metric when it is a test score
 * or the run has ended (while a run trains, a curve's first point is the start of a curve).
 */
export function metricLayout(summaries: readonly MetricSummary[], options: { running: boolean }): MetricLayout {
  const oneValue: MetricSummary[] = [];
  const byBase = new Map<string, string[]>();
  for (const summary of [...summaries].sort((a, b) => compareKeys(a.key, b.key))) {
    if (summary.count <= 1 && (summary.key.startsWith('test_') || !options.running)) {
      oneValue.push(summary);
      continue;
    }
    const base = curveBase(summary.key);
    byBase.set(base, [...(byBase.get(base) ?? []), summary.key]);
  }
  const curves = [...byBase.entries()]
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([, keys]): CurveGroup => {
      const ordered = [...keys.filter((k) => !k.startsWith('val_')), ...keys.filter((k) => k.startsWith('val_'))];
      return { key: ordered[0] as string, keys: ordered, title: ordered.join(' and ') };
    });
  return { curves, oneValue };
}
