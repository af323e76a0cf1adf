/**
 * A fresh store on fake-indexeddb with a tracking client on it, whose clock the test sets: what
 * the db tests open before each test and close after it.
 */
import { TrainyardDB } from '../db/schema';
import { TrackingClient } from '../db/trackingClient';

export async function openTestStore(now: () => number): Promise<{ db: TrainyardDB; client: TrackingClient }> {
  const db = new TrainyardDB(`test-${crypto.randomUUID()}`);
  await db.open();
  return { db, client: new TrackingClient({ db, userId: 'tester', now, flushIntervalMs: 60_000 }) };
}

export async function closeTestStore(store: { db: TrainyardDB; client: TrackingClient }): Promise<void> {
  await store.client.close();
  await store.db.delete();
}
