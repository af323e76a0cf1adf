/**
 * Model registry writes and reads (MLflow's model registry store). The rules live in
 * domain/registry; this applies them to the two tables, each change in one transaction. Only the
 * tracking client calls the writers; pages read through liveQuery with the readers.
 */
import Dexie from 'dexie';
import { TrackingError } from '../domain/errors';
import type { RunId } from '../domain/ids';
import { setOwn } from '../domain/records';
import {
  aliasesAfterVersionDelete,
  canonicalStage,
  aliasesOf,
  nextVersionNumber,
  parseRunsUri,
  parseVersion,
  stageTransition,
  validateAlias,
  validateDescription,
  validateModelName,
  validateRegistryTag,
  withAlias,
  withoutAlias,
} from '../domain/registry/registry';
import { searchFilterPredicate } from '../domain/registry/registrySearch';
import { STAGE_DELETED_INTERNAL, type ModelStage, type ModelVersion, type RegisteredModel } from '../domain/registry/registry.types';
import type { ModelVersionRow, RegisteredModelRow, TrainyardDB } from './schema';

/** The file a logged model must have: what makes an artifact directory a model (spec §11). */
export const MLMODEL_FILE = 'MLmodel';

type LiveVersionRow = ModelVersionRow & { currentStage: ModelStage };

function isLive(row: ModelVersionRow): row is LiveVersionRow {
  return row.currentStage !== STAGE_DELETED_INTERNAL;
}

function versionsOf(db: TrainyardDB, name: string) {
  return db.modelVersions.where('[name+version]').between([name, Dexie.minKey], [name, Dexie.maxKey]);
}

function notFound(name: string): TrackingError {
  return new TrackingError('RESOURCE_DOES_NOT_EXIST', `Registered model "${name}" not found.`);
}

/** Lookups don't validate the name (one that can't exist is simply not found), but it must be a string. */
function lookupName(name: unknown): string {
  if (typeof name !== 'string') {
    throw new TrackingError('INVALID_PARAMETER_VALUE', `Invalid registered model name: expected a string, got ${typeof name}.`);
  }
  return name;
}

async function getModelRow(db: TrainyardDB, name: string): Promise<RegisteredModelRow> {
  const row = await db.registeredModels.get(lookupName(name));
  if (!row) throw notFound(name);
  return row;
}

async function getLiveVersionRow(db: TrainyardDB, name: string, version: unknown): Promise<LiveVersionRow> {
  const n = parseVersion(version);
  const row = await db.modelVersions.get([lookupName(name), n]);
  if (!row || !isLive(row)) {
    await getModelRow(db, name); // a missing model is named as such
    throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `Registered model "${name}" has no version ${n}.`);
  }
  return row;
}

function toRegisteredModel(row: RegisteredModelRow, versions: readonly ModelVersionRow[]): RegisteredModel {
  const live = versions.filter(isLive).map((v) => v.version);
  return {
    name: row.name,
    creationTimestamp: row.creationTimestamp,
    lastUpdatedTimestamp: row.lastUpdatedTimestamp,
    description: row.description,
    tags: { ...row.tags },
    aliases: row.aliases.map((a) => ({ ...a })),
    latestVersion: live.length ? Math.max(...live) : null,
  };
}

function toModelVersion(row: LiveVersionRow, model: RegisteredModelRow): ModelVersion {
  return {
    name: row.name,
    version: row.version,
    source: row.source,
    runId: row.runId,
    aliases: aliasesOf(model.aliases, row.version),
    tags: { ...row.tags },
    description: row.description,
    currentStage: row.currentStage,
    creationTimestamp: row.creationTimestamp,
    lastUpdatedTimestamp: row.lastUpdatedTimestamp,
    status: row.status,
    userId: row.userId,
  };
}

function tagsRecord(tags: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags ?? {})) {
    const [k, v] = validateRegistryTag(key, value);
    setOwn(out, k, v);
  }
  return out;
}

async function touchModel(db: TrainyardDB, name: string, now: number, change: Partial<RegisteredModelRow> = {}): Promise<void> {
  await db.registeredModels.update(name, { ...change, lastUpdatedTimestamp: now });
}

// ---------- registered models ----------

export async function createRegisteredModel(
  db: TrainyardDB,
  options: { name: string; description?: string; tags?: Record<string, string>; now: number },
): Promise<RegisteredModel> {
  const name = validateModelName(options.name);
  const row: RegisteredModelRow = {
    name,
    creationTimestamp: options.now,
    lastUpdatedTimestamp: options.now,
    description: validateDescription(options.description),
    tags: tagsRecord(options.tags),
    aliases: [],
  };
  await db.transaction('rw', db.registeredModels, async () => {
    if (await db.registeredModels.get(name)) {
      throw new TrackingError('RESOURCE_ALREADY_EXISTS', `Registered model "${name}" already exists.`);
    }
    await db.registeredModels.add(row);
  });
  return toRegisteredModel(row, []);
}

