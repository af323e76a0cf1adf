import { describe, expect, it } from 'vitest';
import { explainMetric, GLOSSARY_KEYS } from '../ml/metricGlossary';
import { knownMetricDirection, metricDirection } from './metricDirection';
import type { Direction } from './metricDirection';

describe('metricDirection', () => {
  it.each<[string, Direction]>([
    // Losses and errors, bare and with prefixes, namespaces and camelCase.
    ['loss', 'lower'],
    ['val_loss', 'lower'],
    ['train/loss', 'lower'],
    ['batch/val_loss', 'lower'],
    ['eval:loss', 'lower'],
    ['valLoss', 'lower'],
    ['train-error', 'lower'],
    ['error_rate', 'lower'],
    ['mean_absolute_error', 'lower'],
    ['rmse', 'lower'],
    ['RMSE', 'lower'],
    ['valRMSE', 'lower'],
    ['test_rmse', 'lower'],
    ['val_rmse', 'lower'],
    ['train_rmse', 'lower'],
    ['test_baseline_rmse', 'lower'],
    ['mae', 'lower'],
    ['test_mae', 'lower'],
    ['mse', 'lower'],
    ['val mse', 'lower'],
    ['perplexity', 'lower'],
    ['val_perplexity', 'lower'],
    // Time taken.
    ['epoch_time', 'lower'],
    ['fit_time', 'lower'],
    ['trainTime', 'lower'],
    ['seconds', 'lower'],
    ['epoch_seconds', 'lower'],
    // Scores.
    ['acc', 'higher'],
    ['val_acc', 'higher'],
    ['top5_acc', 'higher'],
    ['accuracy', 'higher'],
    ['test_accuracy', 'higher'],
    ['Accuracy', 'higher'],
    ['train/accuracy', 'higher'],
    ['auc', 'higher'],
    ['roc_auc', 'higher'],
    ['test_roc_auc_ovr', 'higher'],
    ['f1', 'higher'],
    ['f1_score', 'higher'],
    ['F1Score', 'higher'],
    ['test_f1_macro', 'higher'],
    ['test_f1_weighted', 'higher'],
    ['precision', 'higher'],
    ['precision@5', 'higher'],
    ['test_precision_macro', 'higher'],
    ['recall', 'higher'],
    ['eval:recall', 'higher'],
    ['test_recall_weighted', 'higher'],
    ['r2', 'higher'],
    ['test_r2', 'higher'],
    ['score', 'higher'],
    ['valScore', 'higher'],
    // The last word decides.
    ['accuracy_loss', 'lower'],
    ['error_score', 'higher'],
    // Words inside other words do not count.
    ['timestamp', 'lower'],
    ['accumulated', 'lower'],
    ['scoreboard_size', 'lower'],
    ['lossy_accuracy', 'higher'],
    // Nothing recognised: lower.
    ['learning_rate', 'lower'],
    ['my_metric', 'lower'],
    ['stopped_epoch', 'lower'],
    ['', 'lower'],
    ['__proto__', 'lower'],
    ['constructor', 'lower'],
  ])('should pick %j → %s', (key, expected) => {
    expect(metricDirection(key)).toBe(expected);
  });
});

describe('knownMetricDirection', () => {
  it.each<[string, Direction | undefined]>([
    ['val_loss', 'lower'],
    ['val_perplexity', 'lower'],
    ['epoch_seconds', 'lower'],
    ['f1_score', 'higher'],
    ['eval:recall', 'higher'],
    ['test_accuracy', 'higher'],
    // The glossary has no better direction for these and no word is recognised.
    ['stopped_epoch', undefined],
    ['val_stopped_epoch', undefined],
    ['my_metric', undefined],
    ['learning_rate', undefined],
    ['timestamp', undefined],
    ['', undefined],
    ['__proto__', undefined],
  ])('should say %j → %s', (key, expected) => {
    expect(knownMetricDirection(key)).toBe(expected);
  });

  it('should ignore surrounding whitespace, as typed in a form', () => {
    expect(knownMetricDirection('  test_accuracy ')).toBe('higher');
    expect(knownMetricDirection('\tval_rmse\n')).toBe('lower');
  });

  it("should give the glossary's direction for every key it names one for, bare, prefixed and namespaced", () => {
    for (const base of GLOSSARY_KEYS) {
      for (const key of [base, `val_${base}`, `batch/${base}`, `train/${base}`, `eval:${base}`]) {
        const better = explainMetric(key.replace(/^(train\/|eval:)/, ''))?.better;
        if (better === 'lower' || better === 'higher') expect(knownMetricDirection(key), key).toBe(better);
      }
    }
  });
});
