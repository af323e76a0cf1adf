/**
 * One transaction for everything a tracking client buffered: params, tags and metric points for
 * any number of runs. A run that can't take its entry (missing, deleted, a param conflict) gets an
 * error of its own; the other runs' entries are still written.
 */
import type { RunId } from '../domain/ids';
import { updateSummary } from '../domain/tracking/metricSummary';
import { appendSeries } from './metricStore';
import type { MetricColumns } from '../domain/tracking/types';
import { assertActive, assertNoClash, mergeParams, mergeTags } from './runStore';
import { TrackingError } from '../domain/errors';
import { ownValue, setOwn } from '../domain/records';
import type { RunRow, TrainyardDB } from './schema';
import { checkStoreFault } from './faults';

export interface RunBatch {
  runId: RunId;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  metrics?: ReadonlyMap<string, MetricColumns>;
}

export interface BatchError {
  runId: RunId;
  error: Error;
}

/** `now` is the write time: a write is a sign of life, so it also counts as a heartbeat of a RUNNING run. */
export async function writeBatch(db: TrainyardDB, batches: readonly RunBatch[], now = Date.now()): Promise<BatchError[]> {
  if (batches.length === 0) return [];
  return db.transaction('rw', db.runs, db.metricChunks, async () => {
    const rows = await db.runs.bulkGet(batches.map((b) => b.runId));
    const errors: BatchError[] = [];
    // Working rows by run: a run that appears twice folds both entries into one row.
    const updated = new Map<RunId, RunRow>();
    const appends: Array<{ runId: RunId; key: string; points: MetricColumns }> = [];
    batches.forEach((batch, i) => {
      try {
        const row = updated.get(batch.runId) ?? rows[i];
        if (!row) throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `No run with id "${batch.runId}".`);
        updated.set(batch.runId, applyBatch(row, batch, now));
        for (const [key, points] of batch.metrics ?? []) appends.push({ runId: batch.runId, key, points });
      } catch (error) {
        // Pure in-memory validation failed for this run; nothing of it has been written.
        errors.push({ runId: batch.runId, error: error instanceof Error ? error : new Error(String(error)) });
      }
    });
    for (const append of appends) await appendSeries(db, append);
    if (appends.length > 0) checkStoreFault('metrics'); // test seam (faults.ts); aborts the whole batch
    await db.runs.bulkPut([...updated.values()]);
    return errors;
  });
}

/** Returns a new row with the batch folded in; throws without side effects when it can't be. */
function applyBatch(row: RunRow, batch: RunBatch, now: number): RunRow {
  assertActive(row);
  const next: RunRow = { ...row, params: { ...row.params }, tags: { ...row.tags }, metrics: { ...row.metrics } };
  if (next.status === 'RUNNING' && next.heartbeatAt !== null) next.heartbeatAt = Math.max(next.heartbeatAt, now);
  if (batch.params) mergeParams(next, batch.params);
  if (batch.tags) mergeTags(next, batch.tags);
  for (const [key, columns] of batch.metrics ?? []) {
    const summary = ownValue(next.metrics, key);
    if (!summary) assertNoClash('metric', key, Object.keys(next.metrics));
    setOwn(next.metrics, key, updateSummary(summary, columns, key));
  }
  return next;
}
