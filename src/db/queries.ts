/**
 * Every read the page's views make of the store, in one place: plain functions of the database
 * (`(db, args) => Promise<T>`), so each can be tested against a store on its own. Views run them
 * inside `useLiveQuery` (dexie-react-hooks), which re-runs a query when a table it read changes
 * (in this page, a worker or another tab). Features never touch a table: they get these queries
 * bound to the page's database (`readsOf`, assembled in services/page.ts as `reads`) and write
 * through the page's services.
 */
import type { ExperimentId, RunId } from '../domain/ids';
import type { ModelVersion, RegisteredModel } from '../domain/registry/registry.types';
import type { FileInfo } from '../domain/tracking/artifacts';
import type { Experiment, Run } from '../domain/tracking/types';
import { getArtifact, listAllArtifacts } from './artifactStore';
import { listDatasets, type DatasetInfo } from './datasetStore';
import { listExperiments } from './experimentStore';
import { getMetricHistory, type MetricHistory } from './metricStore';
import { findRegisteredModel, listModelVersions, listVersionsOfRun, searchRegisteredModels } from './registryStore';
import { listNewestRuns, listRuns, listRunsStartedSince } from './runQueries';
import { findRun, toRun } from './runStore';
import type { ArtifactRow, SyncRunRow, TrainyardDB } from './schema';
import { allSyncRows } from './syncStore';
import { countRuns, onStoreChanged, readStoreContents, type StoreContents } from './storageQueries';

// ---- experiments

/** Every experiment, active and trashed. */
export function allExperiments(db: TrainyardDB): Promise<Experiment[]> {
  return listExperiments(db, 'ALL');
}

// ---- runs

/** The run, `null` when there is no such run. */
export function run(db: TrainyardDB, runId: RunId): Promise<Run | null> {
  return findRun(db, runId);
}

/** Every run of one experiment, whatever its lifecycle stage (see listRuns). */
export function runsOfExperiment(db: TrainyardDB, experimentId: ExperimentId): Promise<Run[]> {
  return listRuns(db, { experimentIds: [experimentId], viewType: 'ALL' });
}

/** The `limit` newest runs of one experiment, every lifecycle stage: a first screen. */
export function newestRunsOfExperiment(db: TrainyardDB, options: { experimentId: ExperimentId; limit: number }): Promise<Run[]> {
  return listNewestRuns(db, options);
}

/** Whether any run exists in any experiment (false for a first-time visitor). */
export async function hasAnyRun(db: TrainyardDB): Promise<boolean> {
  return (await db.runs.limit(1).primaryKeys()).length > 0;
}

/** How many runs exist (any stage). */
export function runCount(db: TrainyardDB): Promise<number> {
  return countRuns(db);
}

/** The runs that exist, in the order asked (from any experiments), and the ids that don't. */
export async function runsInOrder(db: TrainyardDB, runIds: readonly string[]): Promise<{ runs: Run[]; missing: string[] }> {
  const found = await Promise.all(runIds.map((id) => findRun(db, id as RunId)));
  return {
    runs: found.filter((r): r is Run => r !== null && r !== undefined),
    missing: runIds.filter((_, i) => !found[i]),
  };
}

/** The runs with these ids, by id (a missing or purged run is simply absent). */
export async function runsById(db: TrainyardDB, runIds: readonly RunId[]): Promise<Map<RunId, Run>> {
  const rows = await db.runs.bulkGet([...runIds]);
  return new Map(rows.filter((r) => r !== undefined).map((r) => [r.runId, toRun(r)]));
}

/** A parent run (`null`: no such run) and its child runs. */
export async function runWithChildren(db: TrainyardDB, parentRunId: RunId): Promise<{ parent: Run | null; children: Run[] }> {
  const [parent, rows] = await Promise.all([findRun(db, parentRunId), db.runs.where('parentRunId').equals(parentRunId).toArray()]);
  return { parent, children: rows.map(toRun) };
}

/**
 * The active parent runs tagged `tag`, each with its child runs, in parent run id order. Parents
 * are found through the children's parentRunId index, so this reads only runs that have child
 * runs, not the whole store.
 */
export async function taggedParentsWithChildren(db: TrainyardDB, tag: string): Promise<{ parent: Run; children: Run[] }[]> {
  const parentIds = (await db.runs.orderBy('parentRunId').uniqueKeys()) as RunId[];
  const parents = (await db.runs.bulkGet(parentIds)).filter(
    (row): row is NonNullable<typeof row> => row !== undefined && row.lifecycleStage === 'active' && Object.hasOwn(row.tags, tag),
  );
  const children = await db.runs.where('parentRunId').anyOf(parents.map((p) => p.runId)).toArray();
  const byParent = new Map<string, Run[]>();
  for (const child of children) {
    const list = byParent.get(child.parentRunId ?? '') ?? [];
    list.push(toRun(child));
    byParent.set(child.parentRunId ?? '', list);
  }
  return parents.map((row) => ({ parent: toRun(row), children: byParent.get(row.runId) ?? [] }));
}

/** The active KILLED runs that carry the tag `tag` (e.g. the search parents a closed page left). */
export async function killedRunsTagged(db: TrainyardDB, tag: string): Promise<Run[]> {
  const rows = await db.runs
    .where('status')
    .equals('KILLED')
    .filter((row) => row.lifecycleStage === 'active' && row.tags[tag] !== undefined)
    .toArray();
  return rows.map(toRun);
}

// ---- metrics

/** One metric's history in one run (empty when the run never logged it). */
export function metricHistory(db: TrainyardDB, options: { runId: RunId; key: string }): Promise<MetricHistory> {
  return getMetricHistory(db, options);
}

