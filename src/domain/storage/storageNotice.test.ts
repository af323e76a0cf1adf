import { describe, expect, it } from 'vitest';
import type { ExperimentId, RunId } from '../ids';
import type { RunStatus } from '../tracking/types';
import { QUOTA_FAILURE_WINDOW_MS, isQuotaFailure, storageNotice, usageRatio } from './storageNotice';
import type { RunStorage } from './storageSize';

const NOW = 1_700_000_000_000;

function run(
  runId: string,
  total: number,
  options: { status?: RunStatus; tags?: Record<string, string>; endTime?: number | null; deleted?: boolean } = {},
): RunStorage {
  return {
    runId: runId as RunId,
    experimentId: '0' as ExperimentId,
    runName: `run-${runId}`,
    status: options.status ?? 'FINISHED',
    lifecycleStage: options.deleted ? 'deleted' : 'active',
    deletedTime: null,
    endTime: options.endTime === undefined ? NOW - 1000 : options.endTime,
    tags: options.tags ?? {},
    bytes: { metrics: total, artifacts: 0, models: 0, record: 0, total },
    metricKeys: 0,
    metricPoints: 0,
    artifactFiles: 0,
    modelFiles: 0,
  };
}

const quotaFailed = (id: string, endTime = NOW - 1000) =>
  run(id, 10, { status: 'FAILED', tags: { 'trainyard.failure_kind': 'quota' }, endTime });

const RUNS = [run('a', 100), run('b', 5000), run('c', 300), run('d', 9000, { deleted: true }), run('e', 50)];

describe('usageRatio', () => {
  it.each([
    [{ usage: 50, quota: 100 }, 0.5],
    [{ usage: 1, quota: 0 }, null],
    [{ usage: Number.NaN, quota: 100 }, null],
    [null, null],
  ])('should read %j as %s', (estimate, ratio) => {
    expect(usageRatio(estimate)).toBe(ratio);
  });
});

describe('isQuotaFailure', () => {
  it('should take only FAILED runs tagged with the quota failure kind', () => {
    expect(isQuotaFailure(quotaFailed('x'))).toBe(true);
    expect(isQuotaFailure(run('x', 1, { status: 'FAILED', tags: { 'trainyard.failure_kind': 'nan' } }))).toBe(false);
    expect(isQuotaFailure(run('x', 1, { status: 'KILLED', tags: { 'trainyard.failure_kind': 'quota' } }))).toBe(false);
  });
});

describe('storageNotice', () => {
  it('should say nothing below 90% of the quota and with no quota failures', () => {
    expect(storageNotice({ estimate: { usage: 89, quota: 100 }, runs: RUNS, trashBytes: 0, now: NOW })).toBeNull();
    expect(storageNotice({ estimate: null, runs: RUNS, trashBytes: 0, now: NOW })).toBeNull();
  });

  it('should warn at 90% and point at the three biggest active runs and the trash', () => {
    const notice = storageNotice({ estimate: { usage: 90, quota: 100 }, runs: RUNS, trashBytes: 9000, now: NOW });
    expect(notice?.title).toBe('Storage is nearly full');
    expect(notice?.reasons).toEqual(['This site uses 90 B of the 100 B the browser allows (90%).']);
    expect(notice?.biggestRuns.map((r) => r.runId)).toEqual(['b', 'c', 'a']);
    expect(notice?.trashBytes).toBe(9000);
  });

  it('should warn after a recent quota failure even when the estimate looks fine, naming the run', () => {
    const notice = storageNotice({ estimate: { usage: 1, quota: 100 }, runs: [...RUNS, quotaFailed('q')], trashBytes: 0, now: NOW });
    expect(notice?.reasons).toHaveLength(1);
    expect(notice?.reasons[0]).toContain('"run-q"');
    expect(notice?.reasons[0]).toContain('failed because storage was full');
  });

  it('should forget quota failures older than a day', () => {
    const old = quotaFailed('q', NOW - QUOTA_FAILURE_WINDOW_MS - 1);
    expect(storageNotice({ estimate: null, runs: [...RUNS, old], trashBytes: 0, now: NOW })).toBeNull();
  });

  it('should give both reasons when both hold, and count failures beyond the three it names', () => {
    const failures = ['q1', 'q2', 'q3', 'q4', 'q5'].map((id) => quotaFailed(id));
    const notice = storageNotice({ estimate: { usage: 99, quota: 100 }, runs: failures, trashBytes: 0, now: NOW });
    expect(notice?.reasons).toHaveLength(2);
    expect(notice?.reasons[1]).toContain('5 runs ("run-q1", "run-q2", "run-q3" and 2 more)');
  });
});
