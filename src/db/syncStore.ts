/**
 * Each run's sync with each tracking server (table `syncRuns`): the server's run id once it exists,
 * and the state. Rows in state `queued` are the outbox: durable in IndexedDB, so a reload or a
 * closed tab loses nothing, and drained oldest first (by when they were queued) with a backoff
 * after each failure.
 */
import type { RunId } from '../domain/ids';
import type { SyncRunRow, TrainyardDB } from './schema';

/** After the n-th failure in a row: 5 s, 10 s, 20 s … up to 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5 * 60_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Queues runs for a server, in the order given: new rows, or rows that were synced, failed or pushing go back to
 * `queued` (keeping the server's run id, and the time a still-queued row was first queued, so
 * the order holds). A queued row waiting out a backoff keeps its wait.
 */
export async function queueRuns(db: TrainyardDB, options: { serverId: string; runIds: readonly RunId[]; now: number }): Promise<void> {
  const { serverId, now } = options;
  await db.transaction('rw', db.syncRuns, async () => {
    const existing = await db.syncRuns.bulkGet(options.runIds.map((runId) => [serverId, runId] as [string, RunId]));
    const rows: SyncRunRow[] = options.runIds.map((runId, i) => {
      const row = existing[i];
      if (row?.state === 'queued') return row;
      return {
        serverId,
        runId,
        state: 'queued',
        serverRunId: row?.serverRunId ?? null,
        error: null,
        // Runs queued together keep the order given (fractions of a millisecond apart).
        queuedAt: now + i / 1000,
        updatedAt: now,
        attempts: row?.state === 'error' ? row.attempts : 0,
        nextAttemptAt: row?.state === 'error' ? row.nextAttemptAt : now,
      };
    });
    await db.syncRuns.bulkPut(rows);
  });
}

/** The oldest queued run of a server that is due, or undefined. */
export async function nextDue(db: TrainyardDB, options: { serverId: string; now: number }): Promise<SyncRunRow | undefined> {
  const queued = await db.syncRuns.where('state').equals('queued').filter((row) => row.serverId === options.serverId).toArray();
  return queued.filter((row) => row.nextAttemptAt <= options.now).sort((a, b) => a.queuedAt - b.queuedAt || (a.runId < b.runId ? -1 : 1))[0];
}

export async function setSyncState(
  db: TrainyardDB,
  options: { serverId: string; runId: RunId; now: number } & (
    | { state: 'pushing' }
    | { state: 'synced'; serverRunId: string; fingerprint?: string | null }
    | { state: 'error'; error: string; serverRunId?: string | null }
  ),
): Promise<void> {
  const { serverId, runId, now } = options;
  await db.transaction('rw', db.syncRuns, async () => {
    const row = await db.syncRuns.get([serverId, runId]);
    const base: SyncRunRow = row ?? { serverId, runId, state: 'queued', serverRunId: null, error: null, queuedAt: now, updatedAt: now, attempts: 0, nextAttemptAt: now };
    if (options.state === 'pushing') await db.syncRuns.put({ ...base, state: 'pushing', updatedAt: now });
    else if (options.state === 'synced') await db.syncRuns.put({ ...base, state: 'synced', serverRunId: options.serverRunId, error: null, updatedAt: now, attempts: 0, nextAttemptAt: now, fingerprint: options.fingerprint ?? null });
    else {
      const attempts = base.attempts + 1;
      await db.syncRuns.put({ ...base, state: 'error', error: options.error, serverRunId: options.serverRunId ?? base.serverRunId, updatedAt: now, attempts, nextAttemptAt: now + backoffMs(attempts) });
    }
  });
}

/**
 * Puts failed rows whose backoff is over back in the queue (and rows left `pushing` by a page that
 * went away mid-push): what the drainer does before looking for work.
 */
export async function requeueDue(db: TrainyardDB, options: { serverId: string; now: number; stalePushingBefore: number }): Promise<number> {
  return db.transaction('rw', db.syncRuns, async () => {
    const rows = await db.syncRuns.where('serverId').equals(options.serverId).toArray();
    const due = rows.filter((row) => (row.state === 'error' && row.nextAttemptAt <= options.now) || (row.state === 'pushing' && row.updatedAt < options.stalePushingBefore));
    await db.syncRuns.bulkPut(due.map((row) => ({ ...row, state: 'queued' as const, updatedAt: options.now })));
    return due.length;
  });
}

export function syncRowsOfRun(db: TrainyardDB, runId: RunId): Promise<SyncRunRow[]> {
  return db.syncRuns.where('runId').equals(runId).toArray();
}

export function allSyncRows(db: TrainyardDB): Promise<SyncRunRow[]> {
  return db.syncRuns.toArray();
}

/** Forgets a server's sync records (when the server is removed). */
export async function forgetServer(db: TrainyardDB, serverId: string): Promise<void> {
  await db.syncRuns.where('serverId').equals(serverId).delete();
}
