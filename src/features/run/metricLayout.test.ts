import { describe, expect, it } from 'vitest';
import type { MetricSummary } from '../../domain/tracking/types';
import { curveBase, metricLayout } from './metricLayout';

function summary(key: string, count: number): MetricSummary {
  return { key, latest: { value: 1, step: count - 1, timestamp: 1 }, min: 1, max: 1, count };
}

describe('curveBase', () => {
  it.each([
    ['loss', 'loss'],
    ['val_loss', 'loss'],
    ['train_rmse', 'rmse'],
    ['val_', 'val_'],
  ])('should give %s the base %s', (key, base) => {
    expect(curveBase(key)).toBe(base);
  });
});

describe('metricLayout', () => {
  it('should put one-value test metrics in the table and overlay training and validation curves', () => {
    const layout = metricLayout(
      [summary('val_loss', 100), summary('test_accuracy', 1), summary('loss', 100), summary('acc', 100), summary('val_acc', 100), summary('test_baseline_accuracy', 1)],
      { running: false },
    );
    expect(layout.oneValue.map((m) => m.key)).toEqual(['test_accuracy', 'test_baseline_accuracy']);
    expect(layout.curves).toEqual([
      { key: 'acc', keys: ['acc', 'val_acc'], title: 'acc and val_acc' },
      { key: 'loss', keys: ['loss', 'val_loss'], title: 'loss and val_loss' },
    ]);
  });

  it('should pair train_ and val_ metrics of one quantity', () => {
    const layout = metricLayout([summary('val_rmse', 10), summary('train_rmse', 10), summary('test_rmse', 1)], { running: false });
    expect(layout.curves).toEqual([{ key: 'train_rmse', keys: ['train_rmse', 'val_rmse'], title: 'train_rmse and val_rmse' }]);
  });

  it('should keep a lone metric in its own chart, titled by its key, ordered by what it measures', () => {
    expect(metricLayout([summary('lr', 3), summary('val_loss', 3)], { running: false }).curves).toEqual([
      { key: 'val_loss', keys: ['val_loss'], title: 'val_loss' },
      { key: 'lr', keys: ['lr'], title: 'lr' },
    ]);
  });

  it('should chart the first point of a curve while the run trains, and table a single point once it ended', () => {
    expect(metricLayout([summary('loss', 1)], { running: true }).curves.map((c) => c.key)).toEqual(['loss']);
    expect(metricLayout([summary('loss', 1)], { running: false }).oneValue.map((m) => m.key)).toEqual(['loss']);
    expect(metricLayout([summary('test_mae', 1)], { running: true }).oneValue.map((m) => m.key)).toEqual(['test_mae']);
  });
});
