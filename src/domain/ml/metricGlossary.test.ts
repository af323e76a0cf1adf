import { describe, expect, it } from 'vitest';
import { describeDirection, explainMetric, GLOSSARY_KEYS } from './metricGlossary';

/** Every metric key the recipes, autolog and evaluation log today. */
const LOGGED_KEYS = [
  'loss', 'val_loss', 'acc', 'accuracy', 'val_acc', 'val_accuracy', 'mae', 'val_mae',
  'test_accuracy', 'test_precision_macro', 'test_precision_weighted', 'test_recall_macro', 'test_recall_weighted',
  'test_f1_macro', 'test_f1_weighted', 'test_roc_auc_ovr', 'test_rmse', 'test_mae', 'test_r2', 'test_baseline_rmse',
  'test_baseline_mae', 'test_baseline_accuracy',
  'stopped_epoch', 'batch/loss', 'batch/acc',
];

describe('explainMetric', () => {
  it.each(LOGGED_KEYS)('should explain %s with a title, plain sentences and a formula', (key) => {
    const entry = explainMetric(key);
    expect(entry).not.toBeNull();
    expect(entry?.key).toBe(key);
    expect(entry?.title.length).toBeGreaterThan(2);
    expect(entry?.explanation).toMatch(/\.$/);
    expect(entry?.formula.length).toBeGreaterThan(5);
  });

  it.each([
    ['loss', 'lower'],
    ['val_loss', 'lower'],
    ['acc', 'higher'],
    ['val_acc', 'higher'],
    ['test_accuracy', 'higher'],
    ['test_f1_weighted', 'higher'],
    ['test_roc_auc_ovr', 'higher'],
    ['test_rmse', 'lower'],
    ['test_mae', 'lower'],
    ['val_mae', 'lower'],
    ['test_r2', 'higher'],
    ['test_baseline_rmse', 'neither'],
    ['test_baseline_mae', 'neither'],
    ['test_baseline_accuracy', 'neither'],
    ['stopped_epoch', 'neither'],
  ] as const)('should say which way %s is better (%s)', (key, better) => {
    expect(explainMetric(key)?.better).toBe(better);
  });

  it('should give the RMSE formula in plain text', () => {
    expect(explainMetric('test_rmse')?.formula).toContain('RMSE = √((1/n) · Σᵢ (ŷᵢ − yᵢ)²)');
  });

  it('should treat acc and accuracy as the same metric', () => {
    expect(explainMetric('acc')?.formula).toBe(explainMetric('accuracy')?.formula);
  });

  it('should explain val_ keys as the base metric on validation data', () => {
    const entry = explainMetric('val_loss');
    expect(entry?.title).toBe('Validation loss');
    expect(entry?.explanation).toMatch(/^Measured on the validation data/);
    expect(entry?.explanation).toContain(explainMetric('loss')?.explanation);
    expect(entry?.formula).toBe(explainMetric('loss')?.formula);
  });

  it('should explain batch/ keys, also combined with val_', () => {
    expect(explainMetric('batch/loss')?.title).toBe('Loss (per batch)');
    expect(explainMetric('batch/val_acc')?.title).toBe('Validation accuracy (per batch)');
    expect(explainMetric('batch/val_acc')?.key).toBe('batch/val_acc');
  });

  it('should keep acronyms in prefixed titles', () => {
    expect(explainMetric('val_mae')?.title).toBe('Validation mean absolute error');
  });

  it.each(['', 'val_', 'batch/', 'my_custom_metric', 'val_my_custom_metric', 'batch/unknown', '__proto__', 'toString', 'constructor'])(
    'should return null for %j, which has no entry',
    (key) => {
      expect(explainMetric(key)).toBeNull();
    },
  );

  it('should hold no prefixed key of its own (those are derived)', () => {
    expect(GLOSSARY_KEYS.filter((k) => k.startsWith('val_') || k.startsWith('batch/'))).toEqual([]);
  });
});

describe('describeDirection', () => {
  it.each([
    ['higher', 'Higher is better.'],
    ['lower', 'Lower is better.'],
    ['neither', 'Neither higher nor lower is better in itself.'],
  ] as const)('should describe %s', (better, text) => {
    expect(describeDirection(better)).toBe(text);
  });

  it("should explain a forest's own metrics, with the direction each is better in", () => {
    expect(explainMetric('oob_r2')?.better).toBe('higher');
    expect(explainMetric('oob_accuracy')?.better).toBe('higher');
    expect(explainMetric('fit_seconds')?.better).toBe('lower');
    expect(explainMetric('tree_nodes')?.better).toBe('neither');
    expect(explainMetric('oob_r2')?.explanation).toContain('never saw it');
  });
});
