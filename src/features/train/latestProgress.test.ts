import { describe, expect, it } from 'vitest';
import type { RunId } from '../../domain/ids';
import type { Progress } from '../../workers/train/protocol';
import { LATEST_PROGRESS_CAPACITY, LatestProgress } from './latestProgress';

const run = (i: number) => `run-${i}` as RunId;
const progress = (epoch: number): Progress => ({ epoch, epochs: 100, batch: 0, batchesPerEpoch: 1, elapsedMs: epoch * 10, etaMs: null });

describe('LatestProgress', () => {
  it('should keep the latest event of each run, after the run ends too', () => {
    const latest = new LatestProgress();
    latest.set(run(1), progress(1));
    latest.set(run(1), progress(7));
    latest.set(run(2), progress(3));
    expect(latest.get(run(1))?.epoch).toBe(7);
    expect(latest.get(run(2))?.epoch).toBe(3);
    expect(latest.get(run(3))).toBeUndefined();
  });

  it('should stay bounded when runs train back to back in one tab', () => {
    const latest = new LatestProgress();
    for (let i = 0; i < 10 * LATEST_PROGRESS_CAPACITY; i++) for (let epoch = 1; epoch <= 3; epoch++) latest.set(run(i), progress(epoch));
    expect(latest.size).toBe(LATEST_PROGRESS_CAPACITY);
    // The newest runs are the ones kept.
    expect(latest.get(run(10 * LATEST_PROGRESS_CAPACITY - 1))?.epoch).toBe(3);
    expect(latest.get(run(9 * LATEST_PROGRESS_CAPACITY))?.epoch).toBe(3);
    expect(latest.get(run(9 * LATEST_PROGRESS_CAPACITY - 1))).toBeUndefined();
  });

  it('should evict the run first seen longest ago, and take a run back on its next event', () => {
    const latest = new LatestProgress(2);
    latest.set(run(1), progress(1)); // a long run, still training
    latest.set(run(2), progress(1));
    latest.set(run(1), progress(2));
    latest.set(run(3), progress(1)); // evicts run 1: first seen longest ago
    latest.set(run(1), progress(3)); // its next event brings it back, evicting run 2
    expect(latest.get(run(1))?.epoch).toBe(3);
    expect(latest.get(run(2))).toBeUndefined();
    expect(latest.get(run(3))?.epoch).toBe(1);
    expect(latest.size).toBe(2);
  });

  it('should reject a capacity that is not a positive integer', () => {
    expect(() => new LatestProgress(0)).toThrow(/positive integer, got 0/);
    expect(() => new LatestProgress(1.5)).toThrow(/positive integer, got 1.5/);
  });
});
