/**
 * What the sync worker does for each request, on whatever thread runs it (the worker in the app,
 * the test's own thread in Node): test a connection, list a server's experiments, push runs
 * (parents first, each run's sync state recorded), pull runs (written by the bundle import, marked
 * synced). Every failure a user can meet comes back in words naming the server and the run.
 */
import { writeBundle } from '../../db/bundleStore';
import type { Reads } from '../../db/queries';
import type { TrainyardDB } from '../../db/schema';
import { setSyncState } from '../../db/syncStore';
import type { TrackingClient } from '../../db/trackingClient';
import type { ExperimentId, RunId } from '../../domain/ids';
import { runFingerprint } from '../../domain/mlflowRest/runFingerprint';
import type { ServerConfig } from '../../domain/mlflowRest/serverConfig';
import { localRunData } from './localRunData';
import type { FromSyncWorker, ToSyncWorker } from './protocol';
import { pushModels, type LocalModel } from './pushModels';
import { pullRuns } from './pullRuns';
import { pushRun } from './pushRun';
import { MlflowRestClient, ServerError } from './restClient';
import type { ConnectionReport, PushOutcome } from './sync.types';

export interface SyncDeps {
  db: TrainyardDB;
  reads: Reads;
  tracking: TrackingClient;
  fetch?: typeof fetch;
  now?: () => number;
}

