import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT_ID, type ExperimentId, type RunId } from '../domain/ids';
import { renameExperiment } from './experimentStore';
import { DB_NAME, METRIC_CHUNK_SIZE, TrainyardDB, defaultExperiment, type RunRow } from './schema';

const opened: TrainyardDB[] = [];

/** A database under a fresh name; reopening uses the same name. */
function freshName(): string {
  return `t-${crypto.randomUUID()}`;
}

function openDb(name: string): TrainyardDB {
  const db = new TrainyardDB(name);
  opened.push(db);
  return db;
}

afterEach(async () => {
  const names = new Set(opened.map((db) => db.name));
  for (const db of opened.splice(0)) db.close();
  for (const name of names) await Dexie.delete(name);
});

function runRow(runId: RunId): RunRow {
  return {
    runId,
    experimentId: DEFAULT_EXPERIMENT_ID,
    runName: 'r',
    status: 'RUNNING',
    startTime: 1,
    endTime: null,
    lifecycleStage: 'active',
    deletedTime: null,
    userId: 'u',
    artifactUri: `mlruns/0/${runId}/artifacts`,
    parentRunId: null,
    params: { lr: '0.1' },
    tags: { 'mlflow.runName': 'r' },
    metrics: { m: { key: 'm', latest: { value: 1, step: 2, timestamp: 3 }, min: 1, max: 1, count: 1 } },
    writerId: 'w',
    heartbeatAt: 1,
  };
}

