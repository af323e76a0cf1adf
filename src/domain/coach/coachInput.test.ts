import { describe, expect, it } from 'vitest';
import type { Run } from '../tracking/types';
import { coachRun } from './coach';
import { coachInputOf, curveKeys, historyPoints } from './coachInput';

function summary(key: string, value: number, count: number) {
  return { key, latest: { value, step: count - 1, timestamp: 0 }, min: value, max: value, count };
}

const RUN: Pick<Run, 'metrics' | 'params' | 'tags'> = {
  metrics: { loss: summary('loss', 0.2, 30), val_loss: summary('val_loss', 0.4, 30), test_rmse: summary('test_rmse', 0.6, 1) },
  params: { epochs: '30', learning_rate: '0.01', seed: '42' },
  tags: { 'trainyard.recipe': 'wine_quality', 'trainyard.entry_point': 'mlp' },
};

describe('coachInputOf', () => {
  it('reads curves of metrics logged more than once, final values of all, the task and the recipe\'s limits', () => {
    expect(curveKeys(RUN)).toEqual(['loss', 'val_loss']);
    const input = coachInputOf(RUN, { loss: [{ step: 0, value: 1 }] });
    expect(input.finalMetrics).toEqual({ loss: 0.2, val_loss: 0.4, test_rmse: 0.6 });
    expect(input.task).toBe('regression');
    expect(input.params).toBe(RUN.params);
    expect(input.paramLimits?.epochs).toEqual({ min: 1, max: expect.any(Number) });
    expect(input.paramLimits?.seed).toBeDefined();
  });

  it('takes the task from the run\'s tag when the recipe decides it from the data, and no limits without a recipe', () => {
    const csv = { ...RUN, tags: { 'trainyard.recipe': 'csv', 'trainyard.entry_point': 'main', 'trainyard.task': 'classification' } };
    expect(coachInputOf(csv, {}).task).toBe('classification');
    const console = coachInputOf({ ...RUN, tags: {} }, {});
    expect(console.task).toBeUndefined();
    expect(console.paramLimits).toBeUndefined();
  });

  it('turns a stored history into points the coach reads', () => {
    const points = historyPoints({ steps: new Float64Array([0, 1, 2]), values: new Float64Array([3, 2, 1]) });
    expect(points).toEqual([{ step: 0, value: 3 }, { step: 1, value: 2 }, { step: 2, value: 1 }]);
    const findings = coachRun(coachInputOf(RUN, { loss: points }));
    expect(findings.length).toBeGreaterThan(0);
  });

  it('keeps suggestions inside the recipe\'s own limits', () => {
    const epochs = 2000;
    const rising = Array.from({ length: 40 }, (_, i) => ({ step: i, value: 1 - i * 0.02 }));
    const run = { ...RUN, params: { ...RUN.params, epochs: String(epochs) } };
    const findings = coachRun(coachInputOf(run, { loss: rising }));
    for (const finding of findings) {
      const suggested = finding.suggestion?.params.epochs;
      if (typeof suggested === 'number') expect(suggested).toBeLessThanOrEqual(coachInputOf(run, {}).paramLimits?.epochs?.max ?? Infinity);
    }
  });
});
