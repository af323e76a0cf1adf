/**
 * Push and pull against the fake MLflow server (src/test/mlflowServer, which replays the recorded
 * 3.5 / 2.12 / basic-auth servers' contract) over real HTTP, from a real (fake-indexeddb) store:
 * limits, non-finite values, idempotent re-push, resume after a failure mid-way, auth and CORS
 * failures in words, and a pull into a fresh store that gets back what was pushed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBundle } from '../../db/bundleStore';
import { readsOf } from '../../db/queries';
import type { TrainyardDB } from '../../db/schema';
import type { TrackingClient } from '../../db/trackingClient';
import type { ExperimentId, RunId } from '../../domain/ids';
import { MLFLOW_DBL_MAX } from '../../domain/mlflowRest/values';
import { closeTestStore, openTestStore } from '../../test/testStore';
import { startFakeMlflowServer, type FakeMlflowServer } from '../../test/mlflowServer/fakeMlflowServer';
import { localRunData } from './localRunData';
import { pullRuns } from './pullRuns';
import { pushRun, TAG_LOCAL_RUN_ID } from './pushRun';
import { MlflowRestClient, ServerError } from './restClient';

let db: TrainyardDB;
let client: TrackingClient;
let server: FakeMlflowServer;
let rest: MlflowRestClient;
const ORIGIN = 'http://localhost:4173';

/** Node's fetch sends no Origin; a browser page does, and the server's CORS rules read it. */
const fetchFromPage: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('origin', ORIGIN);
  return fetch(input, { ...init, headers });
};

beforeEach(async () => {
  let clock = 1_764_000_000_000;
  ({ db, client } = await openTestStore(() => (clock += 1000)));
  server = await startFakeMlflowServer();
  rest = new MlflowRestClient({ url: server.url, fetch: fetchFromPage, origin: ORIGIN });
});

afterEach(async () => {
  await server.close();
  await closeTestStore({ db, client });
});

/** A finished local run with params, tags, `points` loss points (some non-finite) and two artifacts. */
async function localRun(name: string, points: number): Promise<RunId> {
  const run = await client.createRun({ runName: name, tags: { team: 'blue' } });
  const runId = run.runId;
  await client.logParams({ lr: 0.01, note: 'größe ✓' }, { runId });
  for (let step = 0; step < points; step++) {
    const value = step === 3 ? Number.NaN : step === 5 ? Infinity : step === 6 ? -Infinity : 1 / (step + 1);
    client.logMetric('loss', value, { runId, step, timestamp: 1_764_000_000_000 + step });
  }
  client.logMetric('test_rmse', 0.61, { runId });
  await client.logText('hello', 'notes/summary.txt', { runId });
  await client.logArtifact(new Uint8Array([1, 2, 3, 250]), 'model/weights.bin', { runId });
  await client.endRun('FINISHED', { runId });
  return runId;
}

const data = (runId: RunId) => localRunData({ reads: readsOf(db), tracking: client }, runId);

