/**
 * The fake MLflow server's memory: experiments, runs (params, tags, metric histories), artifact
 * bytes and the model registry, with the write rules a SQL-backed MLflow 3.5 applies (see
 * fakeMlflowServer.ts for the list and the recordings each comes from). Every rule that refuses a
 * write throws an MlflowApiError carrying the status and error_code the real server answers with.
 */
import { randomUUID } from 'node:crypto';
import { MLFLOW_DBL_MAX } from '../../domain/mlflowRest/values';

/** A refusal as MLflow's REST layer sends it: `{"error_code", "message"}` with this status. */
export class MlflowApiError extends Error {
  readonly status: number;
  readonly errorCode: string;
  constructor(status: number, errorCode: string, message: string) {
    super(message);
    this.name = 'MlflowApiError';
    this.status = status;
    this.errorCode = errorCode;
  }
}

export const invalid = (message: string): MlflowApiError => new MlflowApiError(400, 'INVALID_PARAMETER_VALUE', message);
export const notFound = (message: string): MlflowApiError => new MlflowApiError(404, 'RESOURCE_DOES_NOT_EXIST', message);

export type LifecycleStage = 'active' | 'deleted';
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

export interface FakeExperiment {
  readonly experimentId: string;
  name: string;
  readonly artifactLocation: string;
  lifecycleStage: LifecycleStage;
  readonly creationTime: number;
  lastUpdateTime: number;
  readonly tags: Map<string, string>;
  /** The basic-auth user who created it (who may then write to it), or null without auth. */
  readonly createdBy: string | null;
}

/** One stored point. `value` is what the SQL store keeps: NaN, or a finite double (±Infinity became ±DBL_MAX). */
export interface FakeMetricPoint {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
}

export interface FakeRun {
  readonly runId: string;
  readonly experimentId: string;
  runName: string;
  readonly userId: string;
  status: RunStatus;
  readonly startTime: number;
  endTime: number | null;
  lifecycleStage: LifecycleStage;
  readonly params: Map<string, string>;
  readonly tags: Map<string, string>;
  /** Histories by key, in logging order (exact duplicates dropped, as the SQL primary key does). */
  readonly metrics: Map<string, FakeMetricPoint[]>;
  /** MLflow's latest value per key: highest step, then timestamp, then value. */
  readonly latest: Map<string, FakeMetricPoint>;
  readonly seen: Set<string>;
}

export interface FakeModelVersion {
  readonly name: string;
  readonly version: string;
  readonly creationTimestamp: number;
  lastUpdatedTimestamp: number;
  currentStage: string;
  description: string;
  readonly source: string;
  readonly runId: string;
  readonly tags: Map<string, string>;
}

export interface FakeRegisteredModel {
  readonly name: string;
  readonly creationTimestamp: number;
  lastUpdatedTimestamp: number;
  description: string | null;
  readonly tags: Map<string, string>;
  readonly aliases: Map<string, string>;
  readonly versions: FakeModelVersion[];
  readonly createdBy: string | null;
}

export interface FakeUser {
  readonly id: number;
  readonly username: string;
  password: string;
  readonly isAdmin: boolean;
  readonly canWrite: boolean;
}

/** MLflow's limits on a param value (characters as Python counts them: code points) and on keys. */
export const PARAM_VALUE_MAX = 6000;
export const KEY_MAX = 250;

export interface IncomingMetric {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
}

const ADJECTIVES = ['masked', 'bold', 'calm', 'silent', 'rogue', 'gentle', 'brave', 'shy'];
const ANIMALS = ['chimp', 'owl', 'moose', 'gnu', 'finch', 'lynx', 'crab', 'hare'];

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

/** A random run name as MLflow makes one when none is given (`masked-chimp-168`). */
export function randomRunName(): string {
  return `${pick(ADJECTIVES)}-${pick(ANIMALS)}-${Math.floor(Math.random() * 1000)}`;
}

