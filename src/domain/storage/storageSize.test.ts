import { describe, expect, it } from 'vitest';
import type { ExperimentId, RunId } from '../ids';
import type { Experiment, MetricSummary } from '../tracking/types';
import {
  ARTIFACT_ROW_OVERHEAD_BYTES,
  BYTES_PER_METRIC_POINT,
  METRIC_CHUNK_OVERHEAD_BYTES,
  METRIC_SUMMARY_BYTES,
  RUN_ROW_BASE_BYTES,
  buildStorageReport,
  formatBytes,
  isModelPath,
  metricSeriesBytes,
  runStorage,
  utf8Length,
  type RunStorageInput,
} from './storageSize';

const CHUNK = 4096;

function summary(key: string, count: number): MetricSummary {
  return { key, latest: { value: 0, step: 0, timestamp: 0 }, min: 0, max: 0, count };
}

function input(overrides: Omit<Partial<RunStorageInput>, 'runId'> & { runId: string }): RunStorageInput {
  return {
    experimentId: '0' as ExperimentId,
    runName: overrides.runId,
    status: 'FINISHED',
    lifecycleStage: 'active',
    deletedTime: null,
    endTime: 1,
    params: {},
    tags: {},
    metrics: {},
    metricChunks: {},
    artifacts: [],
    ...overrides,
    runId: overrides.runId as RunId,
  };
}

function experiment(id: string, name: string, lifecycleStage: Experiment['lifecycleStage'] = 'active'): Experiment {
  return {
    experimentId: id as ExperimentId,
    name,
    artifactLocation: `mlruns/${id}`,
    lifecycleStage,
    creationTime: 0,
    lastUpdateTime: 0,
    tags: {},
  };
}

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['€', 3],
    ['😀', 4],
    ['\ud800x', 4], // a lone high surrogate is written as U+FFFD (3 bytes)
  ])('should count %j as %i bytes', (text, bytes) => {
    expect(utf8Length(text)).toBe(bytes);
    if (!/[\ud800-\udfff]/.test(text)) expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
  });
});

describe('isModelPath', () => {
  it('should take files under model/ as model files, not a sibling whose name starts with "model"', () => {
    expect(isModelPath('model/weights.bin')).toBe(true);
    expect(isModelPath('modelcard.md')).toBe(false);
    expect(isModelPath('model')).toBe(false);
  });
});

describe('metricSeriesBytes', () => {
  it('should count 24 bytes a point plus the key and bookkeeping of each chunk row', () => {
    expect(metricSeriesBytes({ key: 'loss', points: 5000, chunks: 2 })).toBe(5000 * 24 + 2 * (4 + METRIC_CHUNK_OVERHEAD_BYTES));
  });
});

