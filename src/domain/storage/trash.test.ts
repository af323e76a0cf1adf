import { describe, expect, it } from 'vitest';
import type { ExperimentId, RunId } from '../ids';
import type { Experiment, RunStatus } from '../tracking/types';
import { buildStorageReport, formatBytes, type RunStorageInput } from './storageSize';
import { emptyTrashConfirmation, purgeConfirmation, registryPurgeWarning, runsPurgedWith, trashOf } from './trash';

function experiment(id: string, name: string, lifecycleStage: Experiment['lifecycleStage'] = 'active'): Experiment {
  return { experimentId: id as ExperimentId, name, artifactLocation: '', lifecycleStage, creationTime: 0, lastUpdateTime: 0, tags: {} };
}

function run(runId: string, experimentId: string, options: { deleted?: boolean; status?: RunStatus; size?: number } = {}): RunStorageInput {
  return {
    runId: runId as RunId,
    experimentId: experimentId as ExperimentId,
    runName: `run ${runId}`,
    status: options.status ?? 'FINISHED',
    lifecycleStage: options.deleted ? 'deleted' : 'active',
    deletedTime: options.deleted ? 5 : null,
    endTime: 1,
    params: {},
    tags: {},
    metrics: {},
    metricChunks: {},
    artifacts: options.size ? [{ path: 'data.bin', size: options.size }, { path: 'model/weights.bin', size: 1 }] : [],
  };
}

const report = buildStorageReport({
  chunkSize: 4096,
  experiments: [experiment('0', 'Default'), experiment('1', 'gone', 'deleted'), experiment('2', 'kept')],
  runs: [
    run('a', '1', { deleted: true, size: 100 }),
    run('b', '1', { deleted: true, size: 200 }),
    run('c', '2', { deleted: true, size: 5000 }),
    run('d', '2'),
    run('e', '0', { deleted: true, status: 'RUNNING' }),
  ],
});

describe('trashOf', () => {
  it('should list trashed experiments with all their runs, then runs trashed on their own, biggest first', () => {
    const trash = trashOf(report);
    expect(trash.entries.map((e) => (e.kind === 'experiment' ? `experiment ${e.name}` : e.name))).toEqual([
      'experiment gone',
      'run c',
      'run e',
    ]);
    const gone = trash.entries[0];
    expect(gone).toMatchObject({ kind: 'experiment', runCount: 2, artifactFiles: 2, modelFiles: 2 });
  });

  it('should total the bytes that emptying the trash frees, and leave active runs out', () => {
    const trash = trashOf(report);
    const bytesOf = (id: string) => report.runs.find((r) => r.runId === id)?.bytes.total ?? 0;
    expect(trash.bytes).toBe(bytesOf('a') + bytesOf('b') + bytesOf('c') + bytesOf('e'));
  });

  it('should flag runs still RUNNING', () => {
    const trash = trashOf(report);
    expect(trash.runningRuns).toBe(1);
    expect(trash.entries.find((e) => e.kind === 'run' && e.runId === 'e')).toMatchObject({ running: true });
  });
});

describe('purgeConfirmation', () => {
  it('should name the run, its experiment, what goes and the bytes freed', () => {
    const entry = trashOf(report).entries.find((e) => e.kind === 'run' && e.runId === 'c');
    if (!entry) throw new Error('no entry');
    const text = purgeConfirmation(entry);
    expect(text).toContain('Run "run c" (in "kept")');
    expect(text).toContain('1 artifact file, 1 model file');
    expect(text).toContain(`frees about ${formatBytes(entry.bytes)}`);
    expect(text).toContain("can't be undone");
  });

  it('should name the experiment and count its runs', () => {
    const entry = trashOf(report).entries[0];
    if (!entry) throw new Error('no entry');
    expect(purgeConfirmation(entry)).toContain('Experiment "gone" and its 2 runs (0 metric points, 2 artifact files, 2 model files)');
  });
});

describe('emptyTrashConfirmation', () => {
  it('should count experiments and runs, the bytes, and say what stays because it runs', () => {
    const text = emptyTrashConfirmation(trashOf(report));
    expect(text).toContain('(1 experiment, 4 runs)');
    expect(text).toContain(formatBytes(trashOf(report).bytes));
    expect(text).toContain('stay in the trash (1 run)');
  });
});

describe('registryPurgeWarning', () => {
  it('says nothing when no registered version comes from the purged runs', () => {
    expect(registryPurgeWarning([])).toBe('');
  });
  it('names the versions and their aliases, and what happens to them', () => {
    expect(registryPurgeWarning([{ name: 'iris', version: 2, aliases: ['champion'] }])).toBe(
      ' Registered model version "iris" version 2 (@champion) comes from this run: it stays registered, but can no longer be loaded or predicted with.',
    );
    const many = Array.from({ length: 7 }, (_, i) => ({ name: 'm', version: i + 1, aliases: [] }));
    expect(registryPurgeWarning(many)).toMatch(/^ Registered model versions "m" version 1, .*"m" version 5 and 2 more come from these runs: they stay registered/);
  });
});

describe('runsPurgedWith', () => {
  it('takes a trashed run itself and every run of a trashed experiment', () => {
    const report = { runs: [{ runId: 'r1', experimentId: '1' }, { runId: 'r2', experimentId: '1' }, { runId: 'r3', experimentId: '2' }] } as never;
    const entries = [
      { kind: 'experiment', experimentId: '1' },
      { kind: 'run', runId: 'r9' },
    ] as never;
    expect(runsPurgedWith(entries, report).sort()).toEqual(['r1', 'r2', 'r9']);
  });
});
