/**
 * The model registry's vocabulary, as MLflow names it (RegisteredModel, ModelVersion, stages,
 * aliases). Plain data: the store keeps these shapes and the UI, the console and the playground
 * read them. The one declaration of a registered model's and a model version's fields: the stored
 * rows (db/schema.ts) and the bundle's records (bundle/bundle.types.ts) are derived from these.
 */
import type { RunId } from '../ids';

/** MLflow's legacy stages, canonical capitalisation (spec §10). Aliases are the preferred way now. */
export type ModelStage = 'None' | 'Staging' | 'Production' | 'Archived';

/** What MLflow writes for a soft-deleted version: kept only so its number is never reused. */
export const STAGE_DELETED_INTERNAL = 'Deleted_Internal';

/** An alias and the version it points to. Kept as a list, not a record: aliases may be any `\w` name. */
export interface ModelAlias {
  alias: string;
  version: number;
}

export interface RegisteredModel {
  name: string;
  creationTimestamp: number;
  /** Bumped by any change to the model, its tags, aliases or versions. */
  lastUpdatedTimestamp: number;
  description: string;
  tags: Record<string, string>;
  /** Sorted by alias. */
  aliases: ModelAlias[];
  /** The highest live version number, or null when the model has none. */
  latestVersion: number | null;
}

export interface ModelVersion {
  name: string;
  /** 1, 2, 3… in registration order; a deleted version's number is never given out again. */
  version: number;
  /** The model's URI at registration, e.g. `runs:/<run id>/model`. */
  source: string;
  /** The run that logged the model, when known. */
  runId: RunId | null;
  /** The aliases pointing at this version, sorted. */
  aliases: string[];
  tags: Record<string, string>;
  description: string;
  currentStage: ModelStage;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  status: 'READY';
  userId: string | null;
}

/**
 * A registered model as stored (MLflow's `models/<name>/meta.yaml` + `tags/` + `aliases/`):
 * `latestVersion` is not kept but worked out from the versions when read.
 */
export type StoredRegisteredModel = Omit<RegisteredModel, 'latestVersion'>;

/**
 * A model version as stored (`models/<name>/version-<n>/`): its aliases live on the model, and a
 * deleted version stays with stage `Deleted_Internal`, as MLflow keeps it, so its number is never
 * reused.
 */
export type StoredModelVersion = Omit<ModelVersion, 'aliases' | 'currentStage'> & {
  currentStage: ModelStage | typeof STAGE_DELETED_INTERNAL;
};