describe('push', () => {
  it('creates the experiment and the run, sends everything within the limits, and the server keeps it all', async () => {
    const runId = await localRun('wine-mlp', 2500);
    const result = await pushRun(rest, await data(runId));
    expect(result.found).toBe(false);
    expect(result.sent).toEqual({ params: 2, tags: expect.any(Number), points: 2501, artifacts: 2 });
    const batches = server.requests.filter((r) => r.path.endsWith('/runs/log-batch'));
    expect(batches.length).toBe(3);
    for (const batch of batches) expect((batch.body as { metrics?: unknown[] }).metrics?.length ?? 0).toBeLessThanOrEqual(1000);
    // Non-finite values went as strings, never as null or bare tokens.
    const sent = batches.flatMap((b) => (b.body as { metrics?: { step: number; value: unknown }[] }).metrics ?? []);
    expect(sent.filter((m) => m.step >= 3 && m.step <= 6 && typeof m.value === 'string').map((m) => m.value)).toEqual(['NaN', 'Infinity', '-Infinity']);
    const stored = server.state.runs.get(result.serverRunId);
    expect(stored?.status).toBe('FINISHED');
    expect(stored?.runName).toBe('wine-mlp');
    expect(stored?.tags.get(TAG_LOCAL_RUN_ID)).toBe(runId);
    expect(stored?.params.get('note')).toBe('größe ✓');
    expect(stored?.metrics.get('loss')?.find((p) => p.step === 5)?.value).toBe(MLFLOW_DBL_MAX);
    expect([...server.state.experiments.values()].map((e) => e.name)).toContain('Default');
    const artifacts = [...server.state.artifacts.keys()];
    expect(artifacts).toEqual(expect.arrayContaining([expect.stringMatching(/\/artifacts\/notes\/summary\.txt$/), expect.stringMatching(/\/artifacts\/model\/weights\.bin$/)]));
    // The status came last: nothing was logged after the run was marked FINISHED.
    const order = server.requests.map((r) => r.path.replace(/^.*\/api\/2\.0\//, ''));
    expect(order.lastIndexOf('mlflow/runs/update')).toBeGreaterThan(order.lastIndexOf('mlflow/runs/log-batch'));
  });

  it('pushing again finds the run and sends nothing new', async () => {
    const runId = await localRun('again', 50);
    const first = await pushRun(rest, await data(runId));
    const before = server.requests.length;
    const second = await pushRun(rest, await data(runId));
    expect(second).toMatchObject({ found: true, serverRunId: first.serverRunId, sent: { params: 0, tags: 0, points: 0, artifacts: 0 } });
    expect(server.requests.slice(before).filter((r) => r.method !== 'GET' && !r.path.endsWith('/runs/search'))).toEqual([]);
    expect(server.state.runs.size).toBe(1);
  });

  it('resumes a push that failed mid-way: the second push sends only what is missing, and no point twice', async () => {
    const runId = await localRun('cut-short', 3000);
    // The second metric batch is stored by the server, then the connection is cut before the reply.
    let batches = 0;
    const flaky: typeof fetch = async (input, init) => {
      if (String(input).includes('runs/log-batch') && ++batches === 2) server.failNext({ method: 'POST', pathIncludes: 'runs/log-batch' }, 'drop-after-handling', 1);
      return fetchFromPage(input, init);
    };
    const first = await pushRun(new MlflowRestClient({ url: server.url, fetch: flaky, origin: ORIGIN }), await data(runId)).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(ServerError);
    expect((first as ServerError).kind).toBe('interrupted');
    expect((first as ServerError).message).toMatch(/^The connection to .* was cut while pushing run "cut-short".*only what is missing is sent/);
    const serverRun = [...server.state.runs.values()][0];
    expect(serverRun?.status).toBe('RUNNING'); // not marked FINISHED with data missing
    expect(serverRun?.metrics.get('loss')?.length).toBe(1998); // two batches arrived (the first had the params and tags too)
    server.requests.length = 0;
    const again = await pushRun(rest, await data(runId));
    expect(again.found).toBe(true);
    expect(again.sent.points).toBe(3001 - 1998);
    expect(server.state.runs.get(again.serverRunId)?.metrics.get('loss')?.length).toBe(3000);
    expect(server.state.runs.get(again.serverRunId)?.status).toBe('FINISHED');
  });

  it('reports a server error in words and leaves the run unfinished on the server', async () => {
    const runId = await localRun('busy', 20);
    server.failNext({ method: 'POST', pathIncludes: 'runs/log-batch' }, { status: 503, body: 'Service Unavailable', contentType: 'text/html' }, 1);
    const error = await pushRun(rest, await data(runId)).catch((e: unknown) => e);
    expect((error as ServerError).message).toMatch(/failed while pushing run "busy" \(503\)\. The server said: "Service Unavailable"\. Nothing was lost here/);
    expect([...server.state.runs.values()][0]?.status).toBe('RUNNING');
  });

  it('does not call a run pushed when the server answered 200 but lost points', async () => {
    const runId = await localRun('lossy', 10);
    // The server answers the metric batch with 200 {} without storing it (as bare NaN tokens do).
    server.failNext({ method: 'POST', pathIncludes: 'runs/log-batch' }, { status: 200, body: {}, contentType: 'application/json' }, 1);
    const error = await pushRun(rest, await data(runId)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).message).toMatch(/answered OK but kept 0 of 10 points of "loss" for run "lossy".*pushing again sends only what is missing/);
    const fixed = await pushRun(rest, await data(runId));
    expect(fixed.sent.points).toBe(11);
  });

  it('says what to do when the server wants a password, or refuses a read-only user', async () => {
    await server.close();
    server = await startFakeMlflowServer({ auth: { users: { admin: { password: 'password1234', canWrite: true }, viewer: { password: 'v', canWrite: false } } } });
    const runId = await localRun('secured', 5);
    const anonymous = new MlflowRestClient({ url: server.url, fetch: fetchFromPage, origin: ORIGIN });
    await expect(pushRun(anonymous, await data(runId))).rejects.toThrow(/needs a user name and password \(401\).*Settings → Servers/);
    const viewer = new MlflowRestClient({ url: server.url, fetch: fetchFromPage, origin: ORIGIN, auth: { kind: 'basic', username: 'viewer', password: 'v' } });
    await expect(pushRun(viewer, await data(runId))).rejects.toThrow(/403 Permission denied.*EDIT permission/);
    const bearer = new MlflowRestClient({ url: server.url, fetch: fetchFromPage, origin: ORIGIN, auth: { kind: 'bearer', token: 't' } });
    await expect(pushRun(bearer, await data(runId))).rejects.toThrow(/accepts only a user name and password \(Basic\)/);
    const admin = new MlflowRestClient({ url: server.url, fetch: fetchFromPage, origin: ORIGIN, auth: { kind: 'basic', username: 'admin', password: 'password1234' } });
    expect((await pushRun(admin, await data(runId))).sent.points).toBe(6);
  });

  it('says the server is unreachable, naming it, when nothing listens there', async () => {
    const runId = await localRun('offline', 3);
    await server.setOffline(true);
    const error = await pushRun(rest, await data(runId)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).kind).toBe('unreachable');
    expect((error as ServerError).message).toContain(`Could not reach ${server.url}`);
  });
});

