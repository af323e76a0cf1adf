/**
 * Bundle export and import on the calling thread. The bundle worker runs these (workers/bundle);
 * the page's bundle service (services/bundles) runs them in the page only when a caller sets its
 * own limits. The import is one transaction; nothing is written until `write`.
 */
import { bundleFiles, readBundle, readProgressFraction, writeZip, type BundleLimits, type WriteZipProgress } from '../domain/bundle';
import { mlflow2Warnings, type Mlflow2Warning } from '../domain/bundle/mlflow2Compatibility';
import { APP_VERSION } from '../domain/appVersion';
import { BundleImportError } from '../domain/errors';
import { collectBundle, planImport, writeBundle, type BundleSelection, type ConflictChoice, type ImportSummary } from './bundleStore';
import type { TrainyardDB } from './schema';


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

export interface OpenBundleOptions {
  limits?: Partial<BundleLimits>;
  /** Per mille over reading the zip and building runs. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The selected runs, experiments or everything as one zip in MLflow's `mlruns/` layout with a
 * manifest (domain/bundle), with what in it MLflow 2.x would refuse (keys with ':', values over
 * its limits: runs imported from MLflow 3.x may hold them). The bundle holds exactly what was
 * logged either way; `warnings` is [] when MLflow 2.x reads all of it. Write buffered metrics first.
 */
export async function exportBundleHere(
  db: TrainyardDB,
  selection: BundleSelection,
  options: ExportBundleOptions & { now: () => number },
): Promise<ExportReport> {
  const content = await collectBundle(db, selection);
  const files = await bundleFiles(content, { appVersion: options.appVersion ?? APP_VERSION, exportedAt: options.now() });
  const warnings = mlflow2Warnings(content);
  const parts = await writeZip(files, { onProgress: options.onProgress, mtime: options.now() });
  return { blob: new Blob(parts as Uint8Array<ArrayBuffer>[], { type: 'application/zip' }), warnings };
}

/**
 * Reads and validates a bundle (a Trainyard export or a zip of an MLflow `mlruns` directory) once,
 * for a page that shows what an import would do before the user confirms: `plan` says it (reads
 * only), `write` does it in one transaction. Rejects with a BundleImportError listing every
 * problem when anything is wrong. A Blob (a File) is read by slices, never whole.
 */
export async function openBundleHere(db: TrainyardDB, input: Blob | ArrayBuffer | Uint8Array, options: OpenBundleOptions = {}): Promise<PendingImport> {
  const source = input instanceof Blob || input instanceof Uint8Array ? input : new Uint8Array(input);
  const report = options.onProgress;
  const read = await readBundle(source, options.limits, {
    onProgress: report ? (p) => report(Math.round(1000 * readProgressFraction(p)), 1000) : undefined,
  });
  if (!read.ok) throw new BundleImportError(read.errors);
  const { content, notes } = read;
  return {
    notes,
    plan: async (onConflict) => ({ ...(await planImport(db, content, onConflict)), notes }),
    write: async (onConflict) => ({ ...(await writeBundle(db, content, onConflict)), notes }),
  };
}
