/**
 * Bundles: export runs as a zip MLflow reads, import a bundle or a zipped `mlruns` directory.
 * The work (zipping a million points, reading a team's directory) runs in the bundle worker, so
 * the page stays responsive; this service owns that hop. Only a caller that sets its own `limits`
 * (tests of the zip-bomb limits) is served on this thread, because limits do not cross to the worker.
 */
import { exportBundleHere, openBundleHere, type ExportBundleOptions, type ExportReport, type OpenBundleOptions, type PendingImport } from '../../db/bundleTransfer';
import { APP_VERSION } from '../../domain/appVersion';
import type { BundleSelection, ConflictChoice, ImportSummary } from '../../db/bundleStore';
import type { TrackingClient } from '../../db/trackingClient';
import type { BundleLimits } from '../../domain/bundle';
import { BundleWorkerClient } from './bundleWorkerClient';

export interface BundleServiceOptions {
  /** The page's writer: its buffered metrics are written before an export. */
  tracking: Pick<TrackingClient, 'db' | 'flush' | 'now'>;
  /** 'worker' (the page) or 'here' (unit tests in Node, where there are no workers). */
  thread?: 'worker' | 'here';
  /** The bundle worker's client; started on first use when not given (tests pass a fake). */
  workerClient?: Pick<BundleWorkerClient, 'export' | 'open'>;
}

export class BundleService {
  private worker: Pick<BundleWorkerClient, 'export' | 'open'> | null;

  private readonly options: BundleServiceOptions;

  constructor(options: BundleServiceOptions) {
    this.options = options;
    this.worker = options.workerClient ?? null;
  }

  private get here(): boolean {
    return this.options.thread === 'here';
  }

  /** The selected runs, experiments or everything as one zip in MLflow's `mlruns/` layout with a manifest. */
  async exportBundle(selection: BundleSelection, options: ExportBundleOptions = {}): Promise<Blob> {
    return (await this.exportBundleWithReport(selection, options)).blob;
  }

  /**
   * exportBundle, with what in the bundle MLflow 2.x would refuse (keys with ':', values over its
   * limits); `warnings` is [] when MLflow 2.x reads all of it. This page's buffered metrics are written first.
   */
  async exportBundleWithReport(selection: BundleSelection, options: ExportBundleOptions = {}): Promise<ExportReport> {
    const { tracking } = this.options;
    await tracking.flush();
    if (this.here) return exportBundleHere(tracking.db, selection, { ...options, now: tracking.now });
    this.worker ??= new BundleWorkerClient();
    return this.worker.export(selection, {
      appVersion: options.appVersion ?? APP_VERSION,
      onProgress: options.onProgress ? (done, total) => options.onProgress?.({ bytesDone: done, bytesTotal: total, filesDone: 0, filesTotal: 0 }) : undefined,
    });
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
  async openBundle(input: Blob | ArrayBuffer | Uint8Array, options: OpenBundleOptions = {}): Promise<PendingImport> {
    if (this.here || options.limits) return openBundleHere(this.options.tracking.db, input, options);
    this.worker ??= new BundleWorkerClient();
    const file = input instanceof Blob ? input : new Blob([input as Uint8Array<ArrayBuffer>]);
    return this.worker.open(file, options.onProgress ? { onProgress: options.onProgress } : {});
  }
}
