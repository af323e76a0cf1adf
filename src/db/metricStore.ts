/**
 * Metric histories as chunks of typed arrays (see schema.ts). Appends fill the last chunk of a
 * series up to METRIC_CHUNK_SIZE and start new ones after it; reads concatenate a few rows.
 */
import Dexie from 'dexie';
import type { RunId } from '../domain/ids';
import type { MetricColumns, MetricPoint } from '../domain/tracking/types';
import { METRIC_CHUNK_SIZE, type MetricChunkRow, type TrainyardDB } from './schema';

export interface MetricHistory {
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;
}

function seriesRange(db: TrainyardDB, runId: RunId, key: string) {
  return db.metricChunks.where('[runId+key+seq]').between([runId, key, Dexie.minKey], [runId, key, Dexie.maxKey]);
}

function concat(parts: readonly ArrayLike<number>[], length: number): Float64Array {
  const out = new Float64Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Appends points to one series. Must run inside a transaction that includes metricChunks. */
export async function appendSeries(
  db: TrainyardDB,
  options: { runId: RunId; key: string; points: MetricColumns },
): Promise<void> {
  const { runId, key, points } = options;
  const total = points.values.length;
  if (total === 0) return;
  const last = await seriesRange(db, runId, key).last();
  const rows: MetricChunkRow[] = [];
  let taken = 0;
  let seq = 0;
  if (last) {
    seq = last.seq + 1;
    const room = METRIC_CHUNK_SIZE - last.values.length;
    if (room > 0) {
      taken = Math.min(room, total);
      rows.push({
        ...last,
        steps: concat([last.steps, slice(points.steps, 0, taken)], last.steps.length + taken),
        values: concat([last.values, slice(points.values, 0, taken)], last.values.length + taken),
        timestamps: concat([last.timestamps, slice(points.timestamps, 0, taken)], last.timestamps.length + taken),
      });
    }
  }
  while (taken < total) {
    const end = Math.min(total, taken + METRIC_CHUNK_SIZE);
    rows.push({
      runId,
      key,
      seq: seq++,
      steps: Float64Array.from(slice(points.steps, taken, end)),
      values: Float64Array.from(slice(points.values, taken, end)),
      timestamps: Float64Array.from(slice(points.timestamps, taken, end)),
    });
    taken = end;
  }
  await db.metricChunks.bulkPut(rows);
}

function slice(values: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  if (ArrayBuffer.isView(values)) return (values as Float64Array).subarray(start, end);
  return Array.prototype.slice.call(values, start, end) as number[];
}

/** The whole history of one metric, in the order it was logged. */
export async function getMetricHistory(db: TrainyardDB, options: { runId: RunId; key: string }): Promise<MetricHistory> {
  const chunks = await seriesRange(db, options.runId, options.key).toArray();
  const length = chunks.reduce((n, c) => n + c.values.length, 0);
  return {
    steps: concat(chunks.map((c) => c.steps), length),
    values: concat(chunks.map((c) => c.values), length),
    timestamps: concat(chunks.map((c) => c.timestamps), length),
  };
}

export function historyToPoints(key: string, history: MetricHistory): MetricPoint[] {
  const points: MetricPoint[] = new Array<MetricPoint>(history.values.length);
  for (let i = 0; i < history.values.length; i++) {
    points[i] = {
      key,
      value: history.values[i] as number,
      step: history.steps[i] as number,
      timestamp: history.timestamps[i] as number,
    };
  }
  return points;
}
