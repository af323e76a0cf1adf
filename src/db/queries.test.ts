/** The page's reads of the store (queries.ts), on fake-indexeddb, with the data written through the tracking client. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunId } from '../domain/ids';
import * as q from './queries';
import type { TrainyardDB} from './schema';
import type { DatasetRow } from './schema';
import type { TrackingClient } from './trackingClient';
import { closeTestStore, openTestStore } from '../test/testStore';
import { registryOf } from '../test/testServices';

let db: TrainyardDB;
let client: TrackingClient;
let clock: number;

beforeEach(async () => {
  clock = 1_000;
  ({ db, client } = await openTestStore(() => clock));
});

afterEach(() => closeTestStore({ db, client }));

/** A finished run created at `startTime`. */
async function finishedRun(options: { runName: string; startTime: number; parentRunId?: RunId; tags?: Record<string, string> }): Promise<RunId> {
  const run = await client.createRun(options);
  await client.endRun('FINISHED', { runId: run.runId });
  return run.runId;
}

describe('experiments and runs', () => {
  it('should list every experiment, trashed ones too', async () => {
    const wine = await client.createExperiment('wine');
    const iris = await client.createExperiment('iris');
    await client.deleteExperiment(iris);
    const experiments = await q.allExperiments(db);
    expect(experiments.map((e) => [e.name, e.lifecycleStage])).toEqual(
      expect.arrayContaining([
        ['Default', 'active'],
        ['wine', 'active'],
        ['iris', 'deleted'],
      ]),
    );
    expect(experiments.find((e) => e.experimentId === wine)).toBeDefined();
  });

  it('should find a run, or null, and say whether any run exists', async () => {
    expect(await q.hasAnyRun(db)).toBe(false);
    expect(await q.runCount(db)).toBe(0);
    const runId = await finishedRun({ runName: 'a', startTime: 10 });
    expect(await q.hasAnyRun(db)).toBe(true);
    expect(await q.runCount(db)).toBe(1);
    const run = await q.run(db, runId);
    expect(run).toMatchObject({ runId, runName: 'a', status: 'FINISHED' });
    // The store's bookkeeping stays inside the store.
    expect(run).not.toHaveProperty('writerId');
    expect(await q.run(db, 'nope' as RunId)).toBeNull();
  });

  it('should read an experiment whole, every stage, and its newest runs first', async () => {
    const experimentId = await client.createExperiment('wine');
    await finishedRun({ runName: 'elsewhere', startTime: 300 }); // in the Default experiment
    const other = await client.createRun({ experimentId, runName: 'other', startTime: 1 });
    const inWine = await Promise.all(
      [0, 1, 2].map((i) => client.createRun({ experimentId, runName: `w${i}`, startTime: 200 + i }).then((r) => r.runId)),
    );
    await client.deleteRun(inWine[1] as RunId);

    const all = await q.runsOfExperiment(db, experimentId);
    expect(all.map((r) => r.runId).sort()).toEqual([other.runId, ...inWine].sort());
    expect(all.find((r) => r.runId === inWine[1])?.lifecycleStage).toBe('deleted');
    const newest = await q.newestRunsOfExperiment(db, { experimentId, limit: 2 });
    expect(newest.map((r) => r.runName)).toEqual(['w2', 'w1']);
  });

  it('should give runs in the order asked with the missing ids, and runs by id', async () => {
    const a = await finishedRun({ runName: 'a', startTime: 1 });
    const b = await finishedRun({ runName: 'b', startTime: 2 });
    const { runs, missing } = await q.runsInOrder(db, [b, 'gone', a]);
    expect(runs.map((r) => r.runName)).toEqual(['b', 'a']);
    expect(missing).toEqual(['gone']);

    const byId = await q.runsById(db, [a, 'gone' as RunId]);
    expect([...byId.keys()]).toEqual([a]);
    expect(byId.get(a)?.runName).toBe('a');
    expect((await q.runsById(db, [])).size).toBe(0);
  });
});

