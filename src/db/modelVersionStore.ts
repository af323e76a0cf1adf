/**
 * Model versions in the registry store: register one from a run's logged model, read them (by
 * number, alias, stage or run), describe, tag, delete and move them between stages; each change
 * in one transaction.
 */
import { TrackingError } from '../domain/errors';
import type { RunId } from '../domain/ids';
import { setOwn } from '../domain/records';
import {
  aliasesAfterVersionDelete,
  canonicalStage,
  nextVersionNumber,
  parseRunsUri,
  stageTransition,
  validateDescription,
  validateModelName,
  validateRegistryTag,
} from '../domain/registry/registry';
import { STAGE_DELETED_INTERNAL, type ModelVersion } from '../domain/registry/registry.types';
import {
  getLiveVersionRow,
  getModelRow,
  isLive,
  tagsRecord,
  toModelVersion,
  touchModel,
  versionsOf,
  type LiveVersionRow,
} from './registryRows';
import type { TrainyardDB } from './schema';

/** The file a logged model must have: what makes an artifact directory a model (spec §11). */
export const MLMODEL_FILE = 'MLmodel';

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