export async function getRegisteredModel(db: TrainyardDB, name: string): Promise<RegisteredModel> {
  return db.transaction('r', db.registeredModels, db.modelVersions, async () =>
    toRegisteredModel(await getModelRow(db, name), await versionsOf(db, name).toArray()),
  );
}

/** The model, or null when there is none (for a page showing a name from its URL). */
export async function findRegisteredModel(db: TrainyardDB, name: string): Promise<RegisteredModel | null> {
  return db.transaction('r', db.registeredModels, db.modelVersions, async () => {
    const row = await db.registeredModels.get(name);
    return row ? toRegisteredModel(row, await versionsOf(db, name).toArray()) : null;
  });
}

/**
 * Registered models matching an MLflow registry filter (`name LIKE '%wine%'`, `tags.team = 'a'`;
 * see registrySearch.ts), newest change first by default, or by name with `orderBy: 'name'`.
 */
export async function searchRegisteredModels(
  db: TrainyardDB,
  options: { filter?: string; orderBy?: 'name' | 'lastUpdated'; maxResults?: number } = {},
): Promise<RegisteredModel[]> {
  const matches = searchFilterPredicate(options.filter ?? '');
  const maxResults = options.maxResults ?? 1000;
  return db.transaction('r', db.registeredModels, db.modelVersions, async () => {
    const rows = (await db.registeredModels.toArray()).filter(matches);
    rows.sort((a, b) =>
      options.orderBy === 'name'
        ? a.name.localeCompare(b.name)
        : b.lastUpdatedTimestamp - a.lastUpdatedTimestamp || a.name.localeCompare(b.name),
    );
    const versions = await db.modelVersions.where('name').anyOf(rows.slice(0, maxResults).map((r) => r.name)).toArray();
    return rows.slice(0, maxResults).map((row) => toRegisteredModel(row, versions.filter((v) => v.name === row.name)));
  });
}

export async function updateRegisteredModel(db: TrainyardDB, options: { name: string; description: string; now: number }): Promise<void> {
  const description = validateDescription(options.description);
  await db.transaction('rw', db.registeredModels, async () => {
    const row = await getModelRow(db, options.name);
    await touchModel(db, row.name, options.now, { description });
  });
}

/** Deletes the model with all its versions and aliases for good (no trash, as MLflow). */
export async function deleteRegisteredModel(db: TrainyardDB, options: { name: string }): Promise<void> {
  await db.transaction('rw', db.registeredModels, db.modelVersions, async () => {
    const row = await getModelRow(db, options.name);
    await versionsOf(db, row.name).delete();
    await db.registeredModels.delete(row.name);
  });
}

export async function setRegisteredModelTag(
  db: TrainyardDB,
  options: { name: string; key: string; value: string; now: number },
): Promise<void> {
  const [key, value] = validateRegistryTag(options.key, options.value);
  await db.transaction('rw', db.registeredModels, async () => {
    const row = await getModelRow(db, options.name);
    const tags = { ...row.tags };
    setOwn(tags, key, value);
    await touchModel(db, row.name, options.now, { tags });
  });
}

/** Removes a tag; a key the model doesn't have is not an error (as MLflow). */
export async function deleteRegisteredModelTag(db: TrainyardDB, options: { name: string; key: string; now: number }): Promise<void> {
  await db.transaction('rw', db.registeredModels, async () => {
    const row = await getModelRow(db, options.name);
    if (!Object.hasOwn(row.tags, options.key)) return;
    const tags = { ...row.tags };
    delete tags[options.key];
    await touchModel(db, row.name, options.now, { tags });
  });
}

// ---------- aliases ----------

/** Points the alias at the version, moving it off whichever version had it. */
export async function setRegisteredModelAlias(
  db: TrainyardDB,
  options: { name: string; alias: string; version: unknown; now: number },
): Promise<void> {
  const alias = validateAlias(options.alias);
  await db.transaction('rw', db.registeredModels, db.modelVersions, async () => {
    const row = await getModelRow(db, options.name);
    const version = await getLiveVersionRow(db, row.name, options.version);
    await touchModel(db, row.name, options.now, { aliases: withAlias(row.aliases, alias, version.version) });
  });
}

