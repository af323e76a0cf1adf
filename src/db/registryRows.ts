/**
 * What the registry stores share: finding a model's and a version's rows (with the not-found
 * errors MLflow gives), turning rows into the domain's RegisteredModel and ModelVersion, checking
 * tags, and stamping a model as changed. Internal to registeredModelStore and modelVersionStore.
 */
import Dexie from 'dexie';
import { TrackingError } from '../domain/errors';
import { setOwn } from '../domain/records';
import { aliasesOf, parseVersion, validateRegistryTag } from '../domain/registry/registry';
import { STAGE_DELETED_INTERNAL, type ModelStage, type ModelVersion, type RegisteredModel } from '../domain/registry/registry.types';
import type { ModelVersionRow, RegisteredModelRow, TrainyardDB } from './schema';

export type LiveVersionRow = ModelVersionRow & { currentStage: ModelStage };

export function isLive(row: ModelVersionRow): row is LiveVersionRow {
  return row.currentStage !== STAGE_DELETED_INTERNAL;
}

export function versionsOf(db: TrainyardDB, name: string) {
  return db.modelVersions.where('[name+version]').between([name, Dexie.minKey], [name, Dexie.maxKey]);
}

export function notFound(name: string): TrackingError {
  return new TrackingError('RESOURCE_DOES_NOT_EXIST', `Registered model "${name}" not found.`);
}

/** Lookups don't validate the name (one that can't exist is simply not found), but it must be a string. */
export function lookupName(name: unknown): string {
  if (typeof name !== 'string') {
    throw new TrackingError('INVALID_PARAMETER_VALUE', `Invalid registered model name: expected a string, got ${typeof name}.`);
  }
  return name;
}

export async function getModelRow(db: TrainyardDB, name: string): Promise<RegisteredModelRow> {
  const row = await db.registeredModels.get(lookupName(name));
  if (!row) throw notFound(name);
  return row;
}

export async function getLiveVersionRow(db: TrainyardDB, name: string, version: unknown): Promise<LiveVersionRow> {
  const n = parseVersion(version);
  const row = await db.modelVersions.get([lookupName(name), n]);
  if (!row || !isLive(row)) {
    await getModelRow(db, name); // a missing model is named as such
    throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `Registered model "${name}" has no version ${n}.`);
  }
  return row;
}

export function toRegisteredModel(row: RegisteredModelRow, versions: readonly ModelVersionRow[]): RegisteredModel {
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

export function toModelVersion(row: LiveVersionRow, model: RegisteredModelRow): ModelVersion {
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

export function tagsRecord(tags: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags ?? {})) {
    const [k, v] = validateRegistryTag(key, value);
    setOwn(out, k, v);
  }
  return out;
}

export async function touchModel(db: TrainyardDB, name: string, now: number, change: Partial<RegisteredModelRow> = {}): Promise<void> {
  await db.registeredModels.update(name, { ...change, lastUpdatedTimestamp: now });
}
