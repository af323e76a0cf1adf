import { useLiveQuery } from 'dexie-react-hooks';
import { reads } from '../../../services/page';
import type { DatasetInfo } from '../../../db/datasetStore';

/** Stored datasets (imports and downloaded built-ins), newest first, live. */
export function useDatasets(): DatasetInfo[] | undefined {
  return useLiveQuery(() => reads.datasets(), []);
}

/** Whether any run exists in any experiment (false for a first-time visitor); undefined while loading. */
export function useHasAnyRun(): boolean | undefined {
  return useLiveQuery(() => reads.hasAnyRun(), []);
}
