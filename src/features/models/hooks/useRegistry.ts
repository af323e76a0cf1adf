import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../../app/tracking';
import { findRegisteredModel, listModelVersions, listVersionsOfRun, searchRegisteredModels } from '../../../db/registryStore';
import type { RunId } from '../../../domain/ids';
import type { ModelVersion, RegisteredModel } from '../../../domain/registry/registry.types';
import type { Run } from '../../../domain/tracking/types';
import { toRun } from '../../../db/runStore';

/** Every registered model, `undefined` while loading. */
export function useRegisteredModels(): RegisteredModel[] | undefined {
  return useLiveQuery(() => searchRegisteredModels(db, { orderBy: 'lastUpdated' }), []);
}

/** The model and its versions (newest first); `null` when there is no such model. */
export function useRegisteredModel(name: string): { model: RegisteredModel; versions: ModelVersion[] } | null | undefined {
  return useLiveQuery(async () => {
    const model = await findRegisteredModel(db, name);
    return model ? { model, versions: await listModelVersions(db, name) } : null;
  }, [name]);
}

/** The runs the versions came from, by id (a purged run is simply missing). */
export function useSourceRuns(runIds: readonly RunId[]): Map<RunId, Run> | undefined {
  const key = [...new Set(runIds)].sort().join(',');
  return useLiveQuery(async () => {
    const ids = key ? (key.split(',') as RunId[]) : [];
    const rows = await db.runs.bulkGet(ids);
    return new Map(rows.filter((r) => r !== undefined).map((r) => [r.runId, toRun(r)]));
  }, [key]);
}

/** The registered versions made from this run. */
export function useVersionsOfRun(runId: RunId): ModelVersion[] | undefined {
  return useLiveQuery(() => listVersionsOfRun(db, runId), [runId]);
}