function restClient(server: ServerConfig, origin: string, deps: SyncDeps): MlflowRestClient {
  return new MlflowRestClient({ url: server.url, auth: server.auth, origin, fetch: deps.fetch });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Health, version and one authenticated read: what "Test connection" reports. Never throws. */
export async function testConnection(client: MlflowRestClient): Promise<ConnectionReport> {
  const report = (ok: boolean, version: string | null, readable: boolean | null, message: string): ConnectionReport => ({ ok, url: client.url, version, readable, message });
  try {
    await client.health();
  } catch (error) {
    return report(false, null, null, messageOf(error));
  }
  let version: string | null = null;
  try {
    version = await client.version();
  } catch (error) {
    // A basic-auth server asks for credentials even for /version; the read below says so too.
    if (!(error instanceof ServerError && error.kind === 'unauthenticated')) return report(false, null, null, messageOf(error));
  }
  try {
    await client.searchExperiments({ maxResults: 1 });
  } catch (error) {
    return report(false, version, false, messageOf(error));
  }
  const which = version ? `MLflow ${version}` : 'an MLflow tracking server (it did not say its version)';
  return report(true, version, true, `Connected: ${client.url} is ${which}, and this browser may read its experiments.`);
}

/** Runs pushed at once (each one's requests in order). */
export const PUSH_CONCURRENCY = 3;

/** `order` (parents first) cut into waves: a run's parent, when pushed too, is in an earlier wave. */
function waves(order: readonly RunId[], runs: ReadonlyMap<RunId, { parentRunId: RunId | null }>): RunId[][] {
  const depth = new Map<RunId, number>();
  for (const runId of order) {
    const parent = runs.get(runId)?.parentRunId;
    depth.set(runId, parent && depth.has(parent) ? (depth.get(parent) as number) + 1 : 0);
  }
  const out: RunId[][] = [];
  for (const runId of order) (out[depth.get(runId) as number] ??= []).push(runId);
  return out;
}

/** Parents before their children (a child's mlflow.parentRunId names the parent's server id). */
function parentsFirst(runIds: readonly RunId[], parentOf: ReadonlyMap<RunId, RunId | null>): RunId[] {
  const wanted = new Set(runIds);
  const ordered: RunId[] = [];
  const placed = new Set<RunId>();
  const place = (runId: RunId, depth: number) => {
    if (placed.has(runId) || depth > 100) return;
    const parent = parentOf.get(runId);
    if (parent && wanted.has(parent)) place(parent, depth + 1);
    placed.add(runId);
    ordered.push(runId);
  };
  for (const runId of runIds) place(runId, 0);
  return ordered;
}

async function push(message: Extract<ToSyncWorker, { type: 'push' }>, deps: SyncDeps, post: (m: FromSyncWorker) => void): Promise<PushOutcome[]> {
  const { db, reads, tracking } = deps;
  const now = deps.now ?? Date.now;
  const client = restClient(message.server, message.origin, deps);
  const serverId = message.server.id;
  const runs = await reads.runsById(message.runIds);
  const order = parentsFirst(message.runIds.filter((id) => runs.has(id)), new Map([...runs].map(([id, run]) => [id, run.parentRunId])));
  const missing = message.runIds.filter((id) => !runs.has(id));
  const outcomes: PushOutcome[] = missing.map((runId) => ({ runId, runName: runId, ok: false, serverRunId: null, found: false, sent: null, error: `There is no run ${runId} in this browser.`, errorKind: null }));
  // A queued run that is gone (purged) must not stay in the outbox.
  for (const runId of missing) if (await db.syncRuns.get([serverId, runId])) await setSyncState(db, { serverId, runId, now: now(), state: 'error', error: `There is no run ${runId} in this browser.` });
  const serverIdOf = new Map<RunId, string>();
  const experiments = new Map<string, string>();
  let done = 0;
  const pushOne = async (runId: RunId): Promise<PushOutcome | null> => {
    const run = runs.get(runId);
    if (!run) return null;
    const known = (await db.syncRuns.get([serverId, runId]))?.serverRunId ?? null;
    const parent = run.parentRunId;
    const serverParentRunId = parent ? (serverIdOf.get(parent) ?? (await db.syncRuns.get([serverId, parent]))?.serverRunId ?? null) : null;
    await setSyncState(db, { serverId, runId, now: now(), state: 'pushing' });
    try {
      const data = await localRunData({ reads, tracking }, runId);
      const result = await pushRun(client, data, { knownServerRunId: known, serverParentRunId, experiments });
      serverIdOf.set(runId, result.serverRunId);
      await setSyncState(db, { serverId, runId, now: now(), state: 'synced', serverRunId: result.serverRunId, fingerprint: runFingerprint(data.run) });
      return { runId, runName: run.runName, ok: true, serverRunId: result.serverRunId, found: result.found, sent: result.sent, error: null, errorKind: null };
    } catch (error) {
      await setSyncState(db, { serverId, runId, now: now(), state: 'error', error: messageOf(error) });
      return { runId, runName: run.runName, ok: false, serverRunId: known, found: false, sent: null, error: messageOf(error), errorKind: error instanceof ServerError ? error.kind : null };
    } finally {
      post({ type: 'progress', id: message.id, done: ++done, total: order.length, runId });
    }
  };
  // A few runs at a time: one run's requests go one after another (its points arrive in order),
  // and the server's replies are waited on most of the time. A child waits for its parent's wave.
  const pushed = new Map<RunId, PushOutcome>();
  for (const wave of waves(order, runs)) {
    const queue = [...wave];
    const lanes = Array.from({ length: Math.min(PUSH_CONCURRENCY, queue.length) }, async () => {
      for (let runId = queue.shift(); runId !== undefined; runId = queue.shift()) {
        const outcome = await pushOne(runId);
        if (outcome) pushed.set(runId, outcome);
      }
    });
    await Promise.all(lanes);
  }
  for (const runId of order) {
    const outcome = pushed.get(runId);
    if (outcome) outcomes.push(outcome);
  }
  await pushModelsOf(client, outcomes, serverIdOf, reads);
  return outcomes;
}

/** The registered models with versions from the pushed runs follow them; their outcome is told on those runs. */
async function pushModelsOf(client: MlflowRestClient, outcomes: PushOutcome[], serverIdOf: ReadonlyMap<RunId, string>, reads: Reads): Promise<void> {
  const names = new Map<string, RunId[]>();
  for (const runId of serverIdOf.keys()) {
    for (const version of await reads.versionsOfRun(runId)) names.set(version.name, [...(names.get(version.name) ?? []), runId]);
  }
  if (names.size === 0) return;
  const models: LocalModel[] = [];
  for (const name of names.keys()) {
    const found = await reads.registeredModel(name);
    if (found) models.push({ model: found.model, versions: found.versions });
  }
  let error: string | null = null;
  try {
    await pushModels(client, models, serverIdOf);
  } catch (e) {
    error = messageOf(e);
  }
  for (const outcome of outcomes) {
    const mine = [...names].filter(([, runIds]) => runIds.includes(outcome.runId)).map(([name]) => name);
    if (mine.length > 0) Object.assign(outcome, { models: mine, modelError: error });
  }
}

/** Answers one request; what it posts back ends with one of tested/experiments/pushed/pulled/failed. */
export async function handleSyncRequest(message: ToSyncWorker, deps: SyncDeps, post: (m: FromSyncWorker) => void): Promise<void> {
  const { id } = message;
  try {
    switch (message.type) {
      case 'test':
        post({ type: 'tested', id, report: await testConnection(restClient(message.server, message.origin, deps)) });
        return;
      case 'experiments': {
        const client = restClient(message.server, message.origin, deps);
        const all: { experimentId: string; name: string }[] = [];
        let pageToken: string | undefined;
        do {
          const page = await client.searchExperiments({ pageToken });
          all.push(...page.experiments.map((e) => ({ experimentId: e.experiment_id, name: e.name })));
          pageToken = page.nextPageToken ?? undefined;
        } while (pageToken);
        post({ type: 'experiments', id, experiments: all });
        return;
      }
      case 'push':
        post({ type: 'pushed', id, outcomes: await push(message, deps, post) });
        return;
      case 'pull': {
        const { db, tracking } = deps;
        const now = deps.now ?? Date.now;
        const client = restClient(message.server, message.origin, deps);
        const outcome = await pullRuns(
          {
            client,
            localExperimentId: async (name) => ((await tracking.getExperimentByName(name))?.experimentId ?? (await tracking.createExperiment(name))) as ExperimentId,
            write: async (content) => {
              await writeBundle(db, content, 'replace');
              // A pulled run is on the server as it is here: synced, under its own id.
              for (const { run } of content.runs) await setSyncState(db, { serverId: message.server.id, runId: run.runId, now: now(), state: 'synced', serverRunId: run.runId });
            },
            onProgress: (done, total) => post({ type: 'progress', id, done, total, runId: null }),
            hasLocalRun: async (runId) => (await deps.reads.run(runId as RunId)) !== null,
          },
          message.request,
        );
        post({ type: 'pulled', id, outcome });
        return;
      }
    }
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: 'failed', id, error: { name: e.name, message: e.message } });
  }
}
