/**
 * How many bytes Trainyard keeps, worked out from the store's rows: the breakdown the Storage page
 * shows, by experiment and by run, biggest first.
 *
 * The figures are the logical size of what is stored (typed arrays, Blob sizes, UTF-8 text), not
 * what the browser's engine spends on disk (it adds its own overhead and may compress), so the
 * page shows them next to `navigator.storage.estimate()`, which is the engine's own total.
 *
 * Metric histories are counted from each run's summaries (points per key) and the number of
 * chunk rows, not by reading the histories: a million points would take seconds to read, and the
 * size of a chunk follows from its point count (three Float64Arrays: steps, values, timestamps).
 */
import type { ExperimentId, RunId } from '../ids';
import type { Experiment, LifecycleStage, MetricSummary, RunStatus } from '../tracking/types';

/** Bytes per metric point: step, value and timestamp, one Float64 each. */
export const BYTES_PER_METRIC_POINT = 24;
/** Bookkeeping of one metric chunk row besides its points and its key: run id, seq, array headers. */
export const METRIC_CHUNK_OVERHEAD_BYTES = 64;
/** A run row's fixed fields (ids, times, status, URIs) besides params, tags and metric summaries. */
export const RUN_ROW_BASE_BYTES = 256;
/** One metric summary on a run row (latest point, min, max, count) besides its key. */
export const METRIC_SUMMARY_BYTES = 48;
/** An artifact row's bookkeeping besides its path and its Blob. */
export const ARTIFACT_ROW_OVERHEAD_BYTES = 48;

/** What the store holds for one run, as the read-only query gathers it. */
export interface RunStorageInput {
  runId: RunId;
  experimentId: ExperimentId;
  runName: string;
  status: RunStatus;
  lifecycleStage: LifecycleStage;
  deletedTime: number | null;
  endTime: number | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, MetricSummary>;
  /** Metric chunk rows per key, counted from the chunk table's keys. */
  metricChunks: Record<string, number>;
  artifacts: ReadonlyArray<{ path: string; size: number }>;
}

export interface StorageBytes {
  metrics: number;
  /** Artifacts other than models. */
  artifacts: number;
  /** Files of MLflow model folders (`model/…`, or any folder holding an `MLmodel` file). */
  models: number;
  /** The run row itself: params, tags and metric summaries. */
  record: number;
  total: number;
}

export interface RunStorage {
  runId: RunId;
  experimentId: ExperimentId;
  runName: string;
  status: RunStatus;
  lifecycleStage: LifecycleStage;
  deletedTime: number | null;
  endTime: number | null;
  tags: Record<string, string>;
  bytes: StorageBytes;
  metricKeys: number;
  metricPoints: number;
  artifactFiles: number;
  modelFiles: number;
}

export interface ExperimentStorage {
  experimentId: ExperimentId;
  /** The experiment's name, or its id when the row is missing. */
  name: string;
  lifecycleStage: LifecycleStage;
  runCount: number;
  bytes: StorageBytes;
}

export interface StorageReport {
  /** Every run, biggest first. */
  runs: RunStorage[];
  /** Every experiment with its runs' bytes, biggest first. */
  experiments: ExperimentStorage[];
  total: StorageBytes;
}

/** UTF-8 length of a string without encoding it (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Bytes of a string map's keys and values. */
export function recordBytes(record: Record<string, string>): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(record)) bytes += utf8Length(key) + utf8Length(value);
  return bytes;
}

/** Bytes of one metric series: its points, and per chunk row the key and bookkeeping. */
export function metricSeriesBytes(options: { key: string; points: number; chunks: number }): number {
  return options.points * BYTES_PER_METRIC_POINT + options.chunks * (utf8Length(options.key) + METRIC_CHUNK_OVERHEAD_BYTES);
}

/** The folders holding an `MLmodel` file, plus `model`, the folder Trainyard and autolog log models to. */
function modelFolders(paths: readonly string[]): string[] {
  const folders = new Set(['model']);
  for (const path of paths) {
    const slash = path.lastIndexOf('/');
    if (path.slice(slash + 1) === 'MLmodel' && slash > 0) folders.add(path.slice(0, slash));
  }
  return [...folders];
}

/** Whether an artifact path lies in one of the model folders. */
export function isModelPath(path: string, folders: readonly string[] = ['model']): boolean {
  return folders.some((folder) => path.startsWith(`${folder}/`));
}

