import { useLiveQuery } from 'dexie-react-hooks';
import { reads } from '../../../services/page';
import type { RunId } from '../../../domain/ids';
import type { ModelVersion, RegisteredModel } from '../../../domain/registry/registry.types';
import type { Run } from '../../../domain/tracking/types';

/** Every registered model, `undefined` while loading. */
export function useRegisteredModels(): RegisteredModel[] | undefined {
  return useLiveQuery(() => reads.registeredModels(), []);
}

/** The model and its versions (newest first); `null` when there is no such model. */
export function useRegisteredModel(name: string): { model: RegisteredModel; versions: ModelVersion[] } | null | undefined {
  return useLiveQuery(() => reads.registeredModel(name), [name]);
}

/** The runs the versions came from, by id (a purged run is simply missing). */
export function useSourceRuns(runIds: readonly RunId[]): Map<RunId, Run> | undefined {
  const key = [...new Set(runIds)].sort().join(',');
  return useLiveQuery(() => reads.runsById(key ? (key.split(',') as RunId[]) : []), [key]);
}

/** The registered versions made from this run. */
export function useVersionsOfRun(runId: RunId): ModelVersion[] | undefined {
  return useLiveQuery(() => reads.versionsOfRun(runId), [runId]);
}
