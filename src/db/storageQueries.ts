/**
 * Read-only queries for the Storage page: what the store holds per run (run rows, metric chunk
 * keys, artifact sizes) and the datasets, gathered in one read transaction so the figures agree
 * with each other. Nothing here writes.
 *
 * Metric chunks are counted from the chunk table's primary keys, which IndexedDB returns without
 * deserialising the typed arrays; artifact rows are read for their `size` (their Blobs are handles,
 * not contents). So a report over 1,000 runs reads a few thousand small values.
 */
import Dexie from 'dexie';
import type { RunId } from '../domain/ids';
import { buildStorageReport, type RunStorageInput, type StorageReport } from '../domain/storage/storageSize';
import { METRIC_CHUNK_SIZE, type DatasetRow, type TrainyardDB } from './schema';

export type DatasetStorage = Omit<DatasetRow, 'blob'>;

export interface StoreContents {
  report: StorageReport;
  datasets: DatasetStorage[];
}

/** Everything the Storage page needs from the store, read in one transaction. */
export async function readStoreContents(db: TrainyardDB): Promise<StoreContents> {
  return db.transaction('r', [db.experiments, db.runs, db.metricChunks, db.artifacts, db.datasets], async () => {
    const [experiments, runRows, chunkKeys, datasets] = await Promise.all([
      db.experiments.toArray(),
      db.runs.toArray(),
      db.metricChunks.toCollection().primaryKeys(),
      readDatasets(db),
    ]);
    const artifacts = new Map<RunId, Array<{ path: string; size: number }>>();
    await db.artifacts.each((row) => {
      const list = artifacts.get(row.runId) ?? [];
      list.push({ path: row.path, size: row.size });
      artifacts.set(row.runId, list);
    });
    const chunks = new Map<RunId, Record<string, number>>();
    for (const [runId, key] of chunkKeys) {
      const perKey = chunks.get(runId) ?? (Object.create(null) as Record<string, number>);
      perKey[key] = (perKey[key] ?? 0) + 1;
      chunks.set(runId, perKey);
    }
    const runs: RunStorageInput[] = runRows.map((row) => ({
      runId: row.runId,
      experimentId: row.experimentId,
      runName: row.runName,
      status: row.status,
      lifecycleStage: row.lifecycleStage,
      deletedTime: row.deletedTime,
      endTime: row.endTime,
      params: row.params,
      tags: row.tags,
      metrics: row.metrics,
      metricChunks: chunks.get(row.runId) ?? {},
      artifacts: artifacts.get(row.runId) ?? [],
    }));
    return { report: buildStorageReport({ experiments, runs, chunkSize: METRIC_CHUNK_SIZE }), datasets };
  });
}

async function readDatasets(db: TrainyardDB): Promise<DatasetStorage[]> {
  const rows = await db.datasets.toArray();
  return rows.map(({ blob: _blob, ...info }) => info).sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
}

/** How many runs exist (any stage): the persistent-storage request waits for the first. */
export function countRuns(db: TrainyardDB): Promise<number> {
  return db.runs.count();
}

/**
 * Calls `onChange` after any write to this database, from this page, a worker or another tab
 * (Dexie's `storagemutated` event). Returns a function that stops listening.
 */
export function onStoreChanged(db: TrainyardDB, onChange: () => void): () => void {
  const prefix = `idb://${db.name}/`;
  const listener = (parts: Record<string, unknown>) => {
    if (Object.keys(parts).some((part) => part.startsWith(prefix))) onChange();
  };
  Dexie.on('storagemutated', listener);
  return () => Dexie.on.storagemutated.unsubscribe(listener);
}
