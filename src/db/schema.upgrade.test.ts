/**
 * Upgrades from fixtures of earlier schema versions (Dexie's tests-asyncawait.js shape): build the
 * old database with only the old declaration, fill it, close it, open it with today's TrainyardDB
 * and check that every row survived and the new tables work.
 */
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { TrainyardDB, type DatasetRow } from './schema';

const names: string[] = [];

afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** Version 1 exactly as it shipped. */
function openVersion1(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores({
    experiments: 'experimentId, &name, lifecycleStage',
    runs: 'runId, experimentId, status, parentRunId',
    metricChunks: '[runId+key+seq], runId',
    artifacts: '[runId+path], runId',
  });
  return db;
}

/** Version 2 exactly as it shipped. */
function openVersion2(name: string): Dexie {
  const db = openVersion1(name);
  db.version(2).stores({ datasets: 'datasetId, name, createdTime' });
  return db;
}

/** Version 3 exactly as it shipped. */
function openVersion3(name: string): Dexie {
  const db = openVersion2(name);
  db.version(3).stores({ runs: 'runId, experimentId, status, parentRunId, [experimentId+startTime]' });
  return db;
}

/** Version 4 exactly as it shipped. */
function openVersion4(name: string): Dexie {
  const db = openVersion3(name);
  db.version(4).stores({ registeredModels: 'name, lastUpdatedTimestamp', modelVersions: '[name+version], name, runId' });
  return db;
}

describe('schema upgrade 4 → 5', () => {
  it('should keep every v4 row and add an empty, working sync table', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    names.push(name);
    const v4 = openVersion4(name);
    const runId = 'a'.repeat(32);
    await v4.table('runs').add({
      runId, experimentId: '0', runName: 'v4-run', status: 'FINISHED', startTime: 7, endTime: 8, lifecycleStage: 'active',
      deletedTime: null, userId: 'u', artifactUri: '', parentRunId: null, params: {}, tags: {}, metrics: {}, writerId: null, heartbeatAt: null,
    });
    await v4.table('registeredModels').add({ name: 'iris', creationTimestamp: 9, lastUpdatedTimestamp: 9, description: '', tags: {}, aliases: [] });
    v4.close();

    const db = new TrainyardDB(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect(await db.runs.get(runId as never)).toMatchObject({ runName: 'v4-run' });
    expect(await db.registeredModels.count()).toBe(1);
    expect(await db.syncRuns.count()).toBe(0);
    await db.syncRuns.add({ serverId: 's1', runId: runId as never, state: 'queued', serverRunId: null, error: null, queuedAt: 1, updatedAt: 1, attempts: 0, nextAttemptAt: 0 });
    expect(await db.syncRuns.where('state').equals('queued').count()).toBe(1);
    expect(await db.syncRuns.where('runId').equals(runId).count()).toBe(1);
    db.close();
  });
});

describe('schema upgrade 3 → 4', () => {
  it('should keep every v3 row and add empty, working registry tables', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    names.push(name);
    const v3 = openVersion3(name);
    const runId = 'f'.repeat(32);
    await v3.table('experiments').add({ experimentId: '0', name: 'Default', artifactLocation: 'mlruns/0', lifecycleStage: 'active', creationTime: 1, lastUpdateTime: 1, tags: {} });
    await v3.table('runs').add({
      runId, experimentId: '0', runName: 'v3-run', status: 'FINISHED', startTime: 7, endTime: 8, lifecycleStage: 'active',
      deletedTime: null, userId: 'u', artifactUri: '', parentRunId: null, params: { lr: '0.1' }, tags: {}, metrics: {}, writerId: null, heartbeatAt: null,
    });
    await v3.table('artifacts').add({ runId, path: 'model/MLmodel', blob: new Blob(['flavors: {}\n']), size: 12, type: 'text/yaml', modifiedTime: 8 });
    await v3.table('datasets').put({ datasetId: 'ds-1', name: 'mine', createdTime: 1 });
    v3.close();

    const db = new TrainyardDB(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect(await db.runs.get(runId as never)).toMatchObject({ runName: 'v3-run', params: { lr: '0.1' } });
    expect(await (await db.artifacts.get([runId as never, 'model/MLmodel']))?.blob.text()).toBe('flavors: {}\n');
    expect(await db.datasets.count()).toBe(1);
    expect(await db.registeredModels.count()).toBe(0);
    expect(await db.modelVersions.count()).toBe(0);
    // The new indexes work on rows written after the upgrade.
    await db.registeredModels.add({ name: 'iris', creationTimestamp: 9, lastUpdatedTimestamp: 9, description: '', tags: {}, aliases: [] });
    await db.modelVersions.add({
      name: 'iris', version: 1, source: `runs:/${runId}/model`, runId: runId as never, tags: {}, description: '', currentStage: 'None',
      creationTimestamp: 9, lastUpdatedTimestamp: 9, status: 'READY', userId: null,
    });
    expect(await db.modelVersions.where('runId').equals(runId).count()).toBe(1);
    expect(await db.modelVersions.where('name').equals('iris').count()).toBe(1);
    db.close();
  });
});

