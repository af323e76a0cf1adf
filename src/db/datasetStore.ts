/** Datasets kept for training: the original file as a Blob, with its digest and a summary. */
import { TrackingError } from '../domain/errors';
import type { DatasetRow, TrainyardDB } from './schema';

export type DatasetInfo = Omit<DatasetRow, 'blob'>;

export async function putDataset(db: TrainyardDB, row: DatasetRow): Promise<void> {
  await db.datasets.put(row);
}

export async function getDataset(db: TrainyardDB, datasetId: string): Promise<DatasetRow> {
  const row = await db.datasets.get(datasetId);
  if (!row) {
    throw new TrackingError(
      'RESOURCE_DOES_NOT_EXIST',
      datasetId.startsWith('builtin:')
        ? `The dataset "${datasetId}" has not been downloaded yet; download it from the Train page first.`
        : `No dataset with id "${datasetId}"; import it first (trainyard.importDataset).`,
    );
  }
  return row;
}

export async function findDataset(db: TrainyardDB, datasetId: string): Promise<DatasetRow | null> {
  return (await db.datasets.get(datasetId)) ?? null;
}

export async function listDatasets(db: TrainyardDB): Promise<DatasetInfo[]> {
  const rows = await db.datasets.orderBy('createdTime').reverse().toArray();
  return rows.map(({ blob: _blob, ...info }) => info);
}
