import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../../app/tracking';
import { listDatasets, type DatasetInfo } from '../../../db/datasetStore';

/** Stored datasets (imports and downloaded built-ins), newest first, live. */
export function useDatasets(): DatasetInfo[] | undefined {
  return useLiveQuery(() => listDatasets(db), []);
}

/** Whether any run exists in any experiment (false for a first-time visitor); undefined while loading. */
export function useHasAnyRun(): boolean | undefined {
  return useLiveQuery(async () => (await db.runs.limit(1).primaryKeys()).length > 0, []);
}