describe('schema upgrade 2 → 3', () => {
  it('should keep the runs and index them by experiment and start time', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    names.push(name);
    const v2 = openVersion2(name);
    const run = (runId: string, experimentId: string, startTime: number) => ({
      runId, experimentId, runName: runId.slice(0, 4), status: 'FINISHED', startTime, endTime: startTime + 1, lifecycleStage: 'active',
      deletedTime: null, userId: 'u', artifactUri: '', parentRunId: null, params: {}, tags: {}, metrics: {}, writerId: null, heartbeatAt: null,
    });
    await v2.table('runs').bulkAdd([run('a'.repeat(32), '1', 30), run('b'.repeat(32), '1', 10), run('c'.repeat(32), '2', 50), run('d'.repeat(32), '1', 20)]);
    v2.close();

    const db = new TrainyardDB(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect(await db.runs.count()).toBe(4);
    const newest = await db.runs.where('[experimentId+startTime]').between(['1', Dexie.minKey], ['1', Dexie.maxKey]).reverse().limit(2).toArray();
    expect(newest.map((r) => r.startTime)).toEqual([30, 20]);
    db.close();
  });
});

describe('schema upgrade 1 → 2', () => {
  it('should keep every v1 table and add an empty, working datasets table', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    names.push(name);
    const v1 = openVersion1(name);
    await v1.table('experiments').add({ experimentId: '0', name: 'Default', artifactLocation: 'mlruns/0', lifecycleStage: 'active', creationTime: 1, lastUpdateTime: 1, tags: {} });
    await v1.table('runs').add({ runId: 'e'.repeat(32), experimentId: '0', runName: 'v1-run', status: 'KILLED', startTime: 5, endTime: 6, lifecycleStage: 'active', deletedTime: null, userId: 'u', artifactUri: '', parentRunId: null, params: {}, tags: { 'trainyard.killedReason': 'closed' }, metrics: {}, writerId: null, heartbeatAt: null });
    await v1.table('metricChunks').add({ runId: 'e'.repeat(32), key: 'loss', seq: 0, steps: new Float64Array([0]), values: new Float64Array([2]), timestamps: new Float64Array([5]) });
    v1.close();

    const v2 = openVersion2(name);
    await v2.open();
    expect(v2.verno).toBe(2);
    expect(v2.tables.map((t) => t.name).sort()).toEqual(['artifacts', 'datasets', 'experiments', 'metricChunks', 'runs']);
    expect(await v2.table('runs').get('e'.repeat(32))).toMatchObject({ runName: 'v1-run', status: 'KILLED', tags: { 'trainyard.killedReason': 'closed' } });
    expect(Array.from(((await v2.table('metricChunks').toArray())[0] as { values: Float64Array }).values)).toEqual([2]);
    expect(await v2.table('datasets').count()).toBe(0);
    await v2.table('datasets').put({ datasetId: 'ds-1', name: 'mine', createdTime: 1 });
    expect(await v2.table('datasets').where('name').equals('mine').count()).toBe(1);
    v2.close();
  });
});