const ZERO: StorageBytes = { metrics: 0, artifacts: 0, models: 0, record: 0, total: 0 };

function addBytes(a: StorageBytes, b: StorageBytes): StorageBytes {
  return {
    metrics: a.metrics + b.metrics,
    artifacts: a.artifacts + b.artifacts,
    models: a.models + b.models,
    record: a.record + b.record,
    total: a.total + b.total,
  };
}

/**
 * One run's bytes by kind. A key with chunk rows but no summary (which the store never writes)
 * counts its chunks as full, so the figure errs on the large side rather than hiding data.
 */
export function runStorage(input: RunStorageInput, chunkSize: number): RunStorage {
  let metrics = 0;
  let metricPoints = 0;
  const keys = new Set([...Object.keys(input.metrics), ...Object.keys(input.metricChunks)]);
  for (const key of keys) {
    const chunks = Object.hasOwn(input.metricChunks, key) ? (input.metricChunks[key] ?? 0) : 0;
    const summary = Object.hasOwn(input.metrics, key) ? input.metrics[key] : undefined;
    const points = summary ? summary.count : chunks * chunkSize;
    metricPoints += points;
    metrics += metricSeriesBytes({ key, points, chunks });
  }
  const folders = modelFolders(input.artifacts.map((a) => a.path));
  let artifacts = 0;
  let models = 0;
  let modelFiles = 0;
  for (const artifact of input.artifacts) {
    const bytes = artifact.size + utf8Length(artifact.path) + ARTIFACT_ROW_OVERHEAD_BYTES;
    if (isModelPath(artifact.path, folders)) {
      models += bytes;
      modelFiles++;
    } else artifacts += bytes;
  }
  let record = RUN_ROW_BASE_BYTES + utf8Length(input.runName) + recordBytes(input.params) + recordBytes(input.tags);
  for (const key of Object.keys(input.metrics)) record += utf8Length(key) + METRIC_SUMMARY_BYTES;
  return {
    runId: input.runId,
    experimentId: input.experimentId,
    runName: input.runName,
    status: input.status,
    lifecycleStage: input.lifecycleStage,
    deletedTime: input.deletedTime,
    endTime: input.endTime,
    tags: input.tags,
    bytes: { metrics, artifacts, models, record, total: metrics + artifacts + models + record },
    metricKeys: keys.size,
    metricPoints,
    artifactFiles: input.artifacts.length - modelFiles,
    modelFiles,
  };
}

/** Biggest first; ties by name, then id, so the order is stable. */
function bySize<T extends { bytes: StorageBytes }>(nameOf: (item: T) => string) {
  return (a: T, b: T) => b.bytes.total - a.bytes.total || nameOf(a).localeCompare(nameOf(b));
}

/** The whole breakdown: every run and every experiment, biggest first, and the grand total. */
export function buildStorageReport(options: {
  experiments: readonly Experiment[];
  runs: readonly RunStorageInput[];
  chunkSize: number;
}): StorageReport {
  const runs = options.runs.map((input) => runStorage(input, options.chunkSize));
  runs.sort(bySize<RunStorage>((r) => r.runName + r.runId));
  const byExperiment = new Map<ExperimentId, ExperimentStorage>();
  for (const experiment of options.experiments) {
    byExperiment.set(experiment.experimentId, {
      experimentId: experiment.experimentId,
      name: experiment.name,
      lifecycleStage: experiment.lifecycleStage,
      runCount: 0,
      bytes: ZERO,
    });
  }
  let total = ZERO;
  for (const run of runs) {
    const entry = byExperiment.get(run.experimentId) ?? {
      experimentId: run.experimentId,
      name: run.experimentId,
      lifecycleStage: 'active' as const,
      runCount: 0,
      bytes: ZERO,
    };
    byExperiment.set(run.experimentId, { ...entry, runCount: entry.runCount + 1, bytes: addBytes(entry.bytes, run.bytes) });
    total = addBytes(total, run.bytes);
  }
  const experiments = [...byExperiment.values()].sort(bySize<ExperimentStorage>((e) => e.name + e.experimentId));
  return { runs, experiments, total };
}

/** "812 B", "1.5 KB", "3.2 MB", "1.10 GB": binary units, as the browser's storage settings show them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
