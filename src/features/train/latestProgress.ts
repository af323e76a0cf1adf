/**
 * The latest progress event of each run trained in this tab, kept after the run ends so its view
 * still shows where it stopped, but only for the newest `capacity` runs: a tab that trains runs
 * back to back for hours must not keep one entry per run for ever.
 */
import type { RunId } from '../../domain/ids';
import type { Progress } from '../../workers/train/protocol';

/** More runs than any screen shows progress for at once; ended runs beyond it fall back to "no progress here". */
export const LATEST_PROGRESS_CAPACITY = 64;

export class LatestProgress {
  /** Insertion order = order in which runs first reported progress, oldest first. */
  private readonly byRun = new Map<RunId, Progress>();
  private readonly capacity: number;

  constructor(capacity: number = LATEST_PROGRESS_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LatestProgress capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  get(runId: RunId): Progress | undefined {
    return this.byRun.get(runId);
  }

  /** Records a run's progress; a run seen for the first time evicts the runs that first reported longest ago. */
  set(runId: RunId, progress: Progress): void {
    if (!this.byRun.has(runId)) {
      for (const oldest of this.byRun.keys()) {
        if (this.byRun.size < this.capacity) break;
        this.byRun.delete(oldest);
      }
    }
    this.byRun.set(runId, progress);
  }

  get size(): number {
    return this.byRun.size;
  }
}
