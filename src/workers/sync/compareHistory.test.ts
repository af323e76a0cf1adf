import { describe, expect, it } from 'vitest';
import { MLFLOW_DBL_MAX } from '../../domain/mlflowRest/values';
import { compareHistory } from './pushRun';

const p = (step: number, value: number, timestamp = 1000 + step) => ({ key: 'loss', step, timestamp, value });

describe('compareHistory', () => {
  it('finds nothing missing when the server kept every point, ±Infinity as ±DBL_MAX and NaN as "NaN"', () => {
    const local = [p(0, 1), p(1, Number.NaN), p(2, Infinity), p(3, -Infinity)];
    const remote = [
      { step: 0, timestamp: 1000, value: 1 },
      { step: 1, timestamp: 1001, value: 'NaN' },
      { step: 2, timestamp: 1002, value: MLFLOW_DBL_MAX },
      { step: 3, timestamp: '1003', value: -MLFLOW_DBL_MAX },
    ];
    expect(compareHistory(local, remote)).toEqual({ missing: [], extra: 0 });
  });

  it('counts an exact duplicate as kept once, as MLflow\'s SQL store keys a point by step, time and value', () => {
    const local = [p(0, 11, 5), p(0, 11, 5), p(0, 12, 5)];
    expect(compareHistory(local, [{ step: 0, timestamp: 5, value: 11 }])).toEqual({ missing: [p(0, 12, 5)], extra: 0 });
    expect(compareHistory(local, [])).toEqual({ missing: [p(0, 11, 5), p(0, 12, 5)], extra: 0 });
  });

  it('reports the points the server lost and the bogus ones it made (bare NaN tokens: one 0.0 at step 0, timestamp 0)', () => {
    const local = [p(1, Number.NaN), p(2, Infinity)];
    const result = compareHistory(local, [{ step: 0, timestamp: 0, value: 0 }]);
    expect(result.missing).toEqual(local);
    expect(result.extra).toBe(1);
  });

  it('does not take a value for another one at the same step and time', () => {
    expect(compareHistory([p(0, 0.5)], [{ step: 0, timestamp: 1000, value: 0.25 }])).toEqual({ missing: [p(0, 0.5)], extra: 1 });
    expect(compareHistory([p(0, Infinity)], [{ step: 0, timestamp: 1000, value: -MLFLOW_DBL_MAX }]).missing).toHaveLength(1);
    expect(compareHistory([p(0, 1)], [{ step: 0, timestamp: 1000, value: null }])).toEqual({ missing: [p(0, 1)], extra: 1 });
  });
});
