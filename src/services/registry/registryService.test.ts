/** The registry through the tracking client, on fake-indexeddb: MLflow's registry rules end to end. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trackingRejection } from '../../test/expectErrors';
import type { RunId } from '../../domain/ids';
import type { TrainyardDB } from '../../db/schema';
import type { TrackingClient } from '../../db/trackingClient';
import { closeTestStore, openTestStore } from '../../test/testStore';
import { RegistryService } from './registryService';

let db: TrainyardDB;
let client: TrackingClient;
let registry: RegistryService;
let clock: number;

beforeEach(async () => {
  clock = 1_000;
  ({ db, client } = await openTestStore(() => clock));
  registry = new RegistryService(client);
});

afterEach(() => closeTestStore({ db, client }));

/** A finished run that logged a model (an MLmodel file under model/), as autolog does. */
async function runWithModel(options: { withModel?: boolean } = {}): Promise<RunId> {
  const run = await client.startRun();
  if (options.withModel ?? true) await client.logText('flavors:\n  tfjs: {}\n', 'model/MLmodel');
  await client.endRun();
  return run.runId;
}

async function register(name: string, runId: RunId): Promise<number> {
  await registry.getRegisteredModel(name).catch(() => registry.createRegisteredModel(name));
  return (await registry.createModelVersion(name, `runs:/${runId}/model`, runId)).version;
}