function pointId(point: IncomingMetric): string {
  return `${point.key}\u0000${point.timestamp}\u0000${point.step}\u0000${Number.isNaN(point.value) ? 'nan' : point.value}`;
}

/** SQL sorts NaN as the 0 it stores in the value column (with is_nan set). */
const sortable = (value: number): number => (Number.isNaN(value) ? 0 : value);

function isNewer(candidate: FakeMetricPoint, current: FakeMetricPoint): boolean {
  if (candidate.step !== current.step) return candidate.step > current.step;
  if (candidate.timestamp !== current.timestamp) return candidate.timestamp > current.timestamp;
  return sortable(candidate.value) >= sortable(current.value);
}

function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

export class FakeMlflowState {
  readonly experiments = new Map<string, FakeExperiment>();
  readonly runs = new Map<string, FakeRun>();
  /** Artifact bytes by their path under the artifacts destination: `<exp>/<run>/artifacts/<path>`. */
  readonly artifacts = new Map<string, Buffer>();
  readonly registeredModels = new Map<string, FakeRegisteredModel>();
  readonly users = new Map<string, FakeUser>();
  private nextExperimentId = 1;
  readonly options: { readonly dedupMetrics: boolean };

  constructor(options: { readonly dedupMetrics: boolean }) {
    this.options = options;
    const now = Date.now();
    this.experiments.set('0', {
      experimentId: '0',
      name: 'Default',
      artifactLocation: 'mlflow-artifacts:/0',
      lifecycleStage: 'active',
      creationTime: now,
      lastUpdateTime: now,
      tags: new Map(),
      createdBy: null,
    });
  }


  createExperiment(input: { name: string; tags: ReadonlyArray<readonly [string, string]>; artifactLocation?: string; createdBy: string | null }): FakeExperiment {
    if (input.name === '') throw invalid("Invalid experiment name: ''");
    for (const existing of this.experiments.values()) {
      if (existing.name === input.name) {
        throw new MlflowApiError(400, 'RESOURCE_ALREADY_EXISTS', `Experiment(name=${input.name}) already exists. Error: (sqlite3.IntegrityError) UNIQUE constraint failed: experiments.name`);
      }
    }
    const experimentId = String(this.nextExperimentId++);
    const now = Date.now();
    const experiment: FakeExperiment = {
      experimentId,
      name: input.name,
      artifactLocation: input.artifactLocation ?? `mlflow-artifacts:/${experimentId}`,
      lifecycleStage: 'active',
      creationTime: now,
      lastUpdateTime: now,
      tags: new Map(input.tags),
      createdBy: input.createdBy,
    };
    this.experiments.set(experimentId, experiment);
    return experiment;
  }

  getExperiment(experimentId: string): FakeExperiment {
    const experiment = this.experiments.get(experimentId);
    if (!experiment) throw notFound(`No Experiment with id=${experimentId} exists`);
    return experiment;
  }

  getExperimentByName(name: string): FakeExperiment {
    for (const experiment of this.experiments.values()) if (experiment.name === name) return experiment;
    throw notFound(`Could not find experiment with name '${name}'`);
  }


  createRun(input: { experimentId: string; runName?: string; startTime?: number; userId?: string; tags: ReadonlyArray<readonly [string, string]> }): FakeRun {
    if (input.experimentId === '') {
      // What the SQL store does with experiment id "": the foreign key fails (rest-3.5/59).
      throw new MlflowApiError(400, 'BAD_REQUEST', '(sqlite3.IntegrityError) FOREIGN KEY constraint failed\n[SQL: INSERT INTO runs (...)]');
    }
    const experiment = this.getExperiment(input.experimentId);
    if (experiment.lifecycleStage !== 'active') {
      throw invalid(`The experiment ${experiment.experimentId} must be in the 'active' state. Current state is ${experiment.lifecycleStage}.`);
    }
    const runId = randomUUID().replace(/-/g, '');
    const tags = new Map(input.tags);
    const runName = input.runName || tags.get('mlflow.runName') || randomRunName();
    tags.set('mlflow.runName', runName);
    const run: FakeRun = {
      runId,
      experimentId: experiment.experimentId,
      runName,
      userId: input.userId ?? '',
      status: 'RUNNING',
      startTime: input.startTime ?? Date.now(),
      endTime: null,
      lifecycleStage: 'active',
      params: new Map(),
      tags,
      metrics: new Map(),
      latest: new Map(),
      seen: new Set(),
    };
    this.runs.set(runId, run);
    return run;
  }