describe('pull', () => {
  it('gets back into a fresh store what was pushed: params, tags, every point (±Infinity restored), artifacts on request', async () => {
    const runId = await localRun('round-trip', 1200);
    const pushed = await pushRun(rest, await data(runId));
    const other = await openTestStore(Date.now);
    try {
      const result = await pullRuns(
        {
          client: rest,
          localExperimentId: async (name) => ((await other.client.getExperimentByName(name))?.experimentId ?? (await other.client.createExperiment(name))) as ExperimentId,
          write: (content) => writeBundle(other.db, content, 'replace'),
        },
        { experimentNames: ['Default'], artifacts: true },
      );
      expect(result.problems).toEqual([]);
      expect(result.runs).toEqual([{ runId: pushed.serverRunId, runName: 'round-trip', experimentName: 'Default', points: 1201, artifacts: 2 }]);
      const pulled = await other.client.getRun(pushed.serverRunId as RunId);
      expect(pulled.params).toEqual({ lr: '0.01', note: 'größe ✓' });
      expect(pulled.tags.team).toBe('blue');
      expect(pulled.status).toBe('FINISHED');
      const loss = await readsOf(other.db).metricHistory({ runId: pulled.runId, key: 'loss' });
      const local = await readsOf(db).metricHistory({ runId, key: 'loss' });
      expect([...loss.values]).toEqual([...local.values]);
      expect([...loss.steps]).toEqual([...local.steps]);
      const blob = await other.client.downloadArtifact(pulled.runId, 'model/weights.bin');
      expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3, 250]);
      // Pulling again replaces the run instead of duplicating it.
      await pullRuns({ client: rest, localExperimentId: async () => pulled.experimentId, write: (content) => writeBundle(other.db, content, 'replace') }, { experimentNames: ['Default'] });
      expect((await other.client.searchRuns('', { viewType: 'ALL' })).runs).toHaveLength(1);
    } finally {
      await closeTestStore(other);
    }
  });

  it('refuses OR and parentheses before asking the server, and names a missing experiment', async () => {
    const deps = { client: rest, localExperimentId: async () => '0' as ExperimentId, write: async () => undefined };
    await expect(pullRuns(deps, { filter: "params.lr = '0.1' OR params.lr = '0.2'" })).rejects.toThrow(/does not take OR/);
    await expect(pullRuns(deps, { experimentNames: ['nope'] })).rejects.toThrow(`${server.url} has no experiment "nope"`);
    await expect(pullRuns(deps, { maxRuns: 0 })).rejects.toThrow('maxRuns must be a whole number from 1 to 10000; got 0');
    expect(server.requests.filter((r) => r.path.endsWith('/runs/search'))).toEqual([]);
  });

  it('pages through search results and histories', async () => {
    for (let i = 0; i < 3; i++) await pushRun(rest, await data(await localRun(`r${i}`, 30)));
    const written: number[] = [];
    const result = await pullRuns({ client: rest, localExperimentId: async () => '0' as ExperimentId, write: async (content) => void written.push(content.runs.length) }, { maxRuns: 2 });
    expect(result.runs).toHaveLength(2);
    expect(written).toEqual([2]);
    const historyCalls = server.requests.filter((r) => r.path.endsWith('/metrics/get-history'));
    for (const call of historyCalls) expect(call.query.max_results).toBeDefined();
  });
});