describe('TrainyardDB', () => {
  it('should default to the "trainyard" database name', () => {
    expect(DB_NAME).toBe('trainyard');
    expect(METRIC_CHUNK_SIZE).toBe(4096);
  });

  it('should create version 5 with the eight tables, their keys, the runs-by-start-time index, the registry indexes and the sync table', async () => {
    const db = openDb(freshName());
    await db.open();
    expect(db.verno).toBe(5);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['artifacts', 'datasets', 'experiments', 'metricChunks', 'modelVersions', 'registeredModels', 'runs', 'syncRuns']);
    expect(db.datasets.schema.primKey.keyPath).toBe('datasetId');
    expect(db.experiments.schema.primKey.keyPath).toBe('experimentId');
    expect(db.runs.schema.primKey.keyPath).toBe('runId');
    expect(db.metricChunks.schema.primKey.keyPath).toEqual(['runId', 'key', 'seq']);
    expect(db.artifacts.schema.primKey.keyPath).toEqual(['runId', 'path']);
    expect(db.experiments.schema.idxByName.name?.unique).toBe(true);
    // What IndexedDB itself holds, not only Dexie's declaration (Dexie stores version n as n * 10).
    const idb = db.backendDB();
    expect(idb.version).toBe(50);
    expect([...idb.objectStoreNames].sort()).toEqual(['artifacts', 'datasets', 'experiments', 'metricChunks', 'modelVersions', 'registeredModels', 'runs', 'syncRuns']);
    expect(db.registeredModels.schema.primKey.keyPath).toBe('name');
    expect(db.modelVersions.schema.primKey.keyPath).toEqual(['name', 'version']);
    expect([...idb.transaction('modelVersions').objectStore('modelVersions').indexNames].sort()).toEqual(['name', 'runId']);
    expect(db.syncRuns.schema.primKey.keyPath).toEqual(['serverId', 'runId']);
    expect([...idb.transaction('syncRuns').objectStore('syncRuns').indexNames].sort()).toEqual(['runId', 'serverId', 'state']);
    expect([...idb.transaction('runs').objectStore('runs').indexNames].sort()).toEqual([
      '[experimentId+startTime]',
      'experimentId',
      'parentRunId',
      'status',
    ]);
  });

  it('should populate the Default experiment on creation', async () => {
    const before = Date.now();
    const db = openDb(freshName());
    const experiments = await db.experiments.toArray();
    expect(experiments).toHaveLength(1);
    const [first] = experiments;
    expect(first).toMatchObject({
      experimentId: '0',
      name: 'Default',
      artifactLocation: 'mlruns/0',
      lifecycleStage: 'active',
      tags: {},
    });
    expect(first?.creationTime).toBeGreaterThanOrEqual(before);
    expect(first?.creationTime).toBeLessThanOrEqual(Date.now());
  });

  it('should build the default experiment for a given time', () => {
    expect(defaultExperiment(42)).toEqual({
      experimentId: '0',
      name: 'Default',
      artifactLocation: 'mlruns/0',
      lifecycleStage: 'active',
      creationTime: 42,
      lastUpdateTime: 42,
      tags: {},
    });
  });

  it('should enforce unique experiment names', async () => {
    const db = openDb(freshName());
    await expect(
      db.experiments.add({ ...defaultExperiment(1), experimentId: '5' as ExperimentId }),
    ).rejects.toThrow(/ConstraintError|unique/i);
  });

  it('should keep data intact across close and reopen, typed arrays and Blobs included', async () => {
    const name = freshName();
    const runId = 'a'.repeat(32) as RunId;
    const db = openDb(name);
    await db.runs.add(runRow(runId));
    await db.metricChunks.add({
      runId,
      key: 'loss',
      seq: 0,
      steps: new Float64Array([0, 1, 2]),
      values: new Float64Array([Number.NaN, Number.POSITIVE_INFINITY, -0.5]),
      timestamps: new Float64Array([10, 11, 12]),
    });
    await db.artifacts.add({
      runId,
      path: 'model/weights.bin',
      blob: new Blob([new Uint8Array([1, 2, 3, 255])], { type: 'application/octet-stream' }),
      size: 4,
      type: 'application/octet-stream',
      modifiedTime: 7,
    });
    db.close();

    const again = openDb(name);
    expect(await again.runs.get(runId)).toEqual(runRow(runId));
    const chunk = await again.metricChunks.get([runId, 'loss', 0]);
    expect(chunk?.steps).toBeInstanceOf(Float64Array);
    expect(chunk?.values).toBeInstanceOf(Float64Array);
    expect(Array.from(chunk?.steps ?? [])).toEqual([0, 1, 2]);
    expect(Array.from(chunk?.values ?? [])).toEqual([Number.NaN, Number.POSITIVE_INFINITY, -0.5]);
    expect(Array.from(chunk?.timestamps ?? [])).toEqual([10, 11, 12]);
    const artifact = await again.artifacts.get([runId, 'model/weights.bin']);
    expect(artifact?.blob).toBeInstanceOf(Blob);
    expect(artifact?.blob.type).toBe('application/octet-stream');
    expect(Array.from(new Uint8Array(await (artifact?.blob ?? new Blob()).arrayBuffer()))).toEqual([1, 2, 3, 255]);
    expect(await again.experiments.count()).toBe(1);
  });

  it('should populate only once: reopening does not duplicate or re-add the Default experiment', async () => {
    const name = freshName();
    const db = openDb(name);
    await renameExperiment(db, { experimentId: DEFAULT_EXPERIMENT_ID, name: 'Scratch', now: 5 });
    db.close();

    const again = openDb(name);
    const experiments = await again.experiments.toArray();
    expect(experiments).toHaveLength(1);
    expect(experiments[0]).toMatchObject({ experimentId: '0', name: 'Scratch', lastUpdateTime: 5 });
    expect(await again.experiments.where('name').equals('Default').count()).toBe(0);
    again.close();

    const third = openDb(name);
    expect((await third.experiments.toArray()).map((e) => e.name)).toEqual(['Scratch']);
  });

  it('should keep separate databases apart', async () => {
    const a = openDb(freshName());
    const b = openDb(freshName());
    await renameExperiment(a, { experimentId: DEFAULT_EXPERIMENT_ID, name: 'A' });
    expect((await b.experiments.get(DEFAULT_EXPERIMENT_ID))?.name).toBe('Default');
  });
});
