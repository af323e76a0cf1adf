import { afterEach, describe, expect, it, vi } from 'vitest';
import { BundleImportError } from '../domain/errors';
import { DEFAULT_EXPERIMENT_ID, type RunId } from '../domain/ids';
import { createRun, findRun, killOrphanedRuns, toRun } from './runStore';
import { TrainyardDB } from './schema';
import { TrackingClient } from './trackingClient';
import { bundlesOf, registryOf } from '../test/testServices';

const opened: Array<{ db: TrainyardDB; client: TrackingClient }> = [];

async function store(): Promise<{ db: TrainyardDB; client: TrackingClient }> {
  const db = new TrainyardDB(`bundle-${crypto.randomUUID()}`);
  await db.open();
  const client = new TrackingClient({ db, userId: 'tester', flushIntervalMs: 60_000 });
  opened.push({ db, client });
  return { db, client };
}

afterEach(async () => {
  for (const { db, client } of opened.splice(0)) {
    await client.close();
    await db.delete();
  }
});

/** Two experiments; a parent with a nested child; params, tags, odd metric values, artifacts. */
async function seed(client: TrackingClient): Promise<RunId[]> {
  const other = await client.createExperiment('vision');
  const parent = await client.startRun({ runName: 'sweep', experimentId: other });
  await client.logParams({ lr: 0.01, 'model/depth': 3 });
  await client.setTag('team', 'blue ünïcode');
  for (let step = 0; step < 5_000; step++) client.logMetric('loss', 1 / (step + 1), { step, timestamp: 1_700_000_000_000 + step });
  client.logMetric('loss', NaN, { step: 5_000, timestamp: 1_700_000_005_000 });
  client.logMetric('grad', -Infinity, { step: 0, timestamp: 1_700_000_000_000 });
  await client.logText('hello', 'notes/readme.txt');
  await client.logArtifact(new Blob([new Uint8Array([0, 255, 1, 254])]), 'model/weights.bin');
  const child = await client.startRun({ runName: 'trial-1', nested: true });
  client.logMetric('acc', 0.5);
  await client.endRun();
  await client.endRun('FAILED');
  const plain = await client.startRun({ runName: 'default-exp' });
  await client.endRun();
  return [parent.runId, child.runId, plain.runId];
}

async function everything(db: TrainyardDB) {
  const runs = (await db.runs.toArray()).map(toRun).sort((a, b) => a.runId.localeCompare(b.runId));
  const chunks = (await db.metricChunks.toArray()).sort((a, b) => `${a.runId}${a.key}${a.seq}`.localeCompare(`${b.runId}${b.key}${b.seq}`));
  const artifacts = await Promise.all(
    (await db.artifacts.toArray()).map(async (a) => ({ runId: a.runId, path: a.path, bytes: Array.from(new Uint8Array(await a.blob.arrayBuffer())) })),
  );
  const experiments = (await db.experiments.toArray()).sort((a, b) => a.experimentId.localeCompare(b.experimentId));
  return { runs, chunks, artifacts: artifacts.sort((a, b) => `${a.runId}${a.path}`.localeCompare(`${b.runId}${b.path}`)), experiments };
}