describe('parents and children', () => {
  it('should read a parent with its children, and null for a missing parent', async () => {
    const parent = await finishedRun({ runName: 'p', startTime: 1 });
    const c1 = await finishedRun({ runName: 'c1', startTime: 2, parentRunId: parent });
    const c2 = await finishedRun({ runName: 'c2', startTime: 3, parentRunId: parent });
    const read = await q.runWithChildren(db, parent);
    expect(read.parent?.runId).toBe(parent);
    expect(read.children.map((r) => r.runId).sort()).toEqual([c1, c2].sort());
    expect(await q.runWithChildren(db, 'gone' as RunId)).toEqual({ parent: null, children: [] });
  });

  it('should list the active tagged parents that have children, each with its children', async () => {
    const tag = 'trainyard.search.algorithm';
    const search = await finishedRun({ runName: 'search', startTime: 1, tags: { [tag]: 'random' } });
    const trial = await finishedRun({ runName: 't0', startTime: 2, parentRunId: search });
    const untagged = await finishedRun({ runName: 'plain', startTime: 3 });
    await finishedRun({ runName: 'child', startTime: 4, parentRunId: untagged });
    const trashed = await finishedRun({ runName: 'trashed', startTime: 5, tags: { [tag]: 'grid' } });
    await finishedRun({ runName: 't1', startTime: 6, parentRunId: trashed });
    await client.deleteRun(trashed);
    await finishedRun({ runName: 'no trials yet', startTime: 7, tags: { [tag]: 'grid' } });

    const found = await q.taggedParentsWithChildren(db, tag);
    expect(found.map(({ parent, children }) => [parent.runId, children.map((c) => c.runId)])).toEqual([[search, [trial]]]);
    expect(await q.taggedParentsWithChildren(db, 'other.tag')).toEqual([]);
  });

  it('should list the active KILLED runs carrying a tag', async () => {
    const tag = 'trainyard.search.algorithm';
    const killed = await client.createRun({ runName: 'k', tags: { [tag]: 'random' } });
    await client.endRun('KILLED', { runId: killed.runId });
    const killedPlain = await client.createRun({ runName: 'kp' });
    await client.endRun('KILLED', { runId: killedPlain.runId });
    await finishedRun({ runName: 'f', startTime: 1, tags: { [tag]: 'grid' } });
    const killedTrashed = await client.createRun({ runName: 'kt', tags: { [tag]: 'grid' } });
    await client.endRun('KILLED', { runId: killedTrashed.runId });
    await client.deleteRun(killedTrashed.runId);

    expect((await q.killedRunsTagged(db, tag)).map((r) => r.runId)).toEqual([killed.runId]);
  });
});

describe('metrics and artifacts', () => {
  it('should read one history and one metric across runs', async () => {
    const a = await client.createRun({ runName: 'a' });
    const b = await client.createRun({ runName: 'b' });
    for (let step = 0; step < 3; step++) client.logMetric('loss', 1 - step / 10, { step, runId: a.runId });
    client.logMetric('loss', 0.5, { step: 0, runId: b.runId });
    await client.flush();

    expect([...(await q.metricHistory(db, { runId: a.runId, key: 'loss' })).steps]).toEqual([0, 1, 2]);
    expect((await q.metricHistory(db, { runId: a.runId, key: 'acc' })).steps).toHaveLength(0);
    const histories = await q.metricHistories(db, { runIds: [b.runId, a.runId], key: 'loss' });
    expect([...histories.keys()]).toEqual([b.runId, a.runId]);
    expect([...(histories.get(b.runId)?.values ?? [])]).toEqual([0.5]);
  });

  it('should list a run’s files, several runs’ files, and read one file or null', async () => {
    const a = await client.createRun({ runName: 'a' });
    const b = await client.createRun({ runName: 'b' });
    await client.logText('hello', 'notes/b.txt', { runId: a.runId });
    await client.logText('hi', 'a.txt', { runId: a.runId });

    expect(await q.artifactFiles(db, a.runId)).toEqual([
      { path: 'a.txt', isDir: false, fileSize: 2 },
      { path: 'notes/b.txt', isDir: false, fileSize: 5 },
    ]);
    const byRun = await q.artifactFilesOfRuns(db, [a.runId, b.runId]);
    expect(byRun.get(a.runId)?.map((f) => f.path)).toEqual(['a.txt', 'notes/b.txt']);
    expect(byRun.get(b.runId)).toEqual([]);
    const row = await q.artifactOrNull(db, { runId: a.runId, path: 'a.txt' });
    expect(await row?.blob.text()).toBe('hi');
    expect(await q.artifactOrNull(db, { runId: a.runId, path: 'missing.txt' })).toBeNull();
  });

  it('should list the active runs that logged a model with its folder, newest first', async () => {
    const old = await client.createRun({ runName: 'old', startTime: 10 });
    await client.logText('flavors: {}\n', 'model/MLmodel', { runId: old.runId });
    const nested = await client.createRun({ runName: 'nested', startTime: 30 });
    await client.logText('flavors: {}\n', 'models/best/MLmodel', { runId: nested.runId });
    const root = await client.createRun({ runName: 'root', startTime: 20 });
    await client.logText('flavors: {}\n', 'MLmodel', { runId: root.runId });
    const lookalike = await client.createRun({ runName: 'lookalike', startTime: 40 });
    await client.logText('no', 'notMLmodel', { runId: lookalike.runId });
    const trashed = await client.createRun({ runName: 'trashed', startTime: 50 });
    await client.logText('flavors: {}\n', 'model/MLmodel', { runId: trashed.runId });
    await client.deleteRun(trashed.runId);

    const found = await q.runsWithModels(db);
    expect(found.map(({ run, folder }) => [run.runName, folder])).toEqual([
      ['nested', 'models/best'],
      ['root', ''],
      ['old', 'model'],
    ]);
  });
});

