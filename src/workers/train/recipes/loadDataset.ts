/** Datasets as the worker reads them: from the store, parsed again from the original file. */
import type { TrackingClient } from '../../../db/trackingClient';
import { parseWineCsv } from '../../../domain/datasets/builtins';
import { parseTabularCsv } from '../../../domain/datasets/csv';
import type { TabularDataset } from '../../../domain/datasets/dataset.types';

export interface LoadedTable {
  dataset: TabularDataset;
  /** sha256 of the file the run trained on. */
  digest: string;
}

export async function loadTabular(client: TrackingClient, datasetId: string): Promise<LoadedTable> {
  const row = await client.getDataset(datasetId);
  if (row.kind !== 'tabular') {
    throw new Error(`Dataset "${row.name}" holds labelled text; this recipe needs a table (CSV with a header).`);
  }
  const text = await row.blob.text();
  const dataset = datasetId.startsWith('builtin:wine')
    ? parseWineCsv(text, row.fileName).dataset
    : parseTabularCsv(text, { fileName: row.fileName, name: row.name });
  return { dataset, digest: row.sha256 };
}