export async function deleteRegisteredModelAlias(db: TrainyardDB, options: { name: string; alias: string; now: number }): Promise<void> {
  const alias = validateAlias(options.alias);
  await db.transaction('rw', db.registeredModels, async () => {
    const row = await getModelRow(db, options.name);
    await touchModel(db, row.name, options.now, { aliases: withoutAlias(row.aliases, alias, row.name) });
  });
}

// ---------- versions ----------

/**
 * Registers a new version (MlflowClient.create_model_version). The registered model must exist.
 * A `runs:/<id>/<path>` source must name a run in this store that has `<path>/MLmodel`; the run id
 * is taken from it when not given, and must match when given.
 */
export async function createModelVersion(
  db: TrainyardDB,
  options: {
    name: string;
    source: string;
    runId?: RunId | null;
    description?: string;
    tags?: Record<string, string>;
    userId: string | null;
    now: number;
  },
): Promise<ModelVersion> {
  const name = validateModelName(options.name);
  const description = validateDescription(options.description);
  const tags = tagsRecord(options.tags);
  if (typeof options.source !== 'string' || options.source === '') {
    throw new TrackingError('INVALID_PARAMETER_VALUE', 'Invalid model version source: it is empty.');
  }
  const runsSource = parseRunsUri(options.source);
  if (!runsSource) {
    throw new TrackingError(
      'INVALID_PARAMETER_VALUE',
      `Invalid model version source "${options.source}": Trainyard registers models logged by its runs, as "runs:/<run id>/model".`,
    );
  }
  if (options.runId && options.runId !== runsSource.runId) {
    throw new TrackingError('INVALID_PARAMETER_VALUE', `The source "${options.source}" is not from run ${options.runId}.`);
  }
  const runId = runsSource.runId;
  return db.transaction('rw', [db.registeredModels, db.modelVersions, db.runs, db.artifacts], async () => {
    const model = await getModelRow(db, name);
    const run = await db.runs.get(runId);
    if (!run) throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `Can't register a model from run "${runId}": there is no such run.`);
    if (run.lifecycleStage !== 'active') {
      throw new TrackingError('INVALID_STATE', `Can't register a model from run "${run.runName}" (${runId}): it is deleted; restore it first.`);
    }
    const mlmodel = `${runsSource.path}/${MLMODEL_FILE}`;
    if (!(await db.artifacts.get([runId, mlmodel]))) {
      throw new TrackingError(
        'RESOURCE_DOES_NOT_EXIST',
        `Can't register a model from run "${run.runName}" (${runId}): it has no "${mlmodel}" artifact, so it logged no model there.`,
      );
    }
    const numbers = (await versionsOf(db, name).primaryKeys()).map(([, v]) => v);
    const row: LiveVersionRow = {
      name,
      version: nextVersionNumber(numbers),
      source: options.source,
      runId,
      tags,
      description,
      currentStage: 'None',
      creationTimestamp: options.now,
      lastUpdatedTimestamp: options.now,
      status: 'READY',
      userId: options.userId,
    };
    await db.modelVersions.add(row);
    await touchModel(db, name, options.now);
    return toModelVersion(row, model);
  });
}

export async function getModelVersion(db: TrainyardDB, name: string, version: unknown): Promise<ModelVersion> {
  return db.transaction('r', db.registeredModels, db.modelVersions, async () => {
    const row = await getLiveVersionRow(db, name, version);
    return toModelVersion(row, await getModelRow(db, name));
  });
}

export async function getModelVersionByAlias(db: TrainyardDB, name: string, alias: string): Promise<ModelVersion> {
  return db.transaction('r', db.registeredModels, db.modelVersions, async () => {
    const model = await getModelRow(db, name);
    const found = model.aliases.find((a) => a.alias === alias);
    if (!found) throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `Registered model "${name}" has no alias "${alias}".`);
    return toModelVersion(await getLiveVersionRow(db, name, found.version), model);
  });
}

/**
 * The newest live version, or the newest in `stage` (MLflow's `models:/<name>/latest` and
 * `models:/<name>/<stage>`); RESOURCE_DOES_NOT_EXIST naming the model and stage when there is none.
 */
export async function getLatestModelVersion(db: TrainyardDB, name: string, stage: string | null): Promise<ModelVersion> {
  const wanted = stage === null ? null : canonicalStage(stage);
  return db.transaction('r', db.registeredModels, db.modelVersions, async () => {
    const model = await getModelRow(db, name);
    const rows = (await versionsOf(db, model.name).toArray()).filter(isLive).filter((r) => wanted === null || r.currentStage === wanted);
    const newest = rows.at(-1);
    if (!newest) {
      throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `Registered model "${name}" has no version${wanted ? ` in stage "${wanted}"` : ''}.`);
    }
    return toModelVersion(newest, model);
  });
}

