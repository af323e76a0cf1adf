/**
 * Ending runs whose writer has gone (a closed tab, a killed worker) as KILLED. Which writers are
 * alive comes from Web Locks (writerLiveness.ts), or from heartbeats where locks can't tell.
 * Writers still alive are watched, so their runs are ended as soon as they go, not at the next sweep.
 */
import { liveQuery } from 'dexie';
import type { RunId } from '../domain/ids';
import * as runs from './runStore';
import type { TrainyardDB } from './schema';
import { whenWriterGone, writerLivenessSnapshot } from './writerLiveness';

/** How long a RUNNING run may go without a heartbeat before it is taken as orphaned, where Web Locks can't tell. */
export const STALE_HEARTBEAT_MS = 30_000;

export class OrphanSweep {
  /** Other writers with RUNNING runs whose lock we are queued on, to notice the moment they go. */
  private readonly watchedWriters = new Set<string>();

  private readonly options: { db: TrainyardDB; ownWriterId: string; now: () => number };

  constructor(options: { db: TrainyardDB; ownWriterId: string; now: () => number }) {
    this.options = options;
  }

  /** Ends RUNNING runs whose writer has gone and returns their ids; watches the writers still alive. */
  async killOrphanedRuns(): Promise<RunId[]> {
    const { db, ownWriterId, now } = this.options;
    const isWriterAlive = await writerLivenessSnapshot();
    const alive = (writerId: string) => (writerId === ownWriterId ? true : isWriterAlive(writerId));
    const killed = await runs.killOrphanedRuns(db, { isWriterAlive: alive, now: now(), staleAfterMs: STALE_HEARTBEAT_MS });
    const running = await db.runs.where('status').equals('RUNNING').toArray();
    for (const { writerId } of running) {
      if (!writerId || writerId === ownWriterId || this.watchedWriters.has(writerId) || !alive(writerId)) continue;
      this.watchedWriters.add(writerId);
      void whenWriterGone(writerId)
        .then(() => {
          this.watchedWriters.delete(writerId);
          return this.killOrphanedRuns();
        })
        .catch((error: unknown) => console.error('Could not end the runs of a closed writer:', error));
    }
    return killed;
  }

  /**
   * Keeps ending orphaned runs for as long as the page lives: whenever the set of RUNNING runs
   * changes (a new run elsewhere gets watched), and on a slow timer for writers without Web Locks.
   * Returns a function that stops watching.
   */
  watch(options: { sweepIntervalMs: number; onError: (error: unknown) => void }): () => void {
    const sweep = () => void this.killOrphanedRuns().catch(options.onError);
    const running = liveQuery(() => this.options.db.runs.where('status').equals('RUNNING').primaryKeys());
    let last = '';
    const subscription = running.subscribe({
      next: (ids) => {
        const key = [...ids].sort().join(',');
        if (key !== last) sweep();
        last = key;
      },
      error: options.onError,
    });
    const timer = setInterval(sweep, options.sweepIntervalMs);
    return () => {
      subscription.unsubscribe();
      clearInterval(timer);
    };
  }
}
