/**
 * The tracking client: MLflow's fluent verbs over the store, and the only writer to it. It runs
 * the same in the page and in a Web Worker. Metric points are buffered and written in batches (on
 * a short timer, when the buffer is large, on flush/endRun and when the page hides), so logging
 * never stalls training. Params, tags and artifacts are written at once: they are few, and their
 * errors (a changed param) belong to the call that caused them.
 */
import { liveQuery } from 'dexie';
import { TrackingError } from '../domain/errors';
import { setOwn } from '../domain/records';
import { DEFAULT_EXPERIMENT_ID, type ExperimentId, type RunId } from '../domain/ids';
import { childrenOf, type FileInfo } from '../domain/tracking/artifacts';
import { TERMINAL_STATUSES, type Experiment, type MetricPoint, type ParamValue, type Run, type RunStatus, type ViewType } from '../domain/tracking/types';
import {
  stringifyParam,
  validateKey,
  validateMetricValue,
  validateRunTime,
  validateStep,
  validateTagValue,
  validateTimestamp,
} from '../domain/tracking/validation';
import { toArtifactBlob, type ArtifactContent } from './artifactContent';
import { getArtifact, listAllArtifacts, putArtifact } from './artifactStore';
import * as experiments from './experimentStore';
import { MetricBuffer } from './metricBuffer';
import { getMetricHistory, historyToPoints, type MetricHistory } from './metricStore';
import { searchRuns, type SearchRunsResult } from './runQueries';
import * as runs from './runStore';
import * as purge from './purgeStore';
import * as registry from './registryStore';
import type { ModelVersion, RegisteredModel } from '../domain/registry/registry.types';
import type { DatasetRow, TrainyardDB } from './schema';
import { findDataset, getDataset, listDatasets, putDataset, type DatasetInfo } from './datasetStore';
import { writeBatch, type RunBatch } from './writeBatch';
import { bundleFiles, readBundle, readProgressFraction, writeZip, type BundleLimits, type WriteZipProgress } from '../domain/bundle';
import { BundleImportError } from '../domain/errors';
import { mlflow2Warnings, type Mlflow2Warning } from '../domain/bundle/mlflow2Compatibility';
import { collectBundle, planImport, writeBundle, type BundleSelection, type ConflictChoice, type ImportSummary } from './bundleStore';
import { holdWriterLock, whenWriterGone, writerLivenessSnapshot } from './writerLiveness';

export interface TrackingClientOptions {
  db: TrainyardDB;
  userId?: string;
  flushIntervalMs?: number;
  /** Flush at once when this many points are waiting. */
  maxBufferedPoints?: number;
  heartbeatIntervalMs?: number;
  now?: () => number;
}

export interface StartRunOptions {
  experimentId?: ExperimentId;
  runName?: string;
  /** Nest under the active run, as `mlflow.start_run(nested=True)`. */
  nested?: boolean;
  parentRunId?: RunId;
  tags?: Record<string, string>;
  description?: string;
}

/** MlflowClient.create_run's arguments: startRun's, without nesting, plus the start time. */
export interface CreateRunOptions extends Omit<StartRunOptions, 'nested'> {
  /** When the run started, whole milliseconds since the epoch (MLflow's `start_time`); defaults to now. */
  startTime?: number;
}

interface RunOption {
  runId?: RunId;
}

export interface EndRunOptions extends RunOption {
  /** Written with the status, e.g. a failure's reason. */
  tags?: Record<string, string>;
  /**
   * When the run ended, whole milliseconds since the epoch (MLflow's `set_terminated(end_time=…)`);
   * defaults to now. Unlike MLflow, a time before the run's start is refused: it would make a
   * negative duration.
   */
  endTime?: number;
}

export type TrackingErrorListener = (error: Error, runId: RunId) => void;

/** How long a RUNNING run may go without a heartbeat before it is taken as orphaned, where Web Locks can't tell. */
export const STALE_HEARTBEAT_MS = 30_000;

/** A validated bundle waiting for the user's go-ahead. */
export interface PendingImport {
  notes: string[];
  plan(onConflict: ConflictChoice): Promise<ImportSummary & { notes: string[] }>;
  write(onConflict: ConflictChoice): Promise<ImportSummary & { notes: string[] }>;
}

export interface ExportBundleOptions {
  appVersion?: string;
  onProgress?: (progress: WriteZipProgress) => void;
}