/** The model's live versions, newest first. */
export async function listModelVersions(db: TrainyardDB, name: string): Promise<ModelVersion[]> {
  return db.transaction('r', db.registeredModels, db.modelVersions, async () => {
    const model = await getModelRow(db, name);
    const rows = (await versionsOf(db, model.name).toArray()).filter(isLive);
    return rows.reverse().map((row) => toModelVersion(row, model));
  });
}

/** Every live version registered from this run (for the run page). */
export async function listVersionsOfRun(db: TrainyardDB, runId: RunId): Promise<ModelVersion[]> {
  return db.transaction('r', db.registeredModels, db.modelVersions, async () => {
    const rows = (await db.modelVersions.where('runId').equals(runId).toArray()).filter(isLive);
    const models = await db.registeredModels.bulkGet([...new Set(rows.map((r) => r.name))]);
    return rows.flatMap((row) => {
      const model = models.find((m) => m?.name === row.name);
      return model ? [toModelVersion(row, model)] : [];
    });
  });
}

export async function updateModelVersion(
  db: TrainyardDB,
  options: { name: string; version: unknown; description: string; now: number },
): Promise<void> {
  const description = validateDescription(options.description);
  await db.transaction('rw', db.registeredModels, db.modelVersions, async () => {
    const row = await getLiveVersionRow(db, options.name, options.version);
    await db.modelVersions.update([row.name, row.version], { description, lastUpdatedTimestamp: options.now });
    await touchModel(db, row.name, options.now);
  });
}

/**
 * Deletes a version as MLflow does: its aliases go, and the row stays as `Deleted_Internal` with
 * its details cleared, hidden everywhere, so the number is never given to a new version.
 */
export async function deleteModelVersion(db: TrainyardDB, options: { name: string; version: unknown; now: number }): Promise<void> {
  await db.transaction('rw', db.registeredModels, db.modelVersions, async () => {
    const row = await getLiveVersionRow(db, options.name, options.version);
    const model = await getModelRow(db, row.name);
    await db.modelVersions.put({
      ...row,
      currentStage: STAGE_DELETED_INTERNAL,
      source: '',
      runId: null,
      tags: {},
      description: '',
      userId: null,
      lastUpdatedTimestamp: options.now,
    });
    await touchModel(db, row.name, options.now, { aliases: aliasesAfterVersionDelete(model.aliases, row.version) });
  });
}

export async function setModelVersionTag(
  db: TrainyardDB,
  options: { name: string; version: unknown; key: string; value: string; now: number },
): Promise<void> {
  const [key, value] = validateRegistryTag(options.key, options.value);
  await db.transaction('rw', db.registeredModels, db.modelVersions, async () => {
    const row = await getLiveVersionRow(db, options.name, options.version);
    const tags = { ...row.tags };
    setOwn(tags, key, value);
    await db.modelVersions.update([row.name, row.version], { tags, lastUpdatedTimestamp: options.now });
    await touchModel(db, row.name, options.now);
  });
}

export async function deleteModelVersionTag(
  db: TrainyardDB,
  options: { name: string; version: unknown; key: string; now: number },
): Promise<void> {
  await db.transaction('rw', db.registeredModels, db.modelVersions, async () => {
    const row = await getLiveVersionRow(db, options.name, options.version);
    if (!Object.hasOwn(row.tags, options.key)) return;
    const tags = { ...row.tags };
    delete tags[options.key];
    await db.modelVersions.update([row.name, row.version], { tags, lastUpdatedTimestamp: options.now });
    await touchModel(db, row.name, options.now);
  });
}

/** MLflow's legacy stage transition, optionally archiving the other versions in the target stage. */
export async function transitionModelVersionStage(
  db: TrainyardDB,
  options: { name: string; version: unknown; stage: string; archiveExistingVersions?: boolean; now: number },
): Promise<ModelVersion> {
  return db.transaction('rw', db.registeredModels, db.modelVersions, async () => {
    const row = await getLiveVersionRow(db, options.name, options.version);
    const live = (await versionsOf(db, row.name).toArray()).filter(isLive);
    const { changes } = stageTransition({
      versions: live,
      version: row.version,
      stage: options.stage,
      archiveExistingVersions: options.archiveExistingVersions,
    });
    for (const change of changes) {
      await db.modelVersions.update([row.name, change.version], { currentStage: change.currentStage, lastUpdatedTimestamp: options.now });
    }
    await touchModel(db, row.name, options.now);
    return getModelVersion(db, row.name, row.version);
  });
}
