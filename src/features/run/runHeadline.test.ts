import { describe, expect, it } from 'vitest';
import type { MetricSummary } from '../../domain/tracking/types';
import { formatHeadlineValue, mainMetricKey, runHeadline } from './runHeadline';

function metrics(values: Record<string, number>): Record<string, MetricSummary> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, { key, latest: { value, step: 0, timestamp: 1 }, min: value, max: value, count: 1 }]),
  );
}

describe('formatHeadlineValue', () => {
  it.each([
    [0.97368, '0.97'],
    [0.3571, '0.36'],
    [0.6449, '0.64'],
    [1.23456, '1.23'],
    [12.345, '12.3'],
    [4567.8, '4568'],
    [0.001234, '0.0012'],
    [1, '1'],
    [Number.NaN, 'NaN'],
  ])('should show %s as %s', (value, text) => {
    expect(formatHeadlineValue(value)).toBe(text);
  });
});

describe('mainMetricKey', () => {
  it('should prefer test accuracy, then test RMSE, then any test metric, then the training metrics', () => {
    expect(mainMetricKey(['loss', 'test_rmse', 'test_accuracy'])).toBe('test_accuracy');
    expect(mainMetricKey(['test_r2', 'test_rmse', 'loss'])).toBe('test_rmse');
    expect(mainMetricKey(['test_baseline_rmse', 'test_score', 'loss'])).toBe('test_score');
    expect(mainMetricKey(['loss', 'val_loss', 'acc'])).toBe('acc');
    expect(mainMetricKey(['zeta', 'rmse'])).toBe('rmse');
    expect(mainMetricKey([])).toBeNull();
  });
});

describe('runHeadline', () => {
  it('should read a classifier against always guessing the majority class', () => {
    const headline = runHeadline(metrics({ test_accuracy: 0.97368, test_baseline_accuracy: 0.3571, loss: 0.1 }), 'FINISHED');
    expect(headline.sentence).toBe('test accuracy 0.97 — always guessing the majority class: 0.36');
    expect(headline.beatsBaseline).toBe(true);
    expect(headline.note).toContain('learned something');
  });

  it('should read a regressor against guessing the mean, where lower is better', () => {
    const good = runHeadline(metrics({ test_rmse: 0.6449, test_baseline_rmse: 0.8101 }), 'FINISHED');
    expect(good.sentence).toBe('test RMSE 0.64 — guessing the mean: 0.81');
    expect(good.beatsBaseline).toBe(true);
    const bad = runHeadline(metrics({ test_rmse: 0.9, test_baseline_rmse: 0.81 }), 'FINISHED');
    expect(bad.beatsBaseline).toBe(false);
    expect(bad.note).toBe('No better than guessing the mean: the model has not learned more than that guess.');
  });

  it('should show the main metric alone, saying no baseline was logged, for a console run', () => {
    const headline = runHeadline(metrics({ rmse: 0.95 }), 'FINISHED');
    expect(headline.sentence).toBe('rmse 0.95');
    expect(headline.baseline).toBeNull();
    expect(headline.beatsBaseline).toBeNull();
    expect(headline.note).toContain('No baseline was logged');
  });

  it('should say the baseline is still to come while a recipe trains', () => {
    const headline = runHeadline(metrics({ loss: 0.5 }), 'RUNNING');
    expect(headline.sentence).toBe('loss 0.50');
    expect(headline.note).toContain('logged when training ends');
  });

  it('should say a stopped run was never tested, not that it has no baseline', () => {
    const headline = runHeadline(metrics({ loss: 0.5 }), 'KILLED');
    expect(headline.note).toBe('Stopped before the end: a run is tested against its baseline only when training finishes.');
  });

  it('should say when nothing was logged', () => {
    expect(runHeadline({}, 'FINISHED')).toMatchObject({ metric: null, sentence: 'No metrics logged yet', note: 'This run logged no metrics.' });
  });

  it('should not compare a NaN score with its baseline', () => {
    expect(runHeadline(metrics({ test_rmse: Number.NaN, test_baseline_rmse: 0.8 }), 'FINISHED').beatsBaseline).toBeNull();
  });
});
