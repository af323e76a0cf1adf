/**
 * The sync worker's requests, run on the test's thread against a real (fake-indexeddb) store and
 * the fake MLflow server: connection reports, push order and sync states, pull marking runs synced.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readsOf } from '../../db/queries';
import type { TrainyardDB } from '../../db/schema';
import type { TrackingClient } from '../../db/trackingClient';
import type { RunId } from '../../domain/ids';
import type { ServerConfig } from '../../domain/mlflowRest/serverConfig';
import { startFakeMlflowServer, type FakeMlflowServer } from '../../test/mlflowServer/fakeMlflowServer';
import { RegistryService } from '../../services/registry/registryService';
import { closeTestStore, openTestStore } from '../../test/testStore';
import type { FromSyncWorker, ToSyncWorker } from './protocol';
import { handleSyncRequest, type SyncDeps } from './syncHandler';

let db: TrainyardDB;
let client: TrackingClient;
let server: FakeMlflowServer;
let deps: SyncDeps;
let config: ServerConfig;
const ORIGIN = 'http://localhost:4173';

beforeEach(async () => {
  ({ db, client } = await openTestStore(Date.now));
  server = await startFakeMlflowServer();
  deps = { db, reads: readsOf(db), tracking: client };
  config = { id: 'srv-1', url: server.url, auth: null, addedAt: 0 };
});

afterEach(async () => {
  await server.close();
  await closeTestStore({ db, client });
});

type Request = ToSyncWorker extends infer T ? (T extends ToSyncWorker ? Omit<T, 'id' | 'origin'> : never) : never;

async function ask(message: Request): Promise<FromSyncWorker[]> {
  const posted: FromSyncWorker[] = [];
  await handleSyncRequest({ ...message, id: 7, origin: ORIGIN } as ToSyncWorker, deps, (m) => posted.push(m));
  return posted;
}

async function finishedRun(name: string, parentRunId?: RunId): Promise<RunId> {
  const run = await client.createRun({ runName: name, ...(parentRunId ? { parentRunId } : {}) });
  client.logMetric('loss', 0.5, { runId: run.runId, step: 0 });
  await client.endRun('FINISHED', { runId: run.runId });
  return run.runId;
}

describe('handleSyncRequest', () => {
  it('reports a good connection with the server\'s version, and a bad one in words without throwing', async () => {
    const [ok] = await ask({ type: 'test', server: config });
    expect(ok).toEqual({ type: 'tested', id: 7, report: { ok: true, url: server.url, version: '3.5.2.dev0', readable: true, message: `Connected: ${server.url} is MLflow 3.5.2.dev0, and this browser may read its experiments.` } });
    await server.setOffline(true);
    const [down] = await ask({ type: 'test', server: config });
    expect(down?.type === 'tested' && down.report).toMatchObject({ ok: false, version: null, readable: null, message: expect.stringContaining(`Could not reach ${server.url}`) });
  });

  it('says the credentials are missing when a basic-auth server asks for them', async () => {
    await server.close();
    server = await startFakeMlflowServer({ auth: { users: { admin: { password: 'pw', canWrite: true } } } });
    const [anonymous] = await ask({ type: 'test', server: { ...config, url: server.url } });
    expect(anonymous?.type === 'tested' && anonymous.report).toMatchObject({ ok: false, readable: false, message: expect.stringContaining('needs a user name and password (401)') });
    const [admin] = await ask({ type: 'test', server: { ...config, url: server.url, auth: { kind: 'basic', username: 'admin', password: 'pw' } } });
    expect(admin?.type === 'tested' && admin.report.ok).toBe(true);
  });

  it('pushes parents before children, links them on the server, and records each run as synced', async () => {
    const parent = await finishedRun('parent');
    const child = await finishedRun('child', parent);
    const posted = await ask({ type: 'push', server: config, runIds: [child, parent] });
    const done = posted.at(-1);
    expect(done?.type).toBe('pushed');
    const outcomes = done?.type === 'pushed' ? done.outcomes : [];
    expect(outcomes.map((o) => [o.runName, o.ok])).toEqual([['parent', true], ['child', true]]);
    const serverChild = server.state.runs.get(outcomes[1]?.serverRunId ?? '');
    expect(serverChild?.tags.get('mlflow.parentRunId')).toBe(outcomes[0]?.serverRunId);
    const rows = await readsOf(db).runSyncStates();
    expect(rows.map((r) => [r.runId, r.state, r.serverRunId])).toEqual(expect.arrayContaining([[parent, 'synced', outcomes[0]?.serverRunId], [child, 'synced', outcomes[1]?.serverRunId]]));
    expect(posted.filter((m) => m.type === 'progress').map((m) => m.type === 'progress' && m.done)).toEqual([1, 2]);
  });

  it('records a failed push as an error with the reason, and names a run that is not here', async () => {
    const runId = await finishedRun('doomed');
    server.failNext({ method: 'POST', pathIncludes: 'runs/create' }, { status: 500, body: { error_code: 'INTERNAL_ERROR', message: 'disk full' }, contentType: 'application/json' });
    const posted = await ask({ type: 'push', server: config, runIds: [runId, 'nope' as RunId] });
    const done = posted.at(-1);
    const outcomes = done?.type === 'pushed' ? done.outcomes : [];
    expect(outcomes).toEqual([
      expect.objectContaining({ runId: 'nope', ok: false, error: 'There is no run nope in this browser.' }),
      expect.objectContaining({ runId, ok: false, error: expect.stringContaining('(500 INTERNAL_ERROR). The server said: "disk full"') }),
    ]);
    const [row] = await readsOf(db).runSyncStates();
    expect(row).toMatchObject({ runId, state: 'error', attempts: 1, error: expect.stringContaining('disk full') });
  });

  it('pulls into the local store, marks the pulled runs synced, and pushing one back finds it instead of copying it', async () => {
    const other = await openTestStore(Date.now);
    try {
      const runId = await finishedRun('from-elsewhere');
      const posted = await ask({ type: 'push', server: config, runIds: [runId] });
      const serverRunId = posted.at(-1)?.type === 'pushed' ? (posted.at(-1) as Extract<FromSyncWorker, { type: 'pushed' }>).outcomes[0]?.serverRunId : null;
      // Another browser pulls it.
      deps = { db: other.db, reads: readsOf(other.db), tracking: other.client };
      const pulled = await ask({ type: 'pull', server: config, request: { experimentNames: ['Default'] } });
      expect(pulled.at(-1)).toMatchObject({ type: 'pulled', outcome: { runs: [{ runId: serverRunId, runName: 'from-elsewhere' }], problems: [] } });
      expect(await readsOf(other.db).runSyncStates()).toEqual([expect.objectContaining({ runId: serverRunId, state: 'synced', serverRunId })]);
      const again = await ask({ type: 'push', server: config, runIds: [serverRunId as RunId] });
      expect(again.at(-1)).toMatchObject({ type: 'pushed', outcomes: [{ ok: true, found: true, serverRunId }] });
      expect(server.state.runs.size).toBe(1);
    } finally {
      await closeTestStore(other);
    }
  });

  it('pushes the registered models of pushed runs with their versions and aliases, once', async () => {
    const runId = await finishedRun('registered');
    await client.logText('flavors: {}\n', 'model/MLmodel', { runId });
    const registry = new RegistryService(client);
    await registry.registerModel(runId, 'wine', { description: 'first try' });
    await registry.registerModel(runId, 'wine');
    await registry.updateRegisteredModel('wine', 'the wine regressor');
    await registry.setAlias('wine', 'champion', 2);
    const first = await ask({ type: 'push', server: config, runIds: [runId] });
    const outcome = first.at(-1)?.type === 'pushed' ? (first.at(-1) as Extract<FromSyncWorker, { type: 'pushed' }>).outcomes[0] : undefined;
    expect(outcome).toMatchObject({ ok: true, models: ['wine'], modelError: null });
    const model = server.state.registeredModels.get('wine');
    expect(model?.description).toBe('the wine regressor');
    expect(model?.versions.map((v) => [v.version, v.source])).toEqual([['1', `runs:/${outcome?.serverRunId}/model`], ['2', `runs:/${outcome?.serverRunId}/model`]]);
    expect(model?.aliases.get('champion')).toBe('2');
    expect(model?.versions[0]?.description).toBe('first try');
    // Again: nothing new on the server.
    await ask({ type: 'push', server: config, runIds: [runId] });
    expect(server.state.registeredModels.get('wine')?.versions).toHaveLength(2);
  });

  it('lists the server\'s experiments', async () => {
    const [answer] = await ask({ type: 'experiments', server: config });
    expect(answer).toEqual({ type: 'experiments', id: 7, experiments: [{ experimentId: '0', name: 'Default' }] });
  });
});
