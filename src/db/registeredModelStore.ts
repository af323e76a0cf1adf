/**
 * Registered models in the registry store: create, read, search, describe, tag and delete them,
 * and point their aliases at versions; each change in one transaction.
 */
import { TrackingError } from '../domain/errors';
import { setOwn } from '../domain/records';
import { validateAlias, validateDescription, validateModelName, validateRegistryTag, withAlias, withoutAlias } from '../domain/registry/registry';
import { searchFilterPredicate } from '../domain/registry/registrySearch';
import type { RegisteredModel } from '../domain/registry/registry.types';
import { getLiveVersionRow, getModelRow, tagsRecord, toRegisteredModel, touchModel, versionsOf } from './registryRows';
import type { RegisteredModelRow, TrainyardDB } from './schema';

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
