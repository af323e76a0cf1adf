import { describe, expect, it } from 'vitest';
import type { ExperimentId, RunId } from '../../domain/ids';
import { buildStorageReport, type RunStorageInput } from '../../domain/storage/storageSize';
import type { Experiment } from '../../domain/tracking/types';
import { activeRuns, persistenceText, usageText } from './storageView';

describe('persistenceText', () => {
  it.each([
    ['granted', 'Persistent', false],
    ['not-granted', 'Not persistent', true],
    ['unsupported', 'Not available', false],
    ['error', 'Unknown', true],
    ['checking', 'Checking…', false],
  ] as const)('should show %s as %s (ask again: %s)', (state, label, canAsk) => {
    expect(persistenceText(state)).toMatchObject({ label, canAsk });
  });
});

describe('usageText', () => {
  it('should show usage of quota with a percentage, and say when the browser gives no figure', () => {
    expect(usageText({ usage: 512 * 1024 ** 2, quota: 1024 ** 3 })).toBe('512.0 MB of 1.00 GB (50%)');
    expect(usageText({ usage: 1, quota: 1024 ** 3 })).toBe('1 B of 1.00 GB (<1%)');
    expect(usageText(null)).toBe('This browser does not report its storage usage.');
    expect(usageText(undefined)).toBe('Measuring…');
  });
});

describe('activeRuns', () => {
  const experiment = (id: string, lifecycleStage: Experiment['lifecycleStage']): Experiment => ({
    experimentId: id as ExperimentId,
    name: id,
    artifactLocation: '',
    lifecycleStage,
    creationTime: 0,
    lastUpdateTime: 0,
    tags: {},
  });
  const run = (id: string, experimentId: string, lifecycleStage: 'active' | 'deleted'): RunStorageInput => ({
    runId: id as RunId,
    experimentId: experimentId as ExperimentId,
    runName: id,
    status: 'FINISHED',
    lifecycleStage,
    deletedTime: null,
    endTime: 1,
    params: {},
    tags: {},
    metrics: {},
    metricChunks: {},
    artifacts: [],
  });

  it('should leave out trashed runs and the runs of trashed experiments', () => {
    const report = buildStorageReport({
      chunkSize: 4096,
      experiments: [experiment('1', 'active'), experiment('2', 'deleted')],
      runs: [run('kept', '1', 'active'), run('trashed', '1', 'deleted'), run('restored-in-trashed', '2', 'active')],
    });
    expect(activeRuns(report).map((r) => r.runId)).toEqual(['kept']);
  });
});
