/**
 * Which direction is better for a metric key: the one rule the compare table, the models page and
 * the search form all use, so a metric is never "lower is better" on one page and "higher" on
 * another.
 */
import { explainMetric } from '../ml/metricGlossary';

export type Direction = 'lower' | 'higher';

const LOWER_WORDS = ['loss', 'error', 'rmse', 'mae', 'mse', 'perplexity', 'time', 'seconds'];
const HIGHER_WORDS = ['acc', 'accuracy', 'auc', 'f1', 'precision', 'recall', 'r2', 'score'];
const WORD = new RegExp(`(?<![a-z])(${[...LOWER_WORDS, ...HIGHER_WORDS].join('|')})(?![a-z])`, 'g');

/** What the glossary says for the key, or for it without a namespace like `train/` or `eval:`. */
function glossaryDirection(key: string): Direction | undefined {
  const bare = key.replace(/^.*[/:]/, '');
  for (const candidate of bare === key ? [key] : [key, bare]) {
    const better = explainMetric(candidate)?.better;
    if (better === 'lower' || better === 'higher') return better;
  }
  return undefined;
}

/**
 * Which direction is better for a metric key, or undefined when nothing says. Trainyard's metric
 * glossary decides first (a `neither` there, like `test_baseline_rmse`, leaves it to the words);
 * otherwise the key is read as words, split at non-letters and camelCase, so prefixes and
 * namespaces (`val_loss`, `test_rmse`, `train/loss`, `eval:recall`, `valLoss`, `top5_acc`) and
 * suffixes (`f1_score`, `test_f1_macro`, `roc_auc_ovr`) all count, but words inside other words
 * (`timestamp`, `accumulated`) do not. The last listed word found decides, as English compounds
 * put the head noun last (`accuracy_loss` is a loss). Loss, error, rmse, mae, mse, perplexity, time
 * and seconds are lower-is-better; acc, accuracy, auc, f1, precision, recall, r2 and score are
 * higher-is-better.
 */
export function knownMetricDirection(key: string): Direction | undefined {
  const trimmed = key.trim();
  const known = glossaryDirection(trimmed);
  if (known) return known;
  const words = trimmed.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  let last: string | undefined;
  for (const match of words.matchAll(WORD)) last = match[1];
  if (last === undefined) return undefined;
  return HIGHER_WORDS.includes(last) ? 'higher' : 'lower';
}

/** Which direction is better for a metric key, as knownMetricDirection; lower when nothing says. */
export function metricDirection(key: string): Direction {
  return knownMetricDirection(key) ?? 'lower';
}
