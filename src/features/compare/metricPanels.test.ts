import { describe, expect, it } from 'vitest';
import type { MetricSummary, Run } from '../../domain/tracking/types';
import { makeRun } from '../../test/makeRun';
import { defaultMetrics, metricPanels, trainingTwin } from './metricPanels';

/** A run with each metric logged `count` times. */
function run(id: string, counts: Record<string, number>): Run {
  const r = makeRun({ id });
  const metrics: Record<string, MetricSummary> = {};
  for (const [key, count] of Object.entries(counts)) metrics[key] = { key, latest: { value: 1, step: count - 1, timestamp: 0 }, min: 1, max: 1, count };
  return { ...r, metrics };
}

const runs = [
  run('a', { acc: 5, loss: 5, val_acc: 5, val_loss: 5, test_acc: 1, test_loss: 1, lr: 5 }),
  run('b', { acc: 3, loss: 3, val_acc: 3, val_loss: 3, test_acc: 1, test_loss: 1 }),
];

describe('metricPanels', () => {
  it('should draw a validation metric in its training metric’s chart, and single values as one bar chart', () => {
    expect(metricPanels(runs, ['acc', 'loss', 'test_acc', 'val_acc', 'val_loss', 'test_loss', 'lr'])).toEqual([
      { kind: 'curve', metric: 'acc', overlay: 'val_acc' },
      { kind: 'curve', metric: 'loss', overlay: 'val_loss' },
      { kind: 'bars', metrics: ['test_acc', 'test_loss'] },
      { kind: 'curve', metric: 'lr', overlay: null },
    ]);
  });

  it('should pair in either order of choosing, and draw a lone validation metric alone', () => {
    expect(metricPanels(runs, ['val_loss', 'loss'])).toEqual([{ kind: 'curve', metric: 'loss', overlay: 'val_loss' }]);
    expect(metricPanels(runs, ['val_loss'])).toEqual([{ kind: 'curve', metric: 'val_loss', overlay: null }]);
  });

  it('should find train_ and validation_ twins', () => {
    expect(trainingTwin('val_rmse', ['train_rmse', 'val_rmse'])).toBe('train_rmse');
    expect(trainingTwin('validation_loss', ['loss'])).toBe('loss');
    expect(trainingTwin('loss', ['loss'])).toBeNull();
    expect(metricPanels(runs.map((r) => ({ ...r, metrics: { train_rmse: r.metrics.loss!, val_rmse: r.metrics.val_loss! } })), ['train_rmse', 'val_rmse'])).toEqual([
      { kind: 'curve', metric: 'train_rmse', overlay: 'val_rmse' },
    ]);
  });
});

describe('defaultMetrics', () => {
  it('should draw curves with their validation twins, then the test scores as bars, never a one-point curve', () => {
    expect(defaultMetrics(runs, ['acc', 'loss', 'lr', 'test_acc', 'test_loss', 'val_acc', 'val_loss'])).toEqual([
      'acc',
      'val_acc',
      'loss',
      'val_loss',
      'lr',
      'test_acc',
      'test_loss',
    ]);
  });
});