  getRun(runId: string): FakeRun {
    const run = this.runs.get(runId);
    if (!run) throw notFound(`Run with id=${runId} not found`);
    return run;
  }

  /** A run a write may touch: it exists and is not deleted. */
  activeRun(runId: string): FakeRun {
    const run = this.getRun(runId);
    if (run.lifecycleStage !== 'active') {
      throw invalid(`The run ${runId} must be in the 'active' state. Current state is ${run.lifecycleStage}.`);
    }
    return run;
  }

  updateRun(runId: string, update: { status?: RunStatus; endTime?: number; runName?: string }): FakeRun {
    const run = this.activeRun(runId);
    if (update.status) run.status = update.status;
    if (update.endTime !== undefined) run.endTime = update.endTime;
    if (update.runName) {
      run.runName = update.runName;
      run.tags.set('mlflow.runName', update.runName);
    }
    return run;
  }

  setLifecycle(runId: string, stage: LifecycleStage): void {
    this.getRun(runId).lifecycleStage = stage;
  }

  /**
   * One log-batch, after the request's limits were checked: params first (a changed value refuses
   * the whole batch before anything is written), then metrics, then tags, as the SQL store does.
   */
  logBatch(runId: string, batch: { metrics: readonly IncomingMetric[]; params: ReadonlyArray<readonly [string, string]>; tags: ReadonlyArray<readonly [string, string]> }): void {
    const run = this.activeRun(runId);
    const keys = batch.params.map(([key]) => key);
    // Any key given twice, even with the same value, as MLflow's _validate_param_keys_unique refuses it.
    const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
    if (repeated.length > 0) {
      const listed = repeated.map((key) => `'${key}'`).join(', ');
      throw invalid(`Duplicate parameter keys have been submitted: [${listed}]. Please ensure the request contains only one param value per param key.`);
    }
    const params = batch.params.map(([key, value]) => [key, truncateParam(value)] as const);
    const changed = params.filter(([key, value]) => run.params.has(key) && run.params.get(key) !== value);
    if (changed.length > 0) {
      const listed = changed.map(([key, value]) => `{'key': '${key}', 'old_value': '${run.params.get(key) ?? ''}', 'new_value': '${value}'}`).join(', ');
      throw invalid(`Changing param values is not allowed. Params were already logged='[${listed}]' for run ID='${runId}'.`);
    }
    for (const [key, value] of params) run.params.set(key, value);
    for (const metric of batch.metrics) this.addPoint(run, metric);
    for (const [key, value] of batch.tags) this.setTag(run, key, value);
  }

  setTag(run: FakeRun, key: string, value: string): void {
    run.tags.set(key, value);
    if (key === 'mlflow.runName') run.runName = value;
  }

  private addPoint(run: FakeRun, metric: IncomingMetric): void {
    const value = Number.isNaN(metric.value) ? Number.NaN : Math.max(-MLFLOW_DBL_MAX, Math.min(MLFLOW_DBL_MAX, metric.value));
    const point: FakeMetricPoint = { key: metric.key, value, timestamp: metric.timestamp, step: metric.step };
    if (this.options.dedupMetrics) {
      const id = pointId(point);
      if (run.seen.has(id)) return;
      run.seen.add(id);
    }
    let history = run.metrics.get(point.key);
    if (!history) {
      history = [];
      run.metrics.set(point.key, history);
    }
    history.push(point);
    const latest = run.latest.get(point.key);
    if (!latest || isNewer(point, latest)) run.latest.set(point.key, point);
  }