describe('registered models', () => {
  it('should create, describe, tag, list and delete a registered model', async () => {
    const created = await registry.createRegisteredModel('iris', { description: 'first', tags: { team: 'ml' } });
    expect(created).toMatchObject({ name: 'iris', description: 'first', tags: { team: 'ml' }, aliases: [], latestVersion: null, creationTimestamp: 1000 });
    clock = 2_000;
    await registry.updateRegisteredModel('iris', 'better');
    await registry.setRegisteredModelTag('iris', 'stage', 'demo');
    await registry.deleteRegisteredModelTag('iris', 'team');
    await registry.deleteRegisteredModelTag('iris', 'never-set'); // not an error, as MLflow
    expect(await registry.getRegisteredModel('iris')).toMatchObject({ description: 'better', tags: { stage: 'demo' }, lastUpdatedTimestamp: 2000 });
    await registry.createRegisteredModel('wine');
    expect((await registry.searchRegisteredModels('', { orderBy: 'name' })).map((m) => m.name)).toEqual(['iris', 'wine']);
    expect((await registry.searchRegisteredModels("name LIKE 'w%'")).map((m) => m.name)).toEqual(['wine']);
    await registry.deleteRegisteredModel('iris');
    expect((await registry.searchRegisteredModels()).map((m) => m.name)).toEqual(['wine']);
  });

  it('should refuse a duplicate name and a bad name, naming it', async () => {
    await registry.createRegisteredModel('iris');
    const dup = await trackingRejection(registry.createRegisteredModel('iris'));
    expect(dup.code).toBe('RESOURCE_ALREADY_EXISTS');
    expect(dup.message).toContain('"iris" already exists');
    const bad = await trackingRejection(registry.createRegisteredModel('a/b'));
    expect(bad.code).toBe('INVALID_PARAMETER_VALUE');
    expect(bad.message).toContain('"a/b"');
  });

  it('should name an unknown model', async () => {
    const error = await trackingRejection(registry.getRegisteredModel('nope'));
    expect(error.code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(error.message).toBe('Registered model "nope" not found.');
  });
});

describe('model versions', () => {
  it('should number versions from 1, link them to their run and never reuse a deleted number', async () => {
    const [a, b, c] = [await runWithModel(), await runWithModel(), await runWithModel()];
    expect(await register('iris', a)).toBe(1);
    expect(await register('iris', b)).toBe(2);
    await registry.deleteModelVersion('iris', 2);
    expect(await register('iris', c)).toBe(3);
    const v3 = await registry.getModelVersion('iris', '3');
    expect(v3).toMatchObject({ name: 'iris', version: 3, source: `runs:/${c}/model`, runId: c, currentStage: 'None', aliases: [], status: 'READY', userId: 'tester' });
    expect((await registry.listModelVersions('iris')).map((v) => v.version)).toEqual([3, 1]);
    expect((await registry.getRegisteredModel('iris')).latestVersion).toBe(3);
  });

  it('should start again from 1 after the registered model itself was deleted, as MLflow does', async () => {
    const runId = await runWithModel();
    await register('iris', runId);
    await register('iris', runId);
    await registry.deleteRegisteredModel('iris');
    expect(await db.modelVersions.count()).toBe(0);
    expect(await register('iris', runId)).toBe(1);
  });

  it('should refuse to register a run without a model/MLmodel artifact, or no run at all, or a deleted run', async () => {
    await registry.createRegisteredModel('iris');
    const bare = await runWithModel({ withModel: false });
    const noModel = await trackingRejection(registry.createModelVersion('iris', `runs:/${bare}/model`));
    expect(noModel.message).toContain(`it has no "model/MLmodel" artifact`);
    const missing = 'f'.repeat(32) as RunId;
    expect((await trackingRejection(registry.createModelVersion('iris', `runs:/${missing}/model`))).message).toContain('there is no such run');
    const deleted = await runWithModel();
    await client.deleteRun(deleted);
    expect((await trackingRejection(registry.createModelVersion('iris', `runs:/${deleted}/model`))).message).toContain('restore it first');
    expect((await trackingRejection(registry.createModelVersion('iris', 'file:///x/model'))).message).toContain('runs:/<run id>/model');
    const other = await runWithModel();
    expect((await trackingRejection(registry.createModelVersion('iris', `runs:/${other}/model`, bare))).message).toContain(`not from run ${bare}`);
    expect(await db.modelVersions.count()).toBe(0);
  });

  it('should refuse a version of a model that does not exist', async () => {
    const runId = await runWithModel();
    const error = await trackingRejection(registry.createModelVersion('ghost', `runs:/${runId}/model`));
    expect(error.code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(error.message).toContain('"ghost" not found');
  });

  it('should keep description and tags of a version', async () => {
    const runId = await runWithModel();
    await registry.createRegisteredModel('iris');
    await registry.createModelVersion('iris', `runs:/${runId}/model`, runId, { description: 'd', tags: { a: '1' } });
    clock = 5_000;
    await registry.updateModelVersion('iris', 1, 'new');
    await registry.setModelVersionTag('iris', 1, 'b', '2');
    await registry.deleteModelVersionTag('iris', 1, 'a');
    expect(await registry.getModelVersion('iris', 1)).toMatchObject({ description: 'new', tags: { b: '2' }, lastUpdatedTimestamp: 5000 });
    expect((await registry.getRegisteredModel('iris')).lastUpdatedTimestamp).toBe(5000);
  });

  it('should name the unknown model or version (the playground contract)', async () => {
    const runId = await runWithModel();
    await register('iris', runId);
    const noModel = await trackingRejection(registry.getModelVersion('nope', 1));
    expect([noModel.code, noModel.message]).toEqual(['RESOURCE_DOES_NOT_EXIST', 'Registered model "nope" not found.']);
    const noVersion = await trackingRejection(registry.getModelVersion('iris', 9));
    expect([noVersion.code, noVersion.message]).toEqual(['RESOURCE_DOES_NOT_EXIST', 'Registered model "iris" has no version 9.']);
    await registry.deleteModelVersion('iris', 1);
    expect((await trackingRejection(registry.getModelVersion('iris', 1))).message).toContain('has no version 1');
    expect((await trackingRejection(registry.deleteModelVersion('iris', 1))).code).toBe('RESOURCE_DOES_NOT_EXIST');
  });
});

describe('aliases', () => {
  it('should point an alias at one version at a time, and move it', async () => {
    const runId = await runWithModel();
    await register('iris', runId);
    await register('iris', runId);
    await registry.setRegisteredModelAlias('iris', 'champion', 1);
    expect((await registry.getModelVersionByAlias('iris', 'champion')).version).toBe(1);
    await registry.setRegisteredModelAlias('iris', 'champion', '2');
    expect((await registry.getModelVersionByAlias('iris', 'champion')).version).toBe(2);
    expect((await registry.getModelVersion('iris', 1)).aliases).toEqual([]);
    expect((await registry.getModelVersion('iris', 2)).aliases).toEqual(['champion']);
    expect((await registry.getRegisteredModel('iris')).aliases).toEqual([{ alias: 'champion', version: 2 }]);
  });

  it('should refuse a reserved or malformed alias and a version that is not there', async () => {
    const runId = await runWithModel();
    await register('iris', runId);
    expect((await trackingRejection(registry.setRegisteredModelAlias('iris', 'latest', 1))).message).toContain("'latest' (any case) is reserved");
    expect((await trackingRejection(registry.setRegisteredModelAlias('iris', 'v2', 1))).message).toContain('reserved');
    expect((await trackingRejection(registry.setRegisteredModelAlias('iris', 'a b', 1))).message).toContain('only contain');
    expect((await trackingRejection(registry.setRegisteredModelAlias('iris', 'champion', 5))).message).toContain('has no version 5');
  });

  it('should remove the aliases of a deleted version and keep the others', async () => {
    const runId = await runWithModel();
    await register('iris', runId);
    await register('iris', runId);
    await registry.setRegisteredModelAlias('iris', 'champion', 1);
    await registry.setRegisteredModelAlias('iris', 'challenger', 2);
    await registry.deleteModelVersion('iris', 1);
    const error = await trackingRejection(registry.getModelVersionByAlias('iris', 'champion'));
    expect([error.code, error.message]).toEqual(['RESOURCE_DOES_NOT_EXIST', 'Registered model "iris" has no alias "champion".']);
    expect((await registry.getModelVersionByAlias('iris', 'challenger')).version).toBe(2);
  });

  it('should delete an alias, naming one that is not there', async () => {
    const runId = await runWithModel();
    await register('iris', runId);
    await registry.setRegisteredModelAlias('iris', 'champion', 1);
    await registry.deleteRegisteredModelAlias('iris', 'champion');
    expect((await registry.getModelVersion('iris', 1)).aliases).toEqual([]);
    expect((await trackingRejection(registry.deleteRegisteredModelAlias('iris', 'champion'))).message).toContain('no alias "champion"');
  });
});

describe('transitionModelVersionStage', () => {
  it('should move a version and, with archiveExistingVersions, archive the others in that stage', async () => {
    const runId = await runWithModel();
    for (let i = 0; i < 3; i++) await register('iris', runId);
    await registry.transitionModelVersionStage('iris', 1, 'production');
    await registry.transitionModelVersionStage('iris', 2, 'Staging');
    const moved = await registry.transitionModelVersionStage('iris', 3, 'Production', { archiveExistingVersions: true });
    expect(moved.currentStage).toBe('Production');
    const stages = (await registry.listModelVersions('iris')).map((v) => [v.version, v.currentStage]);
    expect(stages).toEqual([
      [3, 'Production'],
      [2, 'Staging'],
      [1, 'Archived'],
    ]);
    expect((await trackingRejection(registry.transitionModelVersionStage('iris', 1, 'Gone'))).message).toContain('must be one of');
  });
});

describe('getLatestModelVersion', () => {
  it('should give the newest live version, or the newest in a stage, and name what is missing', async () => {
    const runId = await runWithModel();
    for (let i = 0; i < 3; i++) await register('iris', runId);
    await registry.transitionModelVersionStage('iris', 1, 'Production');
    await registry.deleteModelVersion('iris', 3);
    expect((await registry.getLatestModelVersion('iris')).version).toBe(2);
    expect((await registry.getLatestModelVersion('iris', 'production')).version).toBe(1);
    const error = await trackingRejection(registry.getLatestModelVersion('iris', 'Staging'));
    expect([error.code, error.message]).toEqual(['RESOURCE_DOES_NOT_EXIST', 'Registered model "iris" has no version in stage "Staging".']);
  });
});

describe('registered versions of a run', () => {
  it('should keep a deleted version out of every list', async () => {
    const runId = await runWithModel();
    await register('iris', runId);
    await register('iris', runId);
    await registry.deleteModelVersion('iris', 2);
    expect((await registry.listModelVersions('iris')).map((v) => v.version)).toEqual([1]);
    expect((await registry.getRegisteredModel('iris')).latestVersion).toBe(1);
  });
});
