/**
 * The IndexedDB schema. Every version is declared here and never edited once shipped: a change in
 * shape adds `this.version(n + 1)` with an `upgrade`, and a test that opens a fixture of version n.
 *
 * Metric histories are stored as chunks of up to METRIC_CHUNK_SIZE points per (run, key), as
 * typed arrays, so that appending hundreds of thousands of points and reading a whole history
 * touch a few rows rather than one row per point.
 */
import Dexie, { type Table } from 'dexie';
import type { ExperimentId, RunId } from '../domain/ids';
import { DEFAULT_EXPERIMENT_ID } from '../domain/ids';
import type { Experiment, Run } from '../domain/tracking/types';

/**
 * One run's sync with one tracking server (services/mlflowServer): its server run id, and its
 * state — `queued` rows are the outbox, drained oldest first.
 */
export interface SyncRunRow {
  serverId: string;
  runId: RunId;
  state: 'queued' | 'pushing' | 'synced' | 'error';
  serverRunId: string | null;
  error: string | null;
  queuedAt: number;
  updatedAt: number;
  attempts: number;
  nextAttemptAt: number;
  /** What the run was like when it was last pushed (runFingerprint); a mirrored run that changed since is queued again. */
  fingerprint?: string | null;
}
import type { StoredModelVersion, StoredRegisteredModel } from '../domain/registry/registry.types';

export const DB_NAME = 'trainyard';
/** How long an upgrade in another tab waits for this connection's listeners (a run ending) before it closes anyway. */
export const VERSION_CHANGE_GRACE_MS = 10_000;

/** Told that another connection upgrades or deletes the database; may return a promise of work to finish first. */
export type VersionChangeListener = () => void | Promise<unknown>;
export const METRIC_CHUNK_SIZE = 4096;

export interface RunRow extends Run {
  /** The tracking client writing this run; its Web Lock is held while it lives. */
  writerId: string | null;
  /** Last sign of life from the writer while RUNNING (ms); null once the run ended. */
  heartbeatAt: number | null;
  /** Set when the run went to the trash with its experiment, so restoring the experiment restores it. */
  deletedWithExperiment?: boolean;
  /**
   * Set on runs that came in a bundle: no writer of this browser started them, so a RUNNING one
   * is running elsewhere (or was, when exported) and the orphan sweep leaves it alone. Resuming
   * the run here (reopenRun) clears it. Not indexed.
   */
  imported?: true;
}

export interface MetricChunkRow {
  runId: RunId;
  key: string;
  /** 0, 1, 2… in append order; only the last chunk of a series is ever rewritten. */
  seq: number;
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;
}

/**
 * A dataset the user imported or the app downloaded, kept as the original file so training can
 * parse it again in a worker and its sha256 proves which bytes a run used.
 */
export interface DatasetRow {
  /** `builtin:wine-red` for downloaded built-ins, `ds-<uuid>` for imports. */
  datasetId: string;
  name: string;
  kind: 'tabular' | 'text';
  fileName: string;
  source: 'download' | 'import';
  url: string | null;
  sha256: string;
  size: number;
  createdTime: number;
  blob: Blob;
  /** What parsing found, for lists and forms: row count, columns or labels. */
  summary: { rows: number; columns?: string[]; labels?: number };
  /** Text datasets: the columns the import was told to use, so training parses the file the same way. */
  textColumns?: { text?: string; label?: string; split?: string };
}

export interface ArtifactRow {
  runId: RunId;
  /** Relative POSIX path under the run's artifact root, e.g. `model/model.json`. */
  path: string;
  blob: Blob;
  size: number;
  type: string;
  modifiedTime: number;
}

/** A registered model (MLflow's `models/<name>/meta.yaml` + `tags/` + `aliases/`): the domain's record without `latestVersion`. */
export type RegisteredModelRow = StoredRegisteredModel;