/** An exported bundle and what in it MLflow 2.x would refuse (domain/bundle/mlflow2Compatibility.ts). */
export interface ExportReport {
  blob: Blob;
  warnings: Mlflow2Warning[];
}

/** The app's version, recorded in runs and bundle manifests. */
export const APP_VERSION: string = import.meta.env.VITE_APP_VERSION ?? '0.1.0';

export class TrackingClient {
  readonly db: TrainyardDB;
  readonly writerId = crypto.randomUUID();
  private readonly userId: string;
  private readonly now: () => number;
  private readonly flushIntervalMs: number;
  private readonly maxBufferedPoints: number;
  private readonly heartbeatIntervalMs: number;
  private readonly ready: Promise<void>;
  private readonly buffer = new MetricBuffer();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private failures: Array<{ runId: RunId; error: Error }> = [];
  private readonly errorListeners = new Set<TrackingErrorListener>();
  private readonly runStack: RunId[] = [];
  /** Runs this client created that are still RUNNING: it heartbeats them. */
  private readonly ownRunning = new Set<RunId>();
  private activeExperimentId: ExperimentId = DEFAULT_EXPERIMENT_ID;
  /** Other writers with RUNNING runs whose lock we are queued on, to notice the moment they go. */
  private readonly watchedWriters = new Set<string>();

  constructor(options: TrackingClientOptions) {
    this.db = options.db;
    this.userId = options.userId ?? 'local';
    this.now = options.now ?? Date.now;
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.maxBufferedPoints = options.maxBufferedPoints ?? 20_000;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 5_000;
    this.ready = holdWriterLock(this.writerId);
  }

  // ---------- experiments ----------

  async createExperiment(name: string, options: { tags?: Record<string, string> } = {}): Promise<ExperimentId> {
    const experiment = await experiments.createExperiment(this.db, { name, tags: options.tags, now: this.now() });
    return experiment.experimentId;
  }

  /** Makes the named experiment the active one, creating it when missing (mlflow.set_experiment). */
  async setExperiment(name: string): Promise<Experiment> {
    let experiment = await experiments.findExperimentByName(this.db, name);
    if (experiment?.lifecycleStage === 'deleted') {
      throw new TrackingError('INVALID_STATE', `Experiment "${name}" is in the trash; restore it first.`);
    }
    experiment ??= await experiments.createExperiment(this.db, { name, now: this.now() });
    this.activeExperimentId = experiment.experimentId;
    return experiment;
  }

  getExperiment(experimentId: ExperimentId): Promise<Experiment> {
    return experiments.getExperiment(this.db, experimentId);
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    return (await experiments.findExperimentByName(this.db, name)) ?? null;
  }

  listExperiments(viewType: ViewType = 'ACTIVE_ONLY'): Promise<Experiment[]> {
    return experiments.listExperiments(this.db, viewType);
  }

  renameExperiment(experimentId: ExperimentId, name: string): Promise<void> {
    return experiments.renameExperiment(this.db, { experimentId, name, now: this.now() });
  }

  deleteExperiment(experimentId: ExperimentId): Promise<void> {
    return experiments.deleteExperiment(this.db, { experimentId, now: this.now() });
  }

  restoreExperiment(experimentId: ExperimentId): Promise<void> {
    return experiments.restoreExperiment(this.db, { experimentId, now: this.now() });
  }

  setExperimentTag(experimentId: ExperimentId, key: string, value: string): Promise<void> {
    return experiments.setExperimentTag(this.db, { experimentId, key, value });
  }

  // ---------- runs ----------

  /** Starts a run and makes it the active one (mlflow.start_run). */
  async startRun(options: StartRunOptions = {}): Promise<Run> {
    const active = this.activeRunId();
    if (active && !options.nested && !options.parentRunId) {
      throw new TrackingError(
        'INVALID_STATE',
        `Run ${active} is already active. End it with endRun(), or start a nested run with { nested: true }.`,
      );
    }
    const parentRunId = options.parentRunId ?? (options.nested ? active : null);
    const run = await this.createRun({ ...options, parentRunId: parentRunId ?? undefined });
    this.runStack.push(run.runId);
    return run;
  }

