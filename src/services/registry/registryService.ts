/**
 * The model registry, as MlflowClient's verbs: registered models, their versions, tags, aliases
 * and legacy stages. The rules are in domain/registry; the writes in db/registryStore (one
 * transaction each). Runs on the page's thread: every verb is a short IndexedDB transaction.
 */
import type { TrackingClient } from '../../db/trackingClient';
import * as registry from '../../db/registryStore';
import { TrackingError } from '../../domain/errors';
import type { RunId } from '../../domain/ids';
import { runsUri, validateModelName } from '../../domain/registry/registry';
import type { ModelVersion, RegisteredModel } from '../../domain/registry/registry.types';

type Described = { description?: string; tags?: Record<string, string> };

export class RegistryService {
  /** `tracking`: the page's writer, flushed before a version is made so the run's metrics are in step. */
  private readonly tracking: Pick<TrackingClient, 'db' | 'flush' | 'now' | 'userId'>;

  constructor(tracking: Pick<TrackingClient, 'db' | 'flush' | 'now' | 'userId'>) {
    this.tracking = tracking;
  }

  private get db() {
    return this.tracking.db;
  }

  private now(): number {
    return this.tracking.now();
  }

  createRegisteredModel(name: string, options: Described = {}): Promise<RegisteredModel> {
    return registry.createRegisteredModel(this.db, { ...options, name, now: this.now() });
  }

  getRegisteredModel(name: string): Promise<RegisteredModel> {
    return registry.getRegisteredModel(this.db, name);
  }

  /** Filter as MLflow's: `name LIKE '%wine%' AND tags.team = 'ml'`; empty lists them all. */
  searchRegisteredModels(filter = '', options: { orderBy?: 'name' | 'lastUpdated'; maxResults?: number } = {}): Promise<RegisteredModel[]> {
    return registry.searchRegisteredModels(this.db, { ...options, filter });
  }

  updateRegisteredModel(name: string, description: string): Promise<void> {
    return registry.updateRegisteredModel(this.db, { name, description, now: this.now() });
  }

  /** Deletes the registered model, its versions and aliases for good. */
  deleteRegisteredModel(name: string): Promise<void> {
    return registry.deleteRegisteredModel(this.db, { name });
  }

  setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    return registry.setRegisteredModelTag(this.db, { name, key, value, now: this.now() });
  }

  deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    return registry.deleteRegisteredModelTag(this.db, { name, key, now: this.now() });
  }

  /** A new version of an existing registered model from a run's logged model (`runs:/<run id>/model`). */
  async createModelVersion(name: string, source: string, runId?: RunId | null, options: Described = {}): Promise<ModelVersion> {
    await this.tracking.flush(); // the run's artifacts are written at once, but keep its metrics in step too
    return registry.createModelVersion(this.db, { ...options, name, source, runId, userId: this.tracking.userId, now: this.now() });
  }

  /**
   * Registers the model a run logged (`runs:/<runId>/model`) as a new version of `name`, creating
   * the registered model on first use, as mlflow.register_model does. Resolves with the version number.
   */
  async registerModel(runId: RunId, name: string, options: Described = {}): Promise<number> {
    validateModelName(name);
    try {
      await this.createRegisteredModel(name);
    } catch (error) {
      if (!(error instanceof TrackingError && error.code === 'RESOURCE_ALREADY_EXISTS')) throw error;
    }
    return (await this.createModelVersion(name, runsUri(runId), runId, options)).version;
  }

  /** Unknown name or version: TrackingError RESOURCE_DOES_NOT_EXIST naming it. */
  getModelVersion(name: string, version: string | number): Promise<ModelVersion> {
    return registry.getModelVersion(this.db, name, version);
  }

  /** The live registered versions whose source is one of these runs. */
  async listModelVersionsOfRuns(runIds: readonly RunId[]): Promise<ModelVersion[]> {
    const out: ModelVersion[] = [];
    for (const runId of runIds) out.push(...(await registry.listVersionsOfRun(this.db, runId)));
    return out;
  }

  /** Unknown name or alias: TrackingError RESOURCE_DOES_NOT_EXIST naming it. */
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return registry.getModelVersionByAlias(this.db, name, alias);
  }

  /** The newest version, or the newest in `stage` (for `models:/<name>/latest` and `models:/<name>/Production`). */
  getLatestModelVersion(name: string, stage: string | null = null): Promise<ModelVersion> {
    return registry.getLatestModelVersion(this.db, name, stage);
  }

  /** The registered model's versions, newest first. */
  listModelVersions(name: string): Promise<ModelVersion[]> {
    return registry.listModelVersions(this.db, name);
  }

  updateModelVersion(name: string, version: string | number, description: string): Promise<void> {
    return registry.updateModelVersion(this.db, { name, version, description, now: this.now() });
  }

  /** Deletes the version and the aliases pointing at it; its number is not reused. */
  deleteModelVersion(name: string, version: string | number): Promise<void> {
    return registry.deleteModelVersion(this.db, { name, version, now: this.now() });
  }

  setModelVersionTag(name: string, version: string | number, key: string, value: string): Promise<void> {
    return registry.setModelVersionTag(this.db, { name, version, key, value, now: this.now() });
  }

  deleteModelVersionTag(name: string, version: string | number, key: string): Promise<void> {
    return registry.deleteModelVersionTag(this.db, { name, version, key, now: this.now() });
  }

  /** Points `alias` at `version`, moving it from any other version. */
  setRegisteredModelAlias(name: string, alias: string, version: string | number): Promise<void> {
    return registry.setRegisteredModelAlias(this.db, { name, alias, version, now: this.now() });
  }

  /** setRegisteredModelAlias's short name (`trainyard.setAlias('wine', 'champion', 2)`). */
  setAlias(name: string, alias: string, version: string | number): Promise<void> {
    return this.setRegisteredModelAlias(name, alias, version);
  }

  deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    return registry.deleteRegisteredModelAlias(this.db, { name, alias, now: this.now() });
  }

  /** Legacy stages (None, Staging, Production, Archived); aliases are preferred. */
  transitionModelVersionStage(
    name: string,
    version: string | number,
    stage: string,
    options: { archiveExistingVersions?: boolean } = {},
  ): Promise<ModelVersion> {
    return registry.transitionModelVersionStage(this.db, { ...options, name, version, stage, now: this.now() });
  }
}