describe('runStorage', () => {
  it('should split a run into metrics, artifacts, models and its record', () => {
    const run = runStorage(
      input({
        runId: 'r1',
        runName: 'mlp',
        params: { lr: '0.01' },
        tags: { team: 'blue' },
        metrics: { loss: summary('loss', 100), acc: summary('acc', 10) },
        metricChunks: { loss: 1, acc: 1 },
        artifacts: [
          { path: 'model/model.json', size: 1000 },
          { path: 'model/weights.bin', size: 9000 },
          { path: 'config.json', size: 50 },
          { path: 'modelcard.md', size: 7 },
        ],
      }),
      CHUNK,
    );
    expect(run.bytes.metrics).toBe(110 * BYTES_PER_METRIC_POINT + (4 + 3) + 2 * METRIC_CHUNK_OVERHEAD_BYTES);
    expect(run.bytes.models).toBe(1000 + 9000 + 'model/model.json'.length + 'model/weights.bin'.length + 2 * ARTIFACT_ROW_OVERHEAD_BYTES);
    expect(run.bytes.artifacts).toBe(50 + 7 + 'config.json'.length + 'modelcard.md'.length + 2 * ARTIFACT_ROW_OVERHEAD_BYTES);
    expect(run.bytes.record).toBe(RUN_ROW_BASE_BYTES + 3 + (2 + 4) + (4 + 4) + (4 + 3) + 2 * METRIC_SUMMARY_BYTES);
    expect(run.bytes.total).toBe(run.bytes.metrics + run.bytes.models + run.bytes.artifacts + run.bytes.record);
    expect(run).toMatchObject({ metricKeys: 2, metricPoints: 110, artifactFiles: 2, modelFiles: 2 });
  });

  it('should count the files of any folder holding an MLmodel file as a model', () => {
    const run = runStorage(
      input({
        runId: 'r1',
        artifacts: [
          { path: 'best/MLmodel', size: 10 },
          { path: 'best/model.json', size: 20 },
          { path: 'notes.txt', size: 5 },
        ],
      }),
      CHUNK,
    );
    expect(run.modelFiles).toBe(2);
    expect(run.artifactFiles).toBe(1);
  });

  it('should count chunks without a summary as full chunks rather than as nothing', () => {
    const run = runStorage(input({ runId: 'r1', metricChunks: { orphan: 3 } }), CHUNK);
    expect(run.metricPoints).toBe(3 * CHUNK);
    expect(run.bytes.metrics).toBe(metricSeriesBytes({ key: 'orphan', points: 3 * CHUNK, chunks: 3 }));
  });
});

describe('buildStorageReport', () => {
  const experiments = [experiment('0', 'Default'), experiment('1', 'wine'), experiment('2', 'old', 'deleted')];
  const runs = [
    input({ runId: 'small', experimentId: '1' as ExperimentId, metrics: { a: summary('a', 1) }, metricChunks: { a: 1 } }),
    input({ runId: 'big', experimentId: '1' as ExperimentId, artifacts: [{ path: 'model/weights.bin', size: 1_000_000 }] }),
    input({ runId: 'medium', experimentId: '2' as ExperimentId, metrics: { a: summary('a', 5000) }, metricChunks: { a: 2 } }),
  ];

  it('should list runs biggest first', () => {
    const report = buildStorageReport({ experiments, runs, chunkSize: CHUNK });
    expect(report.runs.map((r) => r.runId)).toEqual(['big', 'medium', 'small']);
  });

  it('should total each experiment over its runs, biggest first, including experiments without runs', () => {
    const report = buildStorageReport({ experiments, runs, chunkSize: CHUNK });
    expect(report.experiments.map((e) => [e.name, e.runCount])).toEqual([
      ['wine', 2],
      ['old', 1],
      ['Default', 0],
    ]);
    const wine = report.experiments[0];
    const [big, , small] = report.runs;
    expect(wine?.bytes.total).toBe((big?.bytes.total ?? 0) + (small?.bytes.total ?? 0));
    expect(report.experiments[1]?.lifecycleStage).toBe('deleted');
    expect(report.experiments[2]?.bytes.total).toBe(0);
  });

  it('should make the grand total the sum of the runs, by kind', () => {
    const report = buildStorageReport({ experiments, runs, chunkSize: CHUNK });
    const sum = (kind: 'metrics' | 'models' | 'total') => report.runs.reduce((n, r) => n + r.bytes[kind], 0);
    expect(report.total.total).toBe(sum('total'));
    expect(report.total.metrics).toBe(sum('metrics'));
    expect(report.total.models).toBe(sum('models'));
  });

  it('should keep a run whose experiment row is missing, under its experiment id', () => {
    const report = buildStorageReport({ experiments: [], runs: [input({ runId: 'lost', experimentId: '9' as ExperimentId })], chunkSize: CHUNK });
    expect(report.experiments).toEqual([expect.objectContaining({ experimentId: '9', name: '9', runCount: 1 })]);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KB'],
    [5 * 1024 ** 2, '5.0 MB'],
    [1.1 * 1024 ** 3, '1.10 GB'],
    [Number.NaN, '—'],
  ])('should format %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