describe('exportBundle → importBundle', () => {
  it('should bring every run, point and artifact into an empty store unchanged', async () => {
    const source = await store();
    await seed(source.client);
    const blob = await bundlesOf(source.client).exportBundle({ all: true });
    expect(blob.type).toBe('application/zip');

    const target = await store();
    const summary = await bundlesOf(target.client).importBundle(blob);
    expect(summary).toMatchObject({ runs: { created: 3, replaced: 0, skipped: 0 }, metricPoints: 5_003, artifacts: 2, conflicts: [] });
    const [before, after] = [await everything(source.db), await everything(target.db)];
    expect(after.runs).toEqual(before.runs);
    expect((await target.db.runs.toArray()).map((r) => [r.imported, r.writerId, r.heartbeatAt])).toEqual(Array(3).fill([true, null, null]));
    expect(after.chunks).toEqual(before.chunks);
    expect(after.artifacts).toEqual(before.artifacts);
    expect(after.experiments.map((e) => [e.experimentId, e.name])).toEqual(before.experiments.map((e) => [e.experimentId, e.name]));
    const sweep = after.runs.find((r) => r.runName === 'sweep');
    expect((await target.client.getMetricHistory(sweep!.runId, 'loss')).at(-1)?.value).toBeNaN();
    expect((await target.client.getMetricHistory(sweep!.runId, 'grad'))[0]?.value).toBe(-Infinity);
  });

  it('should export only the selected runs with their experiments', async () => {
    const source = await store();
    const [parent] = await seed(source.client);
    const target = await store();
    const summary = await bundlesOf(target.client).importBundle(await bundlesOf(source.client).exportBundle({ runIds: [parent!] }));
    expect(summary.runs.created).toBe(1);
    expect((await target.db.runs.toArray()).map((r) => r.runName)).toEqual(['sweep']);
    expect((await target.db.experiments.toArray()).map((e) => e.name).sort()).toEqual(['Default', 'vision']);
  });

  it('should recognise runs it already has: skip leaves them, replace rewrites them, no duplicates either way', async () => {
    const source = await store();
    const ids = await seed(source.client);
    const blob = await bundlesOf(source.client).exportBundle({ all: true });
    const target = await store();
    await bundlesOf(target.client).importBundle(blob);
    const dry = await bundlesOf(target.client).importBundle(blob, { dryRun: true });
    expect(dry.conflicts.sort()).toEqual([...ids].sort());
    expect(await bundlesOf(target.client).importBundle(blob)).toMatchObject({ runs: { created: 0, skipped: 3 }, metricPoints: 0 });
    expect(await bundlesOf(target.client).importBundle(blob, { onConflict: 'replace' })).toMatchObject({ runs: { created: 0, replaced: 3 } });
    expect(await target.db.runs.count()).toBe(3);
    const [after, before] = [await everything(target.db), await everything(source.db)];
    // Each store made its own Default experiment; everything else is the source's.
    expect({ ...after, experiments: after.experiments.length }).toEqual({ ...before, experiments: before.experiments.length });
  });

  it('should rename an imported experiment whose name another experiment here has', async () => {
    const source = await store();
    await seed(source.client);
    const target = await store();
    await target.client.createExperiment('vision');
    const summary = await bundlesOf(target.client).importBundle(await bundlesOf(source.client).exportBundle({ all: true }));
    expect(summary.experiments.renamed).toEqual([{ from: 'vision', to: 'vision (imported)' }]);
    expect((await target.db.experiments.toArray()).map((e) => e.name).sort()).toEqual(['Default', 'vision', 'vision (imported)']);
  });

  it('should reject a damaged bundle naming the problem, and write nothing', async () => {
    const source = await store();
    await seed(source.client);
    const bytes = new Uint8Array(await (await bundlesOf(source.client).exportBundle({ all: true })).arrayBuffer());
    const target = await store();
    const before = await everything(target.db);
    const truncated = bytes.slice(0, Math.floor(bytes.length / 2));
    const error = await bundlesOf(target.client).importBundle(truncated).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleImportError);
    expect((error as BundleImportError).message).toMatch(/nothing was written/);
    expect((error as BundleImportError).problems.length).toBeGreaterThan(0);
    expect(await everything(target.db)).toEqual(before);
  });

  it('should leave an imported RUNNING run running: the orphan sweep is for runs this browser started', async () => {
    const source = await store();
    const running = await source.client.startRun({ runName: 'training elsewhere' });
    source.client.logMetric('loss', 0.5, { step: 3 });
    const target = await store();
    await bundlesOf(target.client).importBundle(await bundlesOf(source.client).exportBundle({ runIds: [running.runId] }));
    const imported = await target.db.runs.get(running.runId);
    expect(imported).toMatchObject({ status: 'RUNNING', endTime: null, writerId: null, heartbeatAt: null, imported: true });
    // A clock far past any heartbeat and no live writer: a run of this browser's would be KILLED here.
    const killed = await killOrphanedRuns(target.db, { isWriterAlive: () => false, now: running.startTime + 1e12, staleAfterMs: 1 });
    expect(killed).toEqual([]);
    expect(await target.db.runs.get(running.runId)).toEqual(imported);
    expect(await target.client.killOrphanedRuns()).toEqual([]);
    expect(await target.db.runs.get(running.runId)).toEqual(imported);
    // The public run has no bookkeeping.
    expect(Object.keys((await findRun(target.db, running.runId))!)).not.toContain('imported');
  });

  it("should make an imported run this browser's once resumed here, so the sweep watches it again", async () => {
    const source = await store();
    const running = await source.client.startRun({ runName: 'resume me' });
    const target = await store();
    await bundlesOf(target.client).importBundle(await bundlesOf(source.client).exportBundle({ runIds: [running.runId] }));
    await target.client.reopenRun(running.runId);
    const resumed = await target.db.runs.get(running.runId);
    expect(resumed).toMatchObject({ status: 'RUNNING', writerId: target.client.writerId });
    expect(resumed).not.toHaveProperty('imported');
    const killed = await killOrphanedRuns(target.db, { isWriterAlive: () => false, now: running.startTime + 1e12, staleAfterMs: 1 });
    expect(killed).toEqual([running.runId]);
  });

  it('should keep the status and end time of every imported run as the bundle says', async () => {
    const source = await store();
    const ids: RunId[] = [];
    for (const status of ['FINISHED', 'FAILED', 'KILLED'] as const) {
      const run = await source.client.startRun({ runName: status });
      await source.client.endRun(status);
      ids.push(run.runId);
    }
    const scheduled = await createRun(source.db, { experimentId: DEFAULT_EXPERIMENT_ID, runName: 'queued', userId: 'tester', writerId: null, status: 'SCHEDULED' });
    ids.push(scheduled.runId);
    const before = (await source.db.runs.bulkGet(ids)).map((r) => [r?.status, r?.endTime]);
    const target = await store();
    await bundlesOf(target.client).importBundle(await bundlesOf(source.client).exportBundle({ runIds: ids }));
    await killOrphanedRuns(target.db, { isWriterAlive: () => false, now: 1e15, staleAfterMs: 1 });
    expect((await target.db.runs.bulkGet(ids)).map((r) => [r?.status, r?.endTime])).toEqual(before);
    expect(before.map(([status]) => status)).toEqual(['FINISHED', 'FAILED', 'KILLED', 'SCHEDULED']);
  });

  it('should roll the whole import back when a write fails half-way', async () => {
    const source = await store();
    await seed(source.client);
    const blob = await bundlesOf(source.client).exportBundle({ all: true });
    const target = await store();
    const before = await everything(target.db);
    // The runs are written first (one batch); the histories after them fail.
    const putRuns = vi.spyOn(target.db.runs, 'bulkPut');
    vi.spyOn(target.db.metricChunks, 'bulkPut').mockImplementation(() => {
      throw new Error('disk full');
    });
    await expect(bundlesOf(target.client).importBundle(blob)).rejects.toThrow('disk full');
    expect(putRuns).toHaveBeenCalled();
    vi.restoreAllMocks();
    expect(await everything(target.db)).toEqual(before);
  });
});