describe('schema upgrade chain 1 → 4 (today\'s TrainyardDB)', () => {
  it('should keep experiments, runs, metric chunks and artifacts, and add an empty datasets table', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    names.push(name);
    const v1 = openVersion1(name);
    await v1.table('experiments').bulkAdd([
      { experimentId: '0', name: 'Default', artifactLocation: 'mlruns/0', lifecycleStage: 'active', creationTime: 1, lastUpdateTime: 1, tags: {} },
      { experimentId: '123456789012345678', name: 'wine', artifactLocation: 'mlruns/123456789012345678', lifecycleStage: 'deleted', creationTime: 2, lastUpdateTime: 3, tags: { team: 'a' } },
    ]);
    await v1.table('runs').add({
      runId: '0123456789abcdef0123456789abcdef',
      experimentId: '123456789012345678',
      runName: 'old-run',
      status: 'FINISHED',
      startTime: 10,
      endTime: 20,
      lifecycleStage: 'deleted',
      deletedTime: 3,
      deletedWithExperiment: true,
      userId: 'alice',
      artifactUri: 'mlruns/123456789012345678/0123456789abcdef0123456789abcdef/artifacts',
      parentRunId: null,
      params: { lr: '0.1' },
      tags: { 'mlflow.runName': 'old-run' },
      metrics: { loss: { key: 'loss', latest: { value: 0.5, step: 1, timestamp: 15 }, min: 0.5, max: 1, count: 2 } },
      writerId: null,
      heartbeatAt: null,
    });
    await v1.table('metricChunks').add({
      runId: '0123456789abcdef0123456789abcdef',
      key: 'loss',
      seq: 0,
      steps: new Float64Array([0, 1]),
      values: new Float64Array([1, 0.5]),
      timestamps: new Float64Array([12, 15]),
    });
    await v1.table('artifacts').add({
      runId: '0123456789abcdef0123456789abcdef',
      path: 'notes.txt',
      blob: new Blob(['kept'], { type: 'text/plain' }),
      size: 4,
      type: 'text/plain',
      modifiedTime: 16,
    });
    v1.close();

    const db = new TrainyardDB(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect((await db.experiments.toArray()).map((e) => e.name).sort()).toEqual(['Default', 'wine']);
    const run = await db.runs.get('0123456789abcdef0123456789abcdef' as never);
    expect(run).toMatchObject({ runName: 'old-run', params: { lr: '0.1' }, deletedWithExperiment: true });
    const [chunk] = await db.metricChunks.toArray();
    expect(Array.from(chunk?.values ?? [])).toEqual([1, 0.5]);
    const [artifact] = await db.artifacts.toArray();
    expect(await artifact?.blob.text()).toBe('kept');
    expect(await db.datasets.count()).toBe(0);

    const dataset: DatasetRow = {
      datasetId: 'builtin:wine-red',
      name: 'Wine quality (red)',
      kind: 'tabular',
      fileName: 'winequality-red.csv',
      source: 'download',
      url: 'https://example.invalid/winequality-red.csv',
      sha256: 'a'.repeat(64),
      size: 3,
      createdTime: 30,
      blob: new Blob(['a;b']),
      summary: { rows: 0, columns: ['a', 'b'] },
    };
    await db.datasets.put(dataset);
    expect((await db.datasets.get('builtin:wine-red'))?.summary).toEqual({ rows: 0, columns: ['a', 'b'] });
    // The Default experiment is not populated twice by the upgrade.
    expect(await db.experiments.where('name').equals('Default').count()).toBe(1);
    // The v3 index covers the run carried over from v1.
    const byStart = await db.runs.where('[experimentId+startTime]').between(['123456789012345678', Dexie.minKey], ['123456789012345678', Dexie.maxKey]).toArray();
    expect(byStart.map((r) => r.runName)).toEqual(['old-run']);
    db.close();
  });
});
