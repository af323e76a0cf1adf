import { describe, expect, it } from 'vitest';
import { coachRun } from './coach';
import type { MetricPoint } from './coach.types';
import { hasReadableCurve, metricLabel, pickCurves, readableCurveNames } from './curves';

const points = (n: number, f: (i: number) => number): MetricPoint[] => Array.from({ length: n }, (_, i) => ({ step: i, value: f(i) }));
const falling = points(50, (i) => 1 / (i + 1));
// Falls to epoch 10, then rises for 40 epochs while the training loss keeps falling.
const overfit = points(50, (i) => (i < 10 ? 1 - i * 0.05 : 0.5 + (i - 10) * 0.02));

describe('pickCurves under the names other code logs', () => {
  it.each([
    ['train_loss', 'val_loss'],
    ['training_loss', 'validation_loss'],
    ['train_loss', 'valid_loss'],
    ['loss', 'validation_loss'],
  ])('reads %s with %s', (train, val) => {
    const curves = pickCurves({ histories: { [train]: falling, [val]: overfit } });
    expect(curves.train?.key).toBe(train);
    expect(curves.val?.key).toBe(val);
    expect(curves.train?.label).toBe('training loss');
    expect(curves.val?.label).toBe('validation loss');
  });

  it('finds overfitting in a run logged from code with train_loss and val_loss', () => {
    const findings = coachRun({ histories: { train_loss: falling, val_loss: overfit }, params: {}, finalMetrics: {} });
    expect(findings.map((f) => f.finding)).toContain('overfitting');
  });

  it('prefers loss to train_loss when a run logs both', () => {
    expect(pickCurves({ histories: { train_loss: falling, loss: overfit } }).train?.key).toBe('loss');
  });

  it.each([
    ['a test loss logged per epoch', { test_loss: falling }],
    ['a validation curve alone', { val_loss: falling, validation_loss: falling }],
    ['a prefix the coach does not know', { trainloss: falling, my_train_loss: falling }],
  ])('does not read %s as the training curve', (_what, histories) => {
    expect(pickCurves({ histories }).train).toBeNull();
    expect(coachRun({ histories, params: {}, finalMetrics: {} })).toEqual([]);
  });

  it('does not pair a training loss with another metric\'s validation curve', () => {
    expect(pickCurves({ histories: { train_loss: falling, val_accuracy: points(50, () => 0.5) } }).val).toBeNull();
  });
});

describe('what the coach reads, for the note when it reads nothing', () => {
  it('names the curves it reads', () => {
    expect(readableCurveNames('regression')).toBe('loss, train_loss, training_loss (or mse, mae, acc, accuracy), with its validation twin val_loss, validation_loss or valid_loss');
  });

  it('knows whether a run logged one of them', () => {
    expect(hasReadableCurve(['best_test_accuracy'], undefined)).toBe(false);
    expect(hasReadableCurve(['training_loss', 'lr'], 'classification')).toBe(true);
  });

  it('labels prefixed keys by what they are', () => {
    expect(metricLabel('validation_loss')).toBe('validation loss');
    expect(metricLabel('train_accuracy')).toBe('training accuracy');
  });
});
