/**
 * A run's main metric: the one number its headline, the coach, a repeat with other seeds and the
 * "is the difference real?" panel read first. One rule, so those never disagree about which
 * metric a run is about.
 */
import { BASELINE_METRICS, BASELINE_PAIRS } from '../ml/baseline';

/** Metrics that tell most about a run that logged no test metric, best first. */
const FALLBACK_KEYS = ['val_accuracy', 'val_acc', 'accuracy', 'acc', 'val_loss', 'loss'];
const BASELINE_KEYS: ReadonlySet<string> = new Set(Object.values(BASELINE_METRICS));

/** The key of the run's main metric: a test metric with a baseline pair, another test metric, then the usual training metrics. */
export function mainMetricKey(keys: readonly string[]): string | null {
  const present = new Set(keys);
  const paired = BASELINE_PAIRS.find((pair) => present.has(pair.metric));
  if (paired) return paired.metric;
  const tests = keys.filter((k) => k.startsWith('test_') && !BASELINE_KEYS.has(k)).sort();
  if (tests[0]) return tests[0];
  const fallback = FALLBACK_KEYS.find((k) => present.has(k));
  if (fallback) return fallback;
  return [...keys].sort()[0] ?? null;
}
