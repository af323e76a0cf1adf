/**
 * The headline of a run (run page and Train panel): its main metric against the baseline logged
 * with it (src/domain/ml/baseline.ts), in words a beginner can read, e.g.
 * "test accuracy 0.97 — always guessing the majority class: 0.36". Pure: unit-tested in Node.
 */
import { baselinePairOf } from '../../domain/ml/baseline';
import { mainMetricKey } from '../../domain/tracking/mainMetric';

export { mainMetricKey };
import type { MetricSummary, RunStatus } from '../../domain/tracking/types';

export interface HeadlineValue {
  readonly key: string;
  /** In words: "test accuracy", or the metric key when it has no words. */
  readonly label: string;
  readonly value: number;
  readonly text: string;
}

export interface Headline {
  /** The run's main metric; null when it has logged none. */
  readonly metric: HeadlineValue | null;
  /** The baseline logged with the run for that metric; null when none was logged. */
  readonly baseline: HeadlineValue | null;
  /** Whether the model beats its baseline; null without a baseline (or with a non-finite value). */
  readonly beatsBaseline: boolean | null;
  /** The headline as one line, e.g. "test RMSE 0.64 — guessing the mean: 0.81". */
  readonly sentence: string;
  /** What to make of it. */
  readonly note: string;
}

/** A headline number: two decimals below 1 (0.97, 0.36), three significant digits above (12.3, 1.23). */
export function formatHeadlineValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return String(Math.round(value));
  if (abs >= 1) return String(Number(value.toPrecision(3)));
  if (abs >= 0.01) return value.toFixed(2);
  return value.toPrecision(2);
}

function valueOf(key: string, label: string, summary: MetricSummary): HeadlineValue {
  const value = summary.latest.value;
  return { key, label, value, text: formatHeadlineValue(value) };
}

export function runHeadline(metrics: Readonly<Record<string, MetricSummary>>, status: RunStatus): Headline {
  const key = mainMetricKey(Object.keys(metrics));
  const summary = key === null ? undefined : metrics[key];
  if (key === null || !summary) {
    return {
      metric: null,
      baseline: null,
      beatsBaseline: null,
      sentence: 'No metrics logged yet',
      note: status === 'RUNNING' ? 'Metrics appear here as the run logs them.' : 'This run logged no metrics.',
    };
  }
  const pair = baselinePairOf(key);
  const metric = valueOf(key, pair?.label ?? key, summary);
  const baselineSummary = pair ? metrics[pair.baseline] : undefined;
  if (!pair || !baselineSummary) {
    const pending = status === 'RUNNING' && !key.startsWith('test_');
    return {
      metric,
      baseline: null,
      beatsBaseline: null,
      sentence: `${metric.label} ${metric.text}`,
      note: pending
        ? 'Still training: the test score and its baseline are logged when training ends.'
        : status === 'KILLED' && !key.startsWith('test_')
          ? 'Stopped before the end: a run is tested against its baseline only when training finishes.'
          : 'No baseline was logged with this run, so there is no simple guess to compare it with.',
    };
  }
  const baseline = valueOf(pair.baseline, pair.baselineLabel, baselineSummary);
  const comparable = Number.isFinite(metric.value) && Number.isFinite(baseline.value);
  const beatsBaseline = comparable ? (pair.higherIsBetter ? metric.value > baseline.value : metric.value < baseline.value) : null;
  return {
    metric,
    baseline,
    beatsBaseline,
    sentence: `${metric.label} ${metric.text} — ${baseline.label}: ${baseline.text}`,
    note:
      beatsBaseline === null
        ? 'One of the two is not a number, so they cannot be compared.'
        : beatsBaseline
          ? `Better than ${baseline.label}: the model learned something from its inputs.`
          : `No better than ${baseline.label}: the model has not learned more than that guess.`,
  };
}