describe('datasets, registry and storage', () => {
  it('should list datasets without their contents', async () => {
    const row: DatasetRow = {
      datasetId: 'ds-1',
      name: 'wine.csv',
      kind: 'tabular',
      fileName: 'wine.csv',
      source: 'import',
      url: null,
      sha256: 'x',
      size: 3,
      createdTime: 5,
      blob: new Blob(['a,b']),
      summary: { rows: 0, columns: ['a', 'b'] },
    };
    await client.saveDataset(row);
    const listed = await q.datasets(db);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ datasetId: 'ds-1', name: 'wine.csv' });
    expect(listed[0]).not.toHaveProperty('blob');
  });

  it('should read the registry: every model, one model with its versions, a run’s versions', async () => {
    const run = await client.createRun({ runName: 'm' });
    await client.logText('flavors: {}\n', 'model/MLmodel', { runId: run.runId });
    await client.endRun('FINISHED', { runId: run.runId });
    await registryOf(client).createRegisteredModel('iris');
    clock = 2_000;
    await registryOf(client).createModelVersion('iris', `runs:/${run.runId}/model`, run.runId);
    await registryOf(client).createModelVersion('iris', `runs:/${run.runId}/model`, run.runId);
    clock = 3_000;
    await registryOf(client).createRegisteredModel('wine');

    expect((await q.registeredModels(db)).map((m) => m.name)).toEqual(['wine', 'iris']);
    const iris = await q.registeredModel(db, 'iris');
    expect(iris?.model.name).toBe('iris');
    expect(iris?.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(await q.registeredModel(db, 'nope')).toBeNull();
    expect((await q.versionsOfRun(db, run.runId)).map((v) => [v.name, v.version])).toEqual([
      ['iris', 1],
      ['iris', 2],
    ]);
  });

  it('should report the store’s contents and tell of every write until stopped', async () => {
    let writes = 0;
    const stop = q.watchStore(db, () => (writes += 1));
    await finishedRun({ runName: 'a', startTime: 1 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(writes).toBeGreaterThan(0);
    stop();
    const before = writes;
    await finishedRun({ runName: 'b', startTime: 2 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(writes).toBe(before);
    expect((await q.storeContents(db)).report.runs.map((r) => r.runName).sort()).toEqual(['a', 'b']);
  });

  it('should tell when another tab upgrades the store', async () => {
    let told = 0;
    q.watchVersionChange(db, () => (told += 1));
    expect(q.versionChanged(db)).toBe(false);
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(db.name, db.verno * 10 + 10);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    newer.close();
    expect(told).toBe(1);
    expect(q.versionChanged(db)).toBe(true);
  });
});

describe('readsOf', () => {
  it('should bind every read to the database', async () => {
    const reads = q.readsOf(db);
    const runId = await finishedRun({ runName: 'a', startTime: 1 });
    expect((await reads.run(runId))?.runName).toBe('a');
    expect(await reads.hasAnyRun()).toBe(true);
    expect((await reads.runsInOrder([runId, 'gone'])).missing).toEqual(['gone']);
    expect(reads.versionChanged()).toBe(false);
    const read = Object.keys(q).filter((name) => !['readsOf'].includes(name) && typeof q[name as keyof typeof q] === 'function');
    expect(Object.keys(reads).sort()).toEqual(read.sort());
  });
});