describe('the model registry in bundles', () => {
  /** Two runs with a logged model; "iris" v1 (deleted), v2 @champion, v3 from the other run; "wine" from the first. */
  async function seedRegistry(client: TrackingClient): Promise<RunId[]> {
    const ids: RunId[] = [];
    for (const name of ['a', 'b']) {
      const run = await client.startRun({ runName: name });
      await client.logText('flavors:\n  tfjs: {}\n', 'model/MLmodel');
      await client.endRun();
      ids.push(run.runId);
    }
    const [a, b] = ids as [RunId, RunId];
    await registryOf(client).createRegisteredModel('iris', { description: 'flowers', tags: { team: 'ml' } });
    for (const runId of [a, a, b]) await registryOf(client).createModelVersion('iris', `runs:/${runId}/model`, runId);
    await registryOf(client).deleteModelVersion('iris', 1);
    await registryOf(client).setRegisteredModelAlias('iris', 'champion', 2);
    await registryOf(client).setRegisteredModelAlias('iris', 'challenger', 3);
    await registryOf(client).setModelVersionTag('iris', 2, 'checked', 'yes');
    await registryOf(client).transitionModelVersionStage('iris', 3, 'Staging');
    await registryOf(client).createRegisteredModel('wine');
    await registryOf(client).createModelVersion('wine', `runs:/${a}/model`, a);
    return ids;
  }

  async function registry(db: TrainyardDB) {
    return { models: await db.registeredModels.orderBy('name').toArray(), versions: await db.modelVersions.toArray() };
  }

  it('should carry the whole registry, deleted version numbers and aliases included, into an empty store', async () => {
    const source = await store();
    await seedRegistry(source.client);
    const target = await store();
    const summary = await bundlesOf(target.client).importBundle(await bundlesOf(source.client).exportBundle({ all: true }));
    expect(summary.registeredModels).toEqual({ created: 2, replaced: 0, skipped: 0, versions: 3, conflicts: [] });
    expect(await registry(target.db)).toEqual(await registry(source.db));
    expect((await registryOf(target.client).getModelVersionByAlias('iris', 'champion')).version).toBe(2);
    // The numbering goes on after the deleted version 1 and the imported 3.
    const [a] = (await target.db.runs.toArray()).map((r) => r.runId);
    expect((await registryOf(target.client).createModelVersion('iris', `runs:/${a!}/model`)).version).toBe(4);
  });

  it('should export, for selected runs, only the models and versions from them, with their aliases', async () => {
    const source = await store();
    const [, b] = await seedRegistry(source.client);
    const target = await store();
    await bundlesOf(target.client).importBundle(await bundlesOf(source.client).exportBundle({ runIds: [b!] }));
    const { models, versions } = await registry(target.db);
    expect(models.map((m) => [m.name, m.aliases])).toEqual([['iris', [{ alias: 'challenger', version: 3 }]]]);
    expect(versions.map((v) => [v.version, v.currentStage])).toEqual([
      [1, 'Deleted_Internal'],
      [3, 'Staging'],
    ]);
  });

  it('should skip or replace a registered model it already has, as chosen for runs', async () => {
    const source = await store();
    await seedRegistry(source.client);
    const blob = await bundlesOf(source.client).exportBundle({ all: true });
    const target = await store();
    await bundlesOf(target.client).importBundle(blob);
    await registryOf(target.client).updateRegisteredModel('iris', 'edited here');
    await registryOf(target.client).deleteRegisteredModelAlias('iris', 'champion');
    const skipped = await bundlesOf(target.client).importBundle(blob);
    expect(skipped.registeredModels).toMatchObject({ created: 0, skipped: 2, conflicts: ['iris', 'wine'] });
    expect((await registryOf(target.client).getRegisteredModel('iris')).description).toBe('edited here');
    const replaced = await bundlesOf(target.client).importBundle(blob, { onConflict: 'replace' });
    expect(replaced.registeredModels).toMatchObject({ created: 0, replaced: 2 });
    expect(await registry(target.db)).toEqual(await registry(source.db));
  });

  it('should keep the versions and aliases a partial bundle does not carry when it replaces a model', async () => {
    const source = await store();
    const [a] = await seedRegistry(source.client);
    const before = await registry(source.db);
    // Run a's bundle carries iris v1 (deleted) and v2 @champion, not v3 @challenger from run b.
    const partial = await bundlesOf(source.client).exportBundle({ runIds: [a!] });
    await registryOf(source.client).setRegisteredModelAlias('iris', 'champion', 3);
    const summary = await bundlesOf(source.client).importBundle(partial, { onConflict: 'replace' });
    expect(summary.registeredModels).toMatchObject({ replaced: 2 });
    const after = await registry(source.db);
    expect(after.versions.map((v) => [v.name, v.version, v.currentStage]).sort()).toEqual(before.versions.map((v) => [v.name, v.version, v.currentStage]).sort());
    const iris = after.models.find((m) => m.name === 'iris');
    // The bundle's @champion (v2) wins; @challenger on the kept v3 stays.
    expect(iris?.aliases.sort((x, y) => x.alias.localeCompare(y.alias))).toEqual([
      { alias: 'challenger', version: 3 },
      { alias: 'champion', version: 2 },
    ]);
  });

  it('should write nothing when a registry file is hostile, naming the file', async () => {
    const { zipSync, unzipSync } = await import('fflate');
    const source = await store();
    await seedRegistry(source.client);
    const files = unzipSync(new Uint8Array(await (await bundlesOf(source.client).exportBundle({ all: true })).arrayBuffer()));
    delete files['trainyard-manifest.json']; // edited by hand: no manifest to vouch for it
    files['mlruns/models/iris/aliases/champion'] = new TextEncoder().encode('9');
    const target = await store();
    const error = await bundlesOf(target.client).importBundle(zipSync(files)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleImportError);
    expect((error as BundleImportError).message).toContain('mlruns/models/iris/aliases/champion: Alias "champion" points to version 9');
    expect(await target.db.runs.count()).toBe(0);
    expect(await target.db.registeredModels.count()).toBe(0);
  });
});
