import { describe, expect, it } from 'vitest';
import { runFingerprint } from './runFingerprint';

const base = {
  status: 'RUNNING' as const,
  endTime: null,
  lifecycleStage: 'active' as const,
  runName: 'a',
  params: { lr: '0.1' },
  tags: { team: 'blue' },
  metrics: { loss: { key: 'loss', latest: { value: 1, step: 0, timestamp: 5 }, min: 1, max: 1, count: 1 } },
};

describe('runFingerprint', () => {
  it('changes when the run logs a point, a param or a tag, ends, is renamed or deleted', () => {
    const f = runFingerprint(base);
    expect(runFingerprint({ ...base })).toBe(f);
    const changed = [
      { ...base, metrics: { loss: { ...base.metrics.loss, count: 2, latest: { value: 0.5, step: 1, timestamp: 6 } } } },
      { ...base, params: { lr: '0.1', seed: '1' } },
      { ...base, tags: { team: 'blue', note: 'x' } },
      { ...base, status: 'FINISHED' as const, endTime: 9 },
      { ...base, runName: 'b' },
      { ...base, lifecycleStage: 'deleted' as const },
    ];
    for (const run of changed) expect(runFingerprint(run)).not.toBe(f);
  });
});
