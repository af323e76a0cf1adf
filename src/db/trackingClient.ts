/**
 * The tracking client: MLflow's fluent verbs (experiments, runs, params, metrics, tags,
 * artifacts, datasets, search) over the store: how runs are logged. It runs the same in the page
 * and in every worker that logs (training, script). Metric points are buffered and
 * written in batches (metricWriter.ts), so logging never stalls training; params, tags and
 * artifacts are written at once, so their errors (a changed param) belong to the call that caused
 * them. Its runs are heartbeaten (runHeartbeat.ts) and other writers' orphaned runs ended
 * (orphanSweep.ts). The registry, bundles and permanent deletion are page services (src/services).
 *
 * Longer than ~300 lines on purpose: it is MLflow's fluent API as one object, as `mlflow` is one
 * module; each verb is a few lines of validation over a store function.
 */
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
import { MetricWriter, type TrackingErrorListener } from './metricWriter';
import { getMetricHistory, historyToPoints, type MetricHistory } from './metricStore';
import { searchRuns, type SearchRunsResult } from './runQueries';
import * as runs from './runStore';
import type { DatasetRow, TrainyardDB } from './schema';
import { findDataset, getDataset, listDatasets, putDataset, type DatasetInfo } from './datasetStore';
import { RunHeartbeat } from './runHeartbeat';
import { holdWriterLock } from './writerLiveness';
import { OrphanSweep } from './orphanSweep';

import type { CreateRunOptions, EndRunOptions, RunOption, StartRunOptions, TrackingClientOptions } from './trackingClient.types';

export type { CreateRunOptions, EndRunOptions, StartRunOptions, TrackingClientOptions, TrackingErrorListener };

export class TrackingClient {
  readonly db: TrainyardDB;
  readonly writerId = crypto.randomUUID();
  /** Recorded as the runs' and model versions' user. */
  readonly userId: string;
  /** The clock of every time this client writes (injected in tests). */
  readonly now: () => number;
  private readonly ready: Promise<void>;
  private readonly writer: MetricWriter;
  private readonly runStack: RunId[] = [];
  private readonly heartbeat: RunHeartbeat;
  private activeExperimentId: ExperimentId = DEFAULT_EXPERIMENT_ID;
  private readonly orphans: OrphanSweep;

  constructor(options: TrackingClientOptions) {
    this.db = options.db;
    this.userId = options.userId ?? 'local';
    this.now = options.now ?? Date.now;
    this.writer = new MetricWriter({
      db: this.db,
      now: this.now,
      flushIntervalMs: options.flushIntervalMs ?? 200,
      maxBufferedPoints: options.maxBufferedPoints ?? 20_000,
    });
    this.heartbeat = new RunHeartbeat({ db: this.db, writerId: this.writerId, now: this.now, intervalMs: options.heartbeatIntervalMs ?? 5_000 });
    this.ready = holdWriterLock(this.writerId);
    this.orphans = new OrphanSweep({ db: this.db, ownWriterId: this.writerId, now: this.now });
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
    this.heartbeat.add(run.runId);
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
      this.heartbeat.remove(runId);
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
    this.heartbeat.add(runId);
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
    await this.writer.writeQueued();
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
    await this.writer.writeNow({ runId, params: values });
  }

  setTag(key: string, value: string, options: RunOption = {}): Promise<void> {
    return this.setTags({ [key]: value }, options);
  }

  async setTags(tags: Record<string, string>, options: RunOption = {}): Promise<void> {
    const runId = this.requireRun(options);
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(tags)) setOwn(values, validateKey('tag', key), validateTagValue(key, value));
    await this.writer.writeNow({ runId, tags: values });
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
    this.writer.push(runId, key, point);
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
    await this.writer.writeQueued(); // include points logged before this call; write errors stay for flush()
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

  // ---------- writing ----------

  /** Writes everything buffered; rejects with the first error any buffered write met since the last flush. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Called with each buffered write that failed, and its run. */
  onError(listener: TrackingErrorListener): () => void {
    return this.writer.onError(listener);
  }

  /** Ends RUNNING runs whose writer has gone (orphanSweep.ts) and returns their ids. */
  killOrphanedRuns(): Promise<RunId[]> {
    return this.orphans.killOrphanedRuns();
  }

  /** Keeps ending orphaned runs for as long as the page lives; returns a function that stops watching. */
  watchForOrphans(options: { sweepIntervalMs: number; onError: (error: unknown) => void }): () => void {
    return this.orphans.watch(options);
  }

  /** Flushes and stops the timers; the client can't be used afterwards. */
  async close(): Promise<void> {
    await this.flush();
    this.heartbeat.stop();
  }

  private requireRun(options: RunOption): RunId {
    const runId = options.runId ?? this.activeRunId();
    if (!runId) {
      throw new TrackingError('INVALID_STATE', 'No active run: call startRun() first, or pass { runId }.');
    }
    return runId;
  }
}
