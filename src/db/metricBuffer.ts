/**
 * Points waiting to be written, grouped by run and key as growing columns. Pushing is a few array
 * appends, so logging from a training loop never waits for IndexedDB.
 */
import type { RunId } from '../domain/ids';
import type { RunBatch } from './writeBatch';

interface Columns {
  steps: number[];
  values: number[];
  timestamps: number[];
}

export class MetricBuffer {
  private byRun = new Map<RunId, Map<string, Columns>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(runId: RunId, key: string, point: { value: number; step: number; timestamp: number }): void {
    let byKey = this.byRun.get(runId);
    if (!byKey) this.byRun.set(runId, (byKey = new Map()));
    let columns = byKey.get(key);
    if (!columns) byKey.set(key, (columns = { steps: [], values: [], timestamps: [] }));
    columns.steps.push(point.step);
    columns.values.push(point.value);
    columns.timestamps.push(point.timestamp);
    this.count += 1;
  }

  /** Hands over everything buffered as one batch per run and starts empty. */
  take(): RunBatch[] {
    const batches: RunBatch[] = [];
    for (const [runId, metrics] of this.byRun) batches.push({ runId, metrics });
    this.byRun = new Map();
    this.count = 0;
    return batches;
  }
}
