/**
 * The sync service with the sync worker's handler run in-process, a real (fake-indexeddb) store
 * and the fake MLflow server: connecting, pushing, and the mirror's durable outbox — a failure
 * waits out its backoff, survives a "reload" (a new service over the same store and storage), and
 * drains in order when the server is back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readsOf } from '../../db/queries';
import type { TrainyardDB } from '../../db/schema';
import type { TrackingClient } from '../../db/trackingClient';
import type { RunId } from '../../domain/ids';
import { startFakeMlflowServer, type FakeMlflowServer } from '../../test/mlflowServer/fakeMlflowServer';
import { closeTestStore, openTestStore } from '../../test/testStore';
import type { FromSyncWorker, ToSyncWorker } from '../../workers/sync/protocol';
import { handleSyncRequest } from '../../workers/sync/syncHandler';
import { SyncService } from './syncService';
import type { SyncPort } from './syncWorkerClient';

class MemoryStorage {
  private readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
  clear() {
    this.map.clear();
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
}

let db: TrainyardDB;
let client: TrackingClient;
let server: FakeMlflowServer;
let storage: Storage;
let clock: number;

/** The sync worker, played on this thread. */
function inProcessWorker(): SyncPort {
  const target = new EventTarget();
  const deps = { db, reads: readsOf(db), tracking: client, now: () => clock };
  return {
    postMessage: (message: ToSyncWorker) =>
      void handleSyncRequest(message, deps, (answer: FromSyncWorker) => target.dispatchEvent(new MessageEvent('message', { data: answer }))),
    addEventListener: (type: string, listener: (event: never) => void) => target.addEventListener(type, listener as EventListener),
    terminate: () => undefined,
  } as SyncPort;
}

const made: SyncService[] = [];

function service(): SyncService {
  return track(new SyncService({ tracking: client, reads: readsOf(db), createWorker: inProcessWorker, storage, now: () => clock, origin: 'http://localhost:4173', lock: async () => () => undefined, waitForLock: async () => () => undefined }));
}

function track(sync: SyncService): SyncService {
  made.push(sync);
  return sync;
}

beforeEach(async () => {
  clock = 1_764_000_000_000;
  ({ db, client } = await openTestStore(() => clock));
  server = await startFakeMlflowServer();
  storage = new MemoryStorage() as Storage;
});

afterEach(async () => {
  // Stop the mirrors' timers before the store closes under them.
  for (const sync of made.splice(0)) sync.setMirror(null);
  await server.close();
  await closeTestStore({ db, client });
});

async function run(name: string, points = 5): Promise<RunId> {
  const created = await client.createRun({ runName: name });
  for (let step = 0; step < points; step++) client.logMetric('loss', 1 / (step + 1), { runId: created.runId, step });
  await client.endRun('FINISHED', { runId: created.runId });
  return created.runId;
}

describe('SyncService', () => {
  it('connects only to a server that answers, and keeps credentials out of what it lists', async () => {
    const sync = service();
    await expect(sync.connectServer('ftp://example.org')).rejects.toThrow('A tracking server is reached over http or https, not ftp');
    const id = await sync.connectServer(`${server.url}/`, { auth: { kind: 'basic', username: 'ada', password: 'secret' } });
    expect(sync.listServers()).toEqual([{ id, url: server.url, auth: 'basic', username: 'ada', addedAt: clock }]);
    expect(JSON.stringify(sync.listServers())).not.toContain('secret');
    // Connecting the same URL again keeps its id and replaces its credentials.
    expect(await sync.connectServer(server.url)).toBe(id);
    expect(sync.listServers()[0]?.auth).toBe('none');
    await server.setOffline(true);
    await expect(sync.connectServer('http://127.0.0.1:9')).rejects.toThrow('Could not reach http://127.0.0.1:9');
    expect(sync.listServers()).toHaveLength(1);
  });

  it('pushes runs, and names the server when several are connected and none is said', async () => {
    const sync = service();
    const first = await run('a');
    await sync.connectServer(server.url);
    const outcomes = await sync.pushRuns([first]);
    expect(outcomes).toEqual([expect.objectContaining({ runId: first, ok: true, found: false })]);
    const other = await startFakeMlflowServer();
    try {
      await sync.connectServer(other.url);
      await expect(sync.pushRuns([first])).rejects.toThrow(/Several tracking servers are connected .*: say which, by its id or URL\./);
      expect((await sync.pushRuns([first], { server: other.url }))[0]?.ok).toBe(true);
      expect(other.state.runs.size).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('mirrors new runs through the outbox: a failure waits out its backoff, survives a reload, and drains when the server is back', async () => {
    const sync = service();
    await sync.connectServer(server.url);
    const before = await run('before mirroring');
    clock += 1000;
    sync.setMirror(server.url);
    clock += 1000;
    const a = await run('mirrored a');
    clock += 1000;
    const b = await run('mirrored b');
    await server.setOffline(true);
    expect(await sync.drainOutbox()).toBe(0);
    let status = await sync.syncStatus();
    expect(status.mirror?.url).toBe(server.url);
    expect(status.runs.map((r) => [r.runId, r.state])).toEqual(expect.arrayContaining([[a, 'error'], [b, 'queued']]));
    expect(status.runs.find((r) => r.runId === a)?.error).toContain('Could not reach');
    expect(status.runs.some((r) => r.runId === before)).toBe(false);

    // The page goes away; the server comes back; the next page drains once the backoff is over.
    await server.setOffline(false);
    const next = service();
    expect(await next.drainOutbox()).toBe(1); // b (a still waits out its backoff)
    clock += 60_000;
    expect(await next.drainOutbox()).toBe(1); // a
    status = await next.syncStatus();
    expect(status.runs.filter((r) => r.state === 'synced').map((r) => r.runId).sort()).toEqual([a, b].sort());
    expect([...server.state.runs.values()].map((r) => r.runName).sort()).toEqual(['mirrored a', 'mirrored b']);

    // A mirrored run that logs more is queued again and only the new points go.
    client.logMetric('extra', 1, { runId: b });
    await client.flush();
    expect(await next.drainOutbox()).toBe(1);
    expect(await next.drainOutbox()).toBe(0);
    next.setMirror(null);
    sync.setMirror(null);
  });

  it('forgets a removed server, its credentials, its mirror and its sync records', async () => {
    const sync = service();
    const id = await sync.connectServer(server.url);
    await sync.pushRuns([await run('x')]);
    sync.setMirror(id);
    await sync.removeServer(server.url);
    expect(sync.listServers()).toEqual([]);
    expect(sync.getMirror()).toBeNull();
    expect((await sync.syncStatus()).runs).toEqual([]);
  });
});