  /**
   * Creates a RUNNING run without making it active (MlflowClient.create_run). `startTime` may be in
   * the past (a run logged after the fact); the heartbeat still starts now, so the run is not
   * taken for an orphan.
   */
  async createRun(options: CreateRunOptions = {}): Promise<Run> {
    // null is Python's None here: "not given".
    const startTime = options.startTime === undefined || options.startTime === null ? null : validateRunTime('startTime', options.startTime);
    await this.ready;
    const tags = { ...options.tags };
    if (options.description !== undefined) tags[runs.TAG_NOTE] = options.description; // a fixed key, not user text
    const now = this.now();
    const run = await runs.createRun(this.db, {
      experimentId: options.experimentId ?? this.activeExperimentId,
      runName: options.runName,
      parentRunId: options.parentRunId ?? null,
      tags,
      userId: this.userId,
      writerId: this.writerId,
      startTime: startTime ?? now,
      now,
    });
    this.ownRunning.add(run.runId);
    this.startHeartbeat();
    return run;
  }

  /** The experiment new runs go to (setExperiment changes it; "Default" until then). */
  getActiveExperimentId(): ExperimentId {
    return this.activeExperimentId;
  }

  activeRunId(): RunId | null {
    return this.runStack[this.runStack.length - 1] ?? null;
  }

