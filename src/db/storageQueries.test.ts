import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BYTES_PER_METRIC_POINT } from '../domain/storage/storageSize';
import { TrainyardDB } from './schema';
import { onStoreChanged, readStoreContents } from './storageQueries';
import { TrackingClient } from './trackingClient';

let db: TrainyardDB;
let client: TrackingClient;

beforeEach(async () => {
  db = new TrainyardDB(`t-${crypto.randomUUID()}`);
  await db.open();
  client = new TrackingClient({ db, userId: 'tester', flushIntervalMs: 60_000 });
});

afterEach(async () => {
  await client.close();
  await db.delete();
});

describe('readStoreContents', () => {
  it('should size each run from its rows: metric points and chunks, artifacts, model files', async () => {
    const experimentId = await client.createExperiment('wine');
    const run = await client.createRun({ experimentId, runName: 'mlp' });
    for (let step = 0; step < 4097; step++) client.logMetric('loss', step, { step, runId: run.runId });
    await client.logArtifact(new Blob([new Uint8Array(1000)]), 'model/weights.bin', { runId: run.runId });
    await client.logArtifact('hello', 'notes.txt', { runId: run.runId });
    await client.endRun('FINISHED', { runId: run.runId });
    const empty = await client.createRun({ runName: 'empty' });
    await client.endRun('FINISHED', { runId: empty.runId });

    const { report } = await readStoreContents(db);

    expect(report.runs.map((r) => r.runName)).toEqual(['mlp', 'empty']);
    const mlp = report.runs[0];
    expect(mlp).toMatchObject({ metricKeys: 1, metricPoints: 4097, artifactFiles: 1, modelFiles: 1 });
    expect(mlp?.bytes.metrics).toBeGreaterThanOrEqual(4097 * BYTES_PER_METRIC_POINT);
    expect(mlp?.bytes.models).toBeGreaterThanOrEqual(1000);
    expect(mlp?.bytes.artifacts).toBeGreaterThanOrEqual(5);
    expect(report.experiments[0]).toMatchObject({ name: 'wine', runCount: 1 });
  });

  it('should list datasets without their contents, biggest first', async () => {
    const base = { kind: 'tabular' as const, fileName: 'f.csv', url: null, sha256: 'x', createdTime: 1, summary: { rows: 1 } };
    await client.saveDataset({ ...base, datasetId: 'ds-small', name: 'small', source: 'import', size: 3, blob: new Blob(['a,b']) });
    await client.saveDataset({ ...base, datasetId: 'ds-big', name: 'big', source: 'import', size: 9, blob: new Blob(['a,b,c,d,e']) });
    const { datasets } = await readStoreContents(db);
    expect(datasets.map((d) => d.name)).toEqual(['big', 'small']);
    expect(datasets[0]).not.toHaveProperty('blob');
  });
});

describe('onStoreChanged', () => {
  it('should call back after a write to this database until unsubscribed', async () => {
    let calls = 0;
    const stop = onStoreChanged(db, () => calls++);
    await client.createExperiment('one');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBeGreaterThan(0);
    stop();
    const before = calls;
    await client.createExperiment('two');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBe(before);
  });
});
