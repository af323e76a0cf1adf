import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunId } from '../domain/ids';
import { closeTestStore, openTestStore } from '../test/testStore';
import type { TrainyardDB } from './schema';
import { allSyncRows, backoffMs, forgetServer, nextDue, queueRuns, requeueDue, setSyncState } from './syncStore';
import type { TrackingClient } from './trackingClient';

let db: TrainyardDB;
let client: TrackingClient;
const r = (c: string) => c.repeat(32) as RunId;

beforeEach(async () => {
  ({ db, client } = await openTestStore(Date.now));
});
afterEach(() => closeTestStore({ db, client }));

describe('the outbox (syncRuns)', () => {
  it('drains oldest first, in the order runs were queued together', async () => {
    await queueRuns(db, { serverId: 's', runIds: [r('b'), r('a')], now: 100 });
    await queueRuns(db, { serverId: 's', runIds: [r('c')], now: 50 });
    expect((await nextDue(db, { serverId: 's', now: 200 }))?.runId).toBe(r('c'));
    await setSyncState(db, { serverId: 's', runId: r('c'), now: 201, state: 'synced', serverRunId: 'x' });
    expect((await nextDue(db, { serverId: 's', now: 202 }))?.runId).toBe(r('b'));
    expect(await nextDue(db, { serverId: 'other', now: 202 })).toBeUndefined();
  });

  it('backs off 5 s doubling to 5 minutes, and requeues a failure only when its wait is over', async () => {
    expect([1, 2, 3, 4, 10].map(backoffMs)).toEqual([5_000, 10_000, 20_000, 40_000, 300_000]);
    await queueRuns(db, { serverId: 's', runIds: [r('a')], now: 0 });
    await setSyncState(db, { serverId: 's', runId: r('a'), now: 1000, state: 'error', error: 'down' });
    await setSyncState(db, { serverId: 's', runId: r('a'), now: 2000, state: 'error', error: 'still down' });
    const [row] = await allSyncRows(db);
    expect(row).toMatchObject({ state: 'error', attempts: 2, nextAttemptAt: 12_000, error: 'still down' });
    expect(await requeueDue(db, { serverId: 's', now: 11_999, stalePushingBefore: 0 })).toBe(0);
    expect(await requeueDue(db, { serverId: 's', now: 12_000, stalePushingBefore: 0 })).toBe(1);
    expect((await nextDue(db, { serverId: 's', now: 12_000 }))?.runId).toBe(r('a'));
  });

  it('keeps the server run id when a synced run is queued again, and takes back a push a closed page left half done', async () => {
    await setSyncState(db, { serverId: 's', runId: r('a'), now: 10, state: 'synced', serverRunId: 'srv-a', fingerprint: 'f1' });
    await queueRuns(db, { serverId: 's', runIds: [r('a')], now: 20 });
    expect((await allSyncRows(db))[0]).toMatchObject({ state: 'queued', serverRunId: 'srv-a', attempts: 0 });
    await setSyncState(db, { serverId: 's', runId: r('a'), now: 30, state: 'pushing' });
    expect(await requeueDue(db, { serverId: 's', now: 40, stalePushingBefore: 31 })).toBe(1);
    await forgetServer(db, 's');
    expect(await allSyncRows(db)).toEqual([]);
  });
});