/** One metric's history in each of these runs, by run id. */
export async function metricHistories(db: TrainyardDB, options: { runIds: readonly RunId[]; key: string }): Promise<Map<RunId, MetricHistory>> {
  const histories = await Promise.all(options.runIds.map((runId) => getMetricHistory(db, { runId, key: options.key })));
  return new Map(options.runIds.map((id, i) => [id, histories[i] as MetricHistory]));
}

// ---- sync with tracking servers

/** Every run started at or after `since` (ms), in every experiment: what a mirror looks at. */
export function runsStartedSince(db: TrainyardDB, since: number): Promise<Run[]> {
  return listRunsStartedSince(db, since);
}

/** Every run's sync state with every server (services/mlflowServer), for the runs table and the Servers page. */
export function runSyncStates(db: TrainyardDB): Promise<SyncRunRow[]> {
  return allSyncRows(db);
}

// ---- artifacts

/** Every file of a run, without its contents, sorted by path. */
export function artifactFiles(db: TrainyardDB, runId: RunId): Promise<FileInfo[]> {
  return listAllArtifacts(db, runId);
}

/** Every file of each of these runs, by run id. */
export async function artifactFilesOfRuns(db: TrainyardDB, runIds: readonly RunId[]): Promise<Map<RunId, FileInfo[]>> {
  const lists = await Promise.all(runIds.map((id) => listAllArtifacts(db, id)));
  return new Map(runIds.map((id, i) => [id, lists[i] ?? []]));
}

/** One artifact with its contents; null when it is missing or can't be read. */
export function artifactOrNull(db: TrainyardDB, options: { runId: RunId; path: string }): Promise<ArtifactRow | null> {
  return getArtifact(db, options).catch(() => null);
}

/**
 * The active runs that logged a model (an `MLmodel` file in their artifacts) with the model's
 * folder (`''` at the root), newest run first; read from the artifacts' keys only, not their blobs.
 */
export async function runsWithModels(db: TrainyardDB): Promise<{ run: Run; folder: string }[]> {
  const keys = await db.artifacts.toCollection().primaryKeys();
  const models = keys.filter(([, path]) => path === 'MLmodel' || path.endsWith('/MLmodel'));
  const runs = await Promise.all(models.map(async ([runId, path]) => ({ run: await findRun(db, runId), folder: path.replace(/\/?MLmodel$/, '') })));
  return runs
    .filter((r): r is { run: Run; folder: string } => r.run !== null && r.run.lifecycleStage === 'active')
    .sort((a, b) => b.run.startTime - a.run.startTime);
}

// ---- datasets

/** Stored datasets (imports and downloaded built-ins), newest first, without their contents. */
export function datasets(db: TrainyardDB): Promise<DatasetInfo[]> {
  return listDatasets(db);
}

// ---- registry

/** Every registered model, the latest change first. */
export function registeredModels(db: TrainyardDB): Promise<RegisteredModel[]> {
  return searchRegisteredModels(db, { orderBy: 'lastUpdated' });
}

/** The model and its live versions (newest first); `null` when there is no such model. */
export async function registeredModel(db: TrainyardDB, name: string): Promise<{ model: RegisteredModel; versions: ModelVersion[] } | null> {
  const model = await findRegisteredModel(db, name);
  return model ? { model, versions: await listModelVersions(db, name) } : null;
}

/** The live versions registered from this run. */
export function versionsOfRun(db: TrainyardDB, runId: RunId): Promise<ModelVersion[]> {
  return listVersionsOfRun(db, runId);
}

// ---- storage

/** The store's contents by experiment and run, with their sizes (the Storage page). */
export function storeContents(db: TrainyardDB): Promise<StoreContents> {
  return readStoreContents(db);
}

// ---- watching the store (not queries: what a view needs to know when to read again)

/** Calls `onChange` after any write to the store, from anywhere; returns a function that stops it. */
export function watchStore(db: TrainyardDB, onChange: () => void): () => void {
  return onStoreChanged(db, onChange);
}

/** Calls `onChange` when a newer app in another tab upgrades the store; returns a function that stops it. */
export function watchVersionChange(db: TrainyardDB, onChange: () => void): () => void {
  return db.onVersionChange(onChange);
}

/** Whether this page's connection closed for another tab's upgrade (it can't read or write until it reloads). */
export function versionChanged(db: TrainyardDB): boolean {
  return db.versionChanged;
}

const READS = {
  allExperiments,
  runSyncStates,
  runsStartedSince,
  run,
  runsOfExperiment,
  newestRunsOfExperiment,
  hasAnyRun,
  runCount,
  runsInOrder,
  runsById,
  runWithChildren,
  taggedParentsWithChildren,
  killedRunsTagged,
  metricHistory,
  metricHistories,
  artifactFiles,
  artifactFilesOfRuns,
  artifactOrNull,
  runsWithModels,
  datasets,
  registeredModels,
  registeredModel,
  versionsOfRun,
  storeContents,
  watchStore,
  watchVersionChange,
  versionChanged,
};

/** The reads above with the database filled in: `readsOf(db).run(id)` is `run(db, id)`. */
export type Reads = {
  [K in keyof typeof READS]: (typeof READS)[K] extends (db: TrainyardDB, ...args: infer A) => infer R ? (...args: A) => R : never;
};

/** Every read above, bound to one database: what the page's views get instead of the database. */
export function readsOf(db: TrainyardDB): Reads {
  const bound: Record<string, unknown> = {};
  for (const [name, read] of Object.entries(READS)) {
    bound[name] = (...args: unknown[]) => (read as (db: TrainyardDB, ...rest: unknown[]) => unknown)(db, ...args);
  }
  return bound as Reads;
}
