/**
 * A live chart subscribes to a metric series and unsubscribes when the page moves on to the next
 * run, while training workers keep writing. Nothing about the finished subscription may stay in
 * memory: in a soak of runs back to back the page's heap must return to its baseline.
 *
 * Dexie 4's query cache (on by default) leaked here: a write from another context (a worker's
 * Dexie, announced over a BroadcastChannel) makes Dexie replace the cache's list of entries with a
 * filtered copy, and an entry unsubscribed afterwards is then removed from the old list only, so it
 * stays in the new one for good, with its result rows (the series' typed arrays). TrainyardDB turns
 * that cache off.
 */
import Dexie, { liveQuery } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunId } from '../domain/ids';
import { appendSeries, getMetricHistory } from './metricStore';
import { TrainyardDB } from './schema';

/** The channel Dexie uses to tell other contexts (tabs, workers) what a write changed. */
const DEXIE_CHANNEL = 'x-storagemutated-1';
/** Dexie drops an unsubscribed cache entry this long after its last subscriber leaves. */
const DEXIE_CACHE_EVICTION_MS = 3000;

const names: string[] = [];
const channels: BroadcastChannel[] = [];

afterEach(async () => {
  for (const channel of channels.splice(0)) channel.close();
  for (const name of names.splice(0)) await Dexie.delete(name);
});

function points(n: number) {
  const steps = Float64Array.from({ length: n }, (_, i) => i);
  return { steps, values: steps.map((s) => 1 / (s + 1)), timestamps: steps.map((s) => 1000 + s) };
}

function logSeries(db: TrainyardDB, runId: string, key: string) {
  return db.transaction('rw', db.metricChunks, () => appendSeries(db, { runId: runId as RunId, key, points: points(100) }));
}

/** The message Dexie broadcasts to other contexts when `write` commits. */
async function broadcastOf(write: () => Promise<unknown>): Promise<unknown> {
  const listener = new BroadcastChannel(DEXIE_CHANNEL);
  channels.push(listener);
  const message = new Promise((resolve) => (listener.onmessage = (event: MessageEvent) => resolve(event.data)));
  await write();
  return message;
}

/** Sends `message` to this context's Dexie as a worker's Dexie would. */
function arriveFromWorker(message: unknown): void {
  const worker = new BroadcastChannel(DEXIE_CHANNEL);
  channels.push(worker);
  worker.postMessage(message);
}

/** Query results Dexie keeps in its cache for a table of `dbName`, with how many subscribers each has. */
function cachedQueries(dbName: string, table: string): { subscribers: number }[] {
  const queries = Dexie.cache[`idb://${dbName}/${table}`]?.queries.query ?? {};
  return Object.values(queries)
    .flat()
    .map((entry) => ({ subscribers: entry.subscribers.size }));
}

describe('TrainyardDB live queries', () => {
  it('should keep nothing of an unsubscribed metric series while a worker writes another run', async () => {
    const name = `lq-${crypto.randomUUID()}`;
    names.push(name);
    const db = new TrainyardDB(name);
    await logSeries(db, 'run-a', 'loss');

    // The run page's chart of run A's loss.
    let subscription: { unsubscribe(): void } | undefined;
    const history = await new Promise<Awaited<ReturnType<typeof getMetricHistory>>>((resolve, reject) => {
      subscription = liveQuery(() => getMetricHistory(db, { runId: 'run-a' as RunId, key: 'loss' })).subscribe({ next: resolve, error: reject });
    });
    expect(history.values).toHaveLength(100);

    // A worker trains run B: its Dexie broadcasts each write, and this page receives it.
    const message = await broadcastOf(() => logSeries(db, 'run-b', 'loss'));
    arriveFromWorker(message);
    // The page moves on to run B's page: run A's chart unsubscribes.
    subscription?.unsubscribe();
    arriveFromWorker(message);

    await new Promise((resolve) => setTimeout(resolve, DEXIE_CACHE_EVICTION_MS + 500));
    expect(cachedQueries(name, 'metricChunks').filter((entry) => entry.subscribers === 0)).toEqual([]);
    db.close();
  });
});