  /**
   * Ends the active run (or `runId`): writes what is buffered, then sets status and end time
   * (`endTime`, default now), with `tags` (e.g. a failure's reason) in the same write. The
   * arguments are checked first: a bad one changes nothing. The status is set even when writing
   * the buffer fails; that error is then rethrown.
   */
  async endRun(status: RunStatus = 'FINISHED', options: EndRunOptions = {}): Promise<void> {
    const runId = options.runId ?? this.activeRunId();
    if (!runId) throw new TrackingError('INVALID_STATE', 'There is no active run to end.');
    if (!TERMINAL_STATUSES.includes(status)) {
      throw new TrackingError('INVALID_PARAMETER_VALUE', `endRun needs FINISHED, FAILED or KILLED, not "${status}".`);
    }
    const tags: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.tags ?? {})) setOwn(tags, validateKey('tag', key), validateTagValue(key, value));
    const endTime = options.endTime === undefined || options.endTime === null ? null : validateRunTime('endTime', options.endTime);
    if (endTime !== null) {
      const { startTime } = await runs.getRunRow(this.db, runId);
      if (endTime < startTime) {
        throw new TrackingError(
          'INVALID_PARAMETER_VALUE',
          `Invalid endTime ${endTime}: it is before the run's start time (${startTime}); a run can't end before it starts.`,
        );
      }
    }
    const index = this.runStack.lastIndexOf(runId);
    if (index !== -1) this.runStack.splice(index, 1);
    try {
      await this.flush();
    } finally {
      this.ownRunning.delete(runId);
      if (this.ownRunning.size === 0) this.stopHeartbeat();
      await runs.updateRun(this.db, { runId, status, endTime: endTime ?? this.now(), tags });
    }
  }

  /**
   * Resumes an ended run as RUNNING, written (and heartbeaten) by this client, as
   * `mlflow.start_run(run_id=…)` does; not made the active run. Used to resume a search after a reload.
   */
  async reopenRun(runId: RunId): Promise<void> {
    await this.ready;
    await runs.reopenRun(this.db, { runId, writerId: this.writerId, now: this.now() });
    this.ownRunning.add(runId);
    this.startHeartbeat();
  }

  async getRun(runId: RunId): Promise<Run> {
    return runs.toRun(await runs.getRunRow(this.db, runId));
  }

  setRunName(runId: RunId, runName: string): Promise<void> {
    return runs.updateRun(this.db, { runId, runName });
  }

  deleteRun(runId: RunId): Promise<void> {
    return runs.setRunLifecycle(this.db, { runId, deleted: true, now: this.now() });
  }

  restoreRun(runId: RunId): Promise<void> {
    return runs.setRunLifecycle(this.db, { runId, deleted: false });
  }

  // ---------- permanent deletion (mlflow gc) ----------

  /**
   * Deletes a run in the trash for good: its params, tags, metric histories and artifacts, in one
   * transaction. A run not in the trash, or still RUNNING, is refused with a TrackingError.
   */
  purgeRun(runId: RunId): Promise<void> {
    return purge.purgeRun(this.db, { runId });
  }

  /** Deletes an experiment in the trash and all its runs for good; refused while any run is RUNNING. Resolves with the runs purged. */
  purgeExperiment(experimentId: ExperimentId): Promise<RunId[]> {
    return purge.purgeExperiment(this.db, { experimentId });
  }

  /** Purges everything in the trash except what holds a RUNNING run (named in `skipped`). */
  emptyTrash(): Promise<purge.EmptyTrashResult> {
    return purge.emptyTrash(this.db);
  }

  /** Deletes an imported dataset's stored file (runs that used it keep its name and sha256). */
  deleteDataset(datasetId: string): Promise<void> {
    return purge.deleteDataset(this.db, { datasetId });
  }

  /** Searches runs with MLflow's filter grammar plus OR and parentheses. */
  async searchRuns(
    filter = '',
    options: {
      experimentIds?: ExperimentId[];
      orderBy?: string[];
      maxResults?: number;
      pageToken?: string | null;
      viewType?: ViewType;
    } = {},
  ): Promise<SearchRunsResult> {
    await this.writeQueued();
    return searchRuns(this.db, {
      ...options,
      filter,
      experimentIds: options.experimentIds ?? [this.activeExperimentId],
    });
  }

  // ---------- params and tags ----------

  logParam(key: string, value: ParamValue, options: RunOption = {}): Promise<void> {
    return this.logParams({ [key]: value }, options);
  }

  async logParams(params: Record<string, ParamValue>, options: RunOption = {}): Promise<void> {
    const runId = this.requireRun(options);
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(params)) setOwn(values, validateKey('param', key), stringifyParam(key, value));
    await this.writeNow({ runId, params: values });
  }

  setTag(key: string, value: string, options: RunOption = {}): Promise<void> {
    return this.setTags({ [key]: value }, options);
  }

  async setTags(tags: Record<string, string>, options: RunOption = {}): Promise<void> {
    const runId = this.requireRun(options);
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(tags)) setOwn(values, validateKey('tag', key), validateTagValue(key, value));
    await this.writeNow({ runId, tags: values });
  }

  deleteTag(key: string, options: RunOption = {}): Promise<void> {
    return runs.deleteTag(this.db, { runId: this.requireRun(options), key });
  }

  // ---------- metrics ----------

  /** Buffers one point; validation errors throw here, at the call that caused them. */
  logMetric(key: string, value: number, options: RunOption & { step?: number; timestamp?: number } = {}): void {
    const runId = this.requireRun(options);
    validateKey('metric', key);
    const point = {
      value: validateMetricValue(key, value),
      step: options.step === undefined ? 0 : validateStep(key, options.step),
      timestamp: options.timestamp === undefined ? this.now() : validateTimestamp(key, options.timestamp),
    };
    this.buffer.push(runId, key, point);
    this.scheduleFlush();
  }

  logMetrics(metrics: Record<string, number>, options: RunOption & { step?: number; timestamp?: number } = {}): void {
    const timestamp = options.timestamp ?? this.now();
    for (const [key, value] of Object.entries(metrics)) this.logMetric(key, value, { ...options, timestamp });
  }

  async getMetricHistory(runId: RunId, key: string): Promise<MetricPoint[]> {
    return historyToPoints(key, await this.getMetricColumns(runId, key));
  }

  /** The same history as typed-array columns: what charts and large reads should use. */
  async getMetricColumns(runId: RunId, key: string): Promise<MetricHistory> {
    await this.writeQueued(); // include points logged before this call; write errors stay for flush()
    return getMetricHistory(this.db, { runId, key });
  }

  // ---------- artifacts ----------

  /** Stores a file under the run's artifact root; a File's own name is the default path. */
  async logArtifact(content: ArtifactContent, path?: string, options: RunOption = {}): Promise<void> {
    const runId = this.requireRun(options);
    const artifactPath = path ?? (content instanceof File ? content.name : undefined);
    if (!artifactPath) throw new TrackingError('INVALID_PARAMETER_VALUE', 'logArtifact needs a path for this content.');
    await putArtifact(this.db, { runId, path: artifactPath, blob: await toArtifactBlob(artifactPath, content), now: this.now() });
  }

  logText(text: string, path: string, options: RunOption = {}): Promise<void> {
    return this.logArtifact(text, path, options);
  }

  logDict(value: Record<string, unknown> | unknown[], path: string, options: RunOption = {}): Promise<void> {
    return this.logArtifact(value, path, options);
  }

  logImage(image: ArtifactContent, path: string, options: RunOption = {}): Promise<void> {
    return this.logArtifact(image, path, options);
  }

  async listArtifacts(runId: RunId, path = ''): Promise<FileInfo[]> {
    return childrenOf(await listAllArtifacts(this.db, runId), path);
  }

  async downloadArtifact(runId: RunId, path: string): Promise<Blob> {
    return (await getArtifact(this.db, { runId, path })).blob;
  }

  // ---------- datasets ----------

  /** Keeps a dataset file for training (imports and downloaded built-ins go through here). */
  saveDataset(row: DatasetRow): Promise<void> {
    return putDataset(this.db, row);
  }

  getDataset(datasetId: string): Promise<DatasetRow> {
    return getDataset(this.db, datasetId);
  }

  findDataset(datasetId: string): Promise<DatasetRow | null> {
    return findDataset(this.db, datasetId);
  }

  listDatasets(): Promise<DatasetInfo[]> {
    return listDatasets(this.db);
  }

  // ---------- model registry (MlflowClient's verbs; rules in domain/registry, writes in registryStore) ----------

  createRegisteredModel(name: string, options: { description?: string; tags?: Record<string, string> } = {}): Promise<RegisteredModel> {
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
  async createModelVersion(
    name: string,
    source: string,
    runId?: RunId | null,
    options: { description?: string; tags?: Record<string, string> } = {},
  ): Promise<ModelVersion> {
    await this.flush(); // the run's artifacts are written at once, but keep its metrics in step too
    return registry.createModelVersion(this.db, { ...options, name, source, runId, userId: this.userId, now: this.now() });
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

  // ---------- bundles ----------

  /**
   * The selected runs, experiments or everything as one zip in MLflow's `mlruns/` layout with a
   * manifest (domain/bundle). Buffered metrics are written first, so the bundle has every point.
   */
  async exportBundle(selection: BundleSelection, options: ExportBundleOptions = {}): Promise<Blob> {
    return (await this.exportBundleWithReport(selection, options)).blob;
  }

  /**
   * exportBundle, with what in the bundle MLflow 2.x would refuse (keys with ':', values over its
   * limits: runs imported from MLflow 3.x may hold them). The bundle holds exactly what was
   * logged either way; `warnings` is [] when MLflow 2.x reads all of it.
   */
  async exportBundleWithReport(selection: BundleSelection, options: ExportBundleOptions = {}): Promise<ExportReport> {
    await this.flush();
    const content = await collectBundle(this.db, selection);
    const files = await bundleFiles(content, { appVersion: options.appVersion ?? APP_VERSION, exportedAt: this.now() });
    const warnings = mlflow2Warnings(content);
    const parts = await writeZip(files, { onProgress: options.onProgress, mtime: this.now() });
    return { blob: new Blob(parts as Uint8Array<ArrayBuffer>[], { type: 'application/zip' }), warnings };
  }

  /**
   * Reads and validates a bundle (a Trainyard export or a zip of an MLflow `mlruns` directory),
   * then writes it in one transaction. Rejects with a BundleImportError listing every problem, and
   * writes nothing, when anything is wrong. `dryRun` only says what would happen.
   */
  async importBundle(
    input: Blob | ArrayBuffer | Uint8Array,
    options: { onConflict?: ConflictChoice; dryRun?: boolean; limits?: Partial<BundleLimits> } = {},
  ): Promise<ImportSummary & { notes: string[] }> {
    const pending = await this.openBundle(input, options);
    const onConflict = options.onConflict ?? 'skip';
    return options.dryRun ? pending.plan(onConflict) : pending.write(onConflict);
  }

  /**
   * Reads and validates a bundle once, for a page that shows what an import would do before the
   * user confirms: `plan` says it (reads only), `write` does it in one transaction.
   */
  async openBundle(
    input: Blob | ArrayBuffer | Uint8Array,
    options: { limits?: Partial<BundleLimits>; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<PendingImport> {
    // A Blob (a File) is read by slices, never whole; progress is per mille over reading the zip and building runs.
    const source = input instanceof Blob || input instanceof Uint8Array ? input : new Uint8Array(input);
    const report = options.onProgress;
    const read = await readBundle(source, options.limits, {
      onProgress: report ? (p) => report(Math.round(1000 * readProgressFraction(p)), 1000) : undefined,
    });
    if (!read.ok) throw new BundleImportError(read.errors);
    const { content, notes } = read;
    return {
      notes,
      plan: async (onConflict) => ({ ...(await planImport(this.db, content, onConflict)), notes }),
      write: async (onConflict) => ({ ...(await writeBundle(this.db, content, onConflict)), notes }),
    };
  }

  // ---------- writing ----------

  /** Writes everything buffered; rejects with the first error any buffered write met since the last flush. */
  async flush(): Promise<void> {
    await this.writeQueued();
    const [first] = this.failures;
    this.failures = [];
    if (first) throw first.error;
  }

  /** Chains one write of the buffer after the ones in flight; failures are queued, never thrown. */
  private writeQueued(): Promise<void> {
    this.clearFlushTimer();
    // writeBuffered never rejects, so one failed write can't wedge the chain for later ones.
    this.flushing = this.flushing.then(() => this.writeBuffered());
    return this.flushing;
  }

  onError(listener: TrackingErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /**
   * Ends RUNNING runs whose writer has gone (see writerLiveness.ts) and returns their ids. Writers
   * still alive are watched, so their runs are ended as soon as they go, not at the next sweep.
   */
  async killOrphanedRuns(): Promise<RunId[]> {
    const isWriterAlive = await writerLivenessSnapshot();
    const alive = (writerId: string) => (writerId === this.writerId ? true : isWriterAlive(writerId));
    const killed = await runs.killOrphanedRuns(this.db, {
      isWriterAlive: alive,
      now: this.now(),
      staleAfterMs: STALE_HEARTBEAT_MS,
    });
    const running = await this.db.runs.where('status').equals('RUNNING').toArray();
    for (const { writerId } of running) {
      if (!writerId || writerId === this.writerId || this.watchedWriters.has(writerId) || !alive(writerId)) continue;
      this.watchedWriters.add(writerId);
      void whenWriterGone(writerId)
        .then(() => {
          this.watchedWriters.delete(writerId);
          return this.killOrphanedRuns();
        })
        .catch((error: unknown) => console.error('Could not end the runs of a closed writer:', error));
    }
    return killed;
  }

  /**
   * Keeps ending orphaned runs for as long as the page lives: whenever the set of RUNNING runs
   * changes (a new run elsewhere gets watched), and on a slow timer for writers without Web Locks.
   * Returns a function that stops watching.
   */
  watchForOrphans(options: { sweepIntervalMs: number; onError: (error: unknown) => void }): () => void {
    const sweep = () => void this.killOrphanedRuns().catch(options.onError);
    const running = liveQuery(() => this.db.runs.where('status').equals('RUNNING').primaryKeys());
    let last = '';
    const subscription = running.subscribe({
      next: (ids) => {
        const key = [...ids].sort().join(',');
        if (key !== last) sweep();
        last = key;
      },
      error: options.onError,
    });
    const timer = setInterval(sweep, options.sweepIntervalMs);
    return () => {
      subscription.unsubscribe();
      clearInterval(timer);
    };
  }

  /** Flushes and stops the timers; the client can't be used afterwards. */
  async close(): Promise<void> {
    await this.flush();
    this.stopHeartbeat();
  }

  private requireRun(options: RunOption): RunId {
    const runId = options.runId ?? this.activeRunId();
    if (!runId) {
      throw new TrackingError('INVALID_STATE', 'No active run: call startRun() first, or pass { runId }.');
    }
    return runId;
  }

  private async writeNow(batch: RunBatch): Promise<void> {
    const [failure] = await writeBatch(this.db, [batch], this.now());
    if (failure) throw failure.error;
  }

  private async writeBuffered(): Promise<void> {
    if (this.buffer.size === 0) return;
    const batches = this.buffer.take();
    let failures;
    try {
      failures = await writeBatch(this.db, batches, this.now());
    } catch (error) {
      // The whole transaction failed (storage full, database closed): every run in it failed.
      const cause = error instanceof Error ? error : new Error(String(error));
      failures = batches.map((b) => ({ runId: b.runId, error: cause }));
    }
    for (const failure of failures) {
      this.failures.push(failure);
      for (const listener of this.errorListeners) {
        try {
          listener(failure.error, failure.runId);
        } catch (listenerError) {
          // A broken listener must not stop writes or hide the run's error: report it and go on.
          console.error('A tracking onError listener threw:', listenerError);
        }
      }
    }
  }

  private scheduleFlush(): void {
    if (this.buffer.size >= this.maxBufferedPoints) {
      void this.writeQueued();
      return;
    }
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      void this.writeQueued();
    }, this.flushIntervalMs);
  }

  private clearFlushTimer(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private startHeartbeat(): void {
    this.heartbeatTimer ??= setInterval(() => {
      void runs.recordHeartbeat(this.db, { runIds: [...this.ownRunning], writerId: this.writerId, now: this.now() });
    }, this.heartbeatIntervalMs);
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }
}