/**
 * A model version (`models/<name>/version-<n>/`): the domain's record without `aliases` (they live
 * on the model). A deleted version stays as a row with stage `Deleted_Internal` and its details
 * cleared, as MLflow keeps it, so its number is never reused.
 */
export type ModelVersionRow = StoredModelVersion;

export class TrainyardDB extends Dexie {
  experiments!: Table<Experiment, ExperimentId>;
  runs!: Table<RunRow, RunId>;
  metricChunks!: Table<MetricChunkRow, [RunId, string, number]>;
  artifacts!: Table<ArtifactRow, [RunId, string]>;
  datasets!: Table<DatasetRow, string>;
  registeredModels!: Table<RegisteredModelRow, string>;
  modelVersions!: Table<ModelVersionRow, [string, number]>;
  syncRuns!: Table<SyncRunRow, [string, RunId]>;
  /** True once another connection (a newer app in another tab) upgraded or deleted the database: this one closed for it. */
  versionChanged = false;
  private readonly versionChangeListeners = new Set<VersionChangeListener>();

  constructor(name: string = DB_NAME) {
    // No query cache: Dexie 4.4's cache keeps an unsubscribed live query's result for good when a
    // write from another context (a training worker) arrives meanwhile, so every run page's charts
    // stayed in memory (liveQueryCache.test.ts). Live queries re-read from IndexedDB instead.
    super(name, { cache: 'disabled' });
    // Dexie's default closes and reopens on next use, where the old code would then meet a newer
    // schema. Instead: let listeners finish (a training run ends cleanly), then close for good,
    // so the other tab's upgrade goes ahead and this tab offers a reload.
    this.on('versionchange', () => {
      this.closeForVersionChange();
      return false;
    });
    this.version(1).stores({
      experiments: 'experimentId, &name, lifecycleStage',
      runs: 'runId, experimentId, status, parentRunId',
      metricChunks: '[runId+key+seq], runId',
      artifacts: '[runId+path], runId',
    });
    // v2: datasets for training (imported files and downloaded built-ins). New table only, no data moves.
    this.version(2).stores({ datasets: 'datasetId, name, createdTime' });
    // v3: runs by (experiment, start time), so the runs table can show an experiment's newest runs
    // before the whole list (10,000 runs take most of a second to read). Index only, no data moves.
    this.version(3).stores({ runs: 'runId, experimentId, status, parentRunId, [experimentId+startTime]' });
    // v4: the model registry. New tables only, no data moves.
    this.version(4).stores({
      registeredModels: 'name, lastUpdatedTimestamp',
      modelVersions: '[name+version], name, runId',
    });
    // v5: each run's sync with each tracking server (also the outbox: rows in state 'queued'). New table only, no data moves.
    this.version(5).stores({ syncRuns: '[serverId+runId], runId, serverId, state' });
    this.on('populate', (tx) => {
      void tx.table('experiments').add(defaultExperiment(Date.now()));
    });
  }

  /** Called when another connection upgrades or deletes the database; returns an unsubscribe function. */
  onVersionChange(listener: VersionChangeListener): () => void {
    this.versionChangeListeners.add(listener);
    return () => this.versionChangeListeners.delete(listener);
  }

  private closeForVersionChange(): void {
    if (this.versionChanged) return;
    this.versionChanged = true;
    const pending = [...this.versionChangeListeners].map(async (listener) => listener());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, VERSION_CHANGE_GRACE_MS)));
    void Promise.race([Promise.allSettled(pending), grace]).then(() => {
      clearTimeout(timer);
      this.close({ disableAutoOpen: true });
    });
  }
}

export function defaultExperiment(now: number): Experiment {
  return {
    experimentId: DEFAULT_EXPERIMENT_ID,
    name: 'Default',
    artifactLocation: `mlruns/${DEFAULT_EXPERIMENT_ID}`,
    lifecycleStage: 'active',
    creationTime: now,
    lastUpdateTime: now,
    tags: {},
  };
}
