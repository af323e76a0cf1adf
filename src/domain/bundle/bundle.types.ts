/**
 * Run bundles: one .zip holding an MLflow `mlruns/` directory (spec/mlflow-formats.md §1–7, §16)
 * plus `trainyard-manifest.json` at the zip root. Pure types and constants.
 */
import type { StoredModelVersion, StoredRegisteredModel } from '../registry/registry.types';
import type { Experiment, Run } from '../tracking/types';

/** One metric key's points as parallel columns, in file (append) order. */
export interface BundleHistory {
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;
}

export interface BundleArtifact {
  /** Relative POSIX path under the run's `artifacts/` folder, e.g. `model/model.json`. */
  path: string;
  bytes: Uint8Array;
}

/**
 * A run with everything a bundle carries. On read, `run.metrics` is recomputed from `histories`
 * (metricSummary.ts); on write it is ignored (the histories are the truth).
 */
export interface BundleRun {
  run: Run;
  histories: Record<string, BundleHistory>;
  artifacts: BundleArtifact[];
}

/**
 * A model version as `models/<name>/version-<n>/` holds it (spec §10): the stored version without
 * its model's name (the folder says it) or status. `currentStage` `Deleted_Internal` is a deleted
 * version, kept (as MLflow keeps it) so its number is not reused.
 */
export type BundleModelVersion = Omit<StoredModelVersion, 'name' | 'status'>;

/**
 * A registered model as `models/<name>/` holds it: meta.yaml, tags/, aliases/ (sorted by alias,
 * each pointing at a live version of this model) and its versions, sorted by version.
 */
export type BundleRegisteredModel = StoredRegisteredModel & { versions: BundleModelVersion[] };

export interface BundleContent {
  experiments: Experiment[];
  runs: BundleRun[];
  /** The model registry (`mlruns/models/`), sorted by name; readBundle always sets it. */
  registeredModels?: BundleRegisteredModel[];
}

/** A file (or, with a path ending in `/` and no bytes, an empty folder) in the zip. */
export interface BundleFile {
  path: string;
  bytes: Uint8Array;
}

export const MANIFEST_PATH = 'trainyard-manifest.json';
export const BUNDLE_FORMAT = 'trainyard-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

export interface BundleManifestFile {
  /** Path relative to the zip root, e.g. `mlruns/0/meta.yaml`. */
  path: string;
  size: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: typeof BUNDLE_FORMAT_VERSION;
  appVersion: string;
  /** ISO 8601, UTC. */
  exportedAt: string;
  counts: {
    experiments: number;
    runs: number;
    metricPoints: number;
    artifacts: number;
    /** Written since the registry travels in bundles; older bundles lack them. */
    registeredModels?: number;
    modelVersions?: number;
  };
  /**
   * True when `mlruns/0/meta.yaml` was written only because MLflow needs a Default experiment
   * (the export did not include experiment 0); the reader then leaves experiment 0 out.
   */
  defaultExperimentPlaceholder: boolean;
  /** Every file in the zip except the manifest itself (folders are not listed), sorted by path. */
  files: BundleManifestFile[];
}

/** What is wrong with a bundle: the zip entry at fault and, for text files, the 1-based line. */
export interface BundleError {
  entry: string;
  line?: number;
  message: string;
}

export interface BundleLimits {
  /** Sum of the uncompressed sizes of all entries (declared, and enforced while inflating). */
  maxTotalUncompressedBytes: number;
  /** Uncompressed size of one entry. */
  maxEntryUncompressedBytes: number;
  /**
   * Uncompressed ÷ compressed size, checked for entries larger than `ratioCheckMinBytes`, and for
   * all entries together once they add up to more than `totalRatioCheckMinBytes`.
   */
  maxCompressionRatio: number;
  ratioCheckMinBytes: number;
  totalRatioCheckMinBytes: number;
  /**
   * Number of entries in the zip's central directory (folders included). Not a zip-bomb guard (the
   * byte and ratio limits are): a 10,000-run MLflow directory zipped with `zip -r` has ~400,000.
   */
  maxEntries: number;
  /** `meta.yaml` and `trainyard-manifest.json` are parsed whole; they have no business being big. */
  maxMetaYamlBytes: number;
  maxManifestBytes: number;
  /** Reading stops collecting after this many errors (one more entry says how many were left out). */
  maxErrors: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_BUNDLE_LIMITS: Readonly<BundleLimits> = Object.freeze({
  maxTotalUncompressedBytes: 2 * 1024 * MiB,
  maxEntryUncompressedBytes: 512 * MiB,
  maxCompressionRatio: 200,
  ratioCheckMinBytes: MiB,
  totalRatioCheckMinBytes: 64 * MiB,
  maxEntries: 2_000_000,
  maxMetaYamlBytes: MiB,
  maxManifestBytes: 64 * MiB,
  maxErrors: 1000,
});

export type ReadBundleResult =
  | { ok: true; content: BundleContent; manifest: BundleManifest | null; notes: string[] }
  | { ok: false; errors: BundleError[] };

/**
 * How far readBundle is. First the zip is read (`phase: 'zip'`): bytes of the file read and
 * inflated, and entries inflated of those the bundle uses. Then experiments and runs are built
 * (`phase` 'runs' or absent): `entriesDone` of `entriesTotal` experiments and runs.
 */
export interface ReadProgress {
  phase?: 'zip' | 'runs';
  entriesDone: number;
  entriesTotal: number;
  bytesDone?: number;
  bytesTotal?: number;
}

/** Share of the zip phase in readProgressFraction: inflating is most of an import's reading. */
const ZIP_PHASE_SHARE = 0.6;

/** Both phases of ReadProgress as one fraction 0–1, for a single progress bar. */
export function readProgressFraction(progress: ReadProgress): number {
  const part = (done: number, total: number): number => (total > 0 ? Math.min(1, Math.max(0, done / total)) : 0);
  if (progress.phase === 'zip') return ZIP_PHASE_SHARE * part(progress.bytesDone ?? 0, progress.bytesTotal ?? 0);
  return ZIP_PHASE_SHARE + (1 - ZIP_PHASE_SHARE) * part(progress.entriesDone, progress.entriesTotal);
}