  history(runId: string, key: string): readonly FakeMetricPoint[] {
    return this.getRun(runId).metrics.get(key) ?? [];
  }


  createRegisteredModel(input: { name: string; description?: string; tags: ReadonlyArray<readonly [string, string]>; createdBy: string | null }): FakeRegisteredModel {
    if (input.name === '') throw invalid('Registered model name cannot be empty.');
    if (this.registeredModels.has(input.name)) {
      throw new MlflowApiError(400, 'RESOURCE_ALREADY_EXISTS', `Registered Model (name=${input.name}) already exists.`);
    }
    const now = Date.now();
    const model: FakeRegisteredModel = {
      name: input.name,
      creationTimestamp: now,
      lastUpdatedTimestamp: now,
      description: input.description ?? null,
      tags: new Map(input.tags),
      aliases: new Map(),
      versions: [],
      createdBy: input.createdBy,
    };
    this.registeredModels.set(input.name, model);
    return model;
  }

  getRegisteredModel(name: string): FakeRegisteredModel {
    const model = this.registeredModels.get(name);
    if (!model) throw notFound(`Registered Model with name=${name} not found`);
    return model;
  }

  createModelVersion(input: { name: string; source: string; runId: string; description?: string; tags: ReadonlyArray<readonly [string, string]> }): FakeModelVersion {
    const model = this.getRegisteredModel(input.name);
    const now = Date.now();
    const version: FakeModelVersion = {
      name: model.name,
      version: String(model.versions.length + 1),
      creationTimestamp: now,
      lastUpdatedTimestamp: now,
      currentStage: 'None',
      description: input.description ?? '',
      source: input.source,
      runId: input.runId,
      tags: new Map(input.tags),
    };
    model.versions.push(version);
    model.lastUpdatedTimestamp = now;
    return version;
  }

  getModelVersion(name: string, version: string): FakeModelVersion {
    const found = this.getRegisteredModel(name).versions.find((candidate) => candidate.version === version);
    if (!found) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
    return found;
  }

  setAlias(name: string, alias: string, version: string): void {
    if (alias === 'latest' || /^v\d+$/i.test(alias)) throw invalid(`'${alias}' alias name (case insensitive) is reserved.`);
    this.getModelVersion(name, version);
    this.getRegisteredModel(name).aliases.set(alias, version);
  }

  versionByAlias(name: string, alias: string): FakeModelVersion {
    const version = this.getRegisteredModel(name).aliases.get(alias);
    // Recorded as a 400, not a 404 (rest-3.5/51).
    if (version === undefined) throw invalid(`Registered model alias ${alias} not found.`);
    return this.getModelVersion(name, version);
  }

  deleteAlias(name: string, alias: string): void {
    this.getRegisteredModel(name).aliases.delete(alias);
  }


  /** The artifacts under `folder` (a path under the destination), one level deep, sorted by name. */
  listArtifacts(folder: string): Array<{ name: string; isDir: boolean; size: number }> {
    const prefix = folder === '' ? '' : `${folder.replace(/\/+$/, '')}/`;
    const entries = new Map<string, { name: string; isDir: boolean; size: number }>();
    for (const [path, bytes] of this.artifacts) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      const name = slash === -1 ? rest : rest.slice(0, slash);
      if (!entries.has(name)) entries.set(name, { name, isDir: slash !== -1, size: slash === -1 ? bytes.length : 0 });
    }
    return [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** A param value over the limit is cut to 6,000 code points without a word (rest-3.5/18 and 22). */
export function truncateParam(value: string): string {
  if (value.length <= PARAM_VALUE_MAX || codePointLength(value) <= PARAM_VALUE_MAX) return value;
  return Array.from(value).slice(0, PARAM_VALUE_MAX).join('');
}
