/**
 * The heartbeat of the runs a writer keeps RUNNING: every few seconds it records that the writer
 * is alive, so a run whose writer vanished where Web Locks can't tell is found by its stale
 * heartbeat (orphanSweep.ts). The timer runs only while the writer has running runs.
 */
import type { RunId } from '../domain/ids';
import * as runs from './runStore';
import type { TrainyardDB } from './schema';

export class RunHeartbeat {
  private readonly options: { db: TrainyardDB; writerId: string; now: () => number; intervalMs: number };
  /** Runs this writer created or reopened that are still RUNNING. */
  private readonly running = new Set<RunId>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(options: { db: TrainyardDB; writerId: string; now: () => number; intervalMs: number }) {
    this.options = options;
  }

  add(runId: RunId): void {
    this.running.add(runId);
    const { db, writerId, now, intervalMs } = this.options;
    this.timer ??= setInterval(() => {
      void runs.recordHeartbeat(db, { runIds: [...this.running], writerId, now: now() });
    }, intervalMs);
  }

  remove(runId: RunId): void {
    this.running.delete(runId);
    if (this.running.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
