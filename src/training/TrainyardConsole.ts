/**
 * What `window.trainyard` is: the page's tracking client plus what only the page can do: train a
 * recipe in a worker, run a function in a worker, and autolog a user's own TF.js models. Every verb
 * of the client (startRun, logMetric, searchRuns…) is available as is.
 */
import type * as tfType from '@tensorflow/tfjs';
import { TrackingClient } from '../db/trackingClient';
import type { ExperimentId, RunId } from '../domain/ids';
import { findEntryPoint, findRecipe } from '../domain/recipes/recipeCatalogue';
import { validateParams } from '../domain/recipes/validateRecipe';
import { TrackingError } from '../domain/errors';
import type { AutologOptions } from './autolog';
import type { BackendName, Progress } from './protocol';
import { TrainingPool, type TrainResult } from './trainingPool';
import type { TrainingBenchRequest, TrainingBenchResult } from './text/trainingBench';
import { ensureBuiltinDataset, importDataset, type ImportOptions } from './datasetImport';
import { loadSettings, saveSettings, type TrainingSettings } from './settings';
import { isFromScriptWorker, type ToScriptWorker } from '../worker/protocol';
import { BundleWorkerClient } from '../worker/bundleWorkerClient';
import { APP_VERSION, type ExportBundleOptions, type ExportReport, type PendingImport } from '../db/trackingClient';
import type { BundleSelection } from '../db/bundleStore';
import type { BundleLimits } from '../domain/bundle';
import { SearchCoordinator, type SearchOutcome } from './search/searchCoordinator';
import { BUILTIN_SEARCHES, findBuiltinSearch } from './search/builtinSearches';
import type { SearchRunRequest } from './search/searchPlan';
import { PredictClient, registryOf, type ConsolePrediction } from '../worker/predictClient';
import { runsUri, validateModelName } from '../domain/registry/registry';

export interface TrainOptions {
  entryPoint?: string;
  experimentId?: ExperimentId;
  runName?: string;
  backend?: BackendName | 'auto';
  rerunOf?: RunId;
  /** Called once the worker has created the run. */
  onStarted?: (runId: RunId) => void;
  /** Progress of a built-in dataset's first download, in bytes. */
  onDownloadProgress?: (loaded: number, total: number) => void;
}

export class TrainyardConsole extends TrackingClient {
  private pool: TrainingPool | null = null;
  private bundles: BundleWorkerClient | null = null;

  /**
   * Exports in the bundle worker, so zipping a million points never blocks the page (exportBundle
   * comes here too). This page's buffered metrics are written first.
   */
  override async exportBundleWithReport(selection: BundleSelection, options: ExportBundleOptions = {}): Promise<ExportReport> {
    await this.flush();
    this.bundles ??= new BundleWorkerClient();
    return this.bundles.export(selection, {
      appVersion: options.appVersion ?? APP_VERSION,
      onProgress: options.onProgress ? (done, total) => options.onProgress?.({ bytesDone: done, bytesTotal: total, filesDone: 0, filesTotal: 0 }) : undefined,
    });
  }

  /** Reads, validates and (on `write`) imports a bundle in the bundle worker. */
  override async openBundle(
    input: Blob | ArrayBuffer | Uint8Array,
    options: { limits?: Partial<BundleLimits>; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<PendingImport> {
    if (options.limits) return super.openBundle(input, options);
    this.bundles ??= new BundleWorkerClient();
    const file = input instanceof Blob ? input : new Blob([input as Uint8Array<ArrayBuffer>]);
    return this.bundles.open(file, options.onProgress ? { onProgress: options.onProgress } : {});
  }

  /** The worker pool, created on first use so no worker (and no TF.js) loads before anyone trains. */
  get training(): TrainingPool {
    const settings = loadSettings();
    this.pool ??= new TrainingPool({ client: this, size: settings.workers, wasmThreads: settings.wasmThreads });
    return this.pool;
  }

  /**
   * Trains a recipe in a worker and resolves with the run id when the run ends (FINISHED, or
   * KILLED by stopRun). Params are checked first: invalid ones reject naming every field at fault,
   * and no run is created. A run that fails rejects with its reason; the run stays FAILED.
   */
  async train(recipeName: string, params: Record<string, unknown> = {}, options: TrainOptions = {}): Promise<RunId> {
    const result = await this.startTraining(recipeName, params, options);
    if (result.status === 'FAILED' || !result.runId) {
      throw new TrackingError('INVALID_STATE', `Training "${recipeName}" failed: ${result.error ?? 'unknown error'}`);
    }
    return result.runId;
  }

  /** Like train(), but resolves with the outcome instead of rejecting on failure. */
  async startTraining(recipeName: string, params: Record<string, unknown> = {}, options: TrainOptions = {}): Promise<TrainResult> {
    const recipe = findRecipe(recipeName);
    const entryPoint = findEntryPoint(recipe, options.entryPoint ?? recipe.entryPoints[0]?.name ?? '');
    const checked = validateParams(entryPoint, params);
    if (!checked.ok) {
      const details = Object.entries(checked.errors).map(([field, message]) => `${field}: ${message}`);
      throw new TrackingError('INVALID_PARAMETER_VALUE', `Invalid params for ${recipe.name}/${entryPoint.name}: ${details.join('; ')}`);
    }
    const dataset = checked.params.dataset;
    if (typeof dataset === 'string' && dataset) await ensureBuiltinDataset(this, dataset, options.onDownloadProgress);
    return this.training.train(
      {
        requestId: crypto.randomUUID(),
        recipe: recipe.name,
        entryPoint: entryPoint.name,
        params: checked.params,
        experimentId: options.experimentId ?? this.getActiveExperimentId(),
        runName: options.runName,
        backend: options.backend ?? loadSettings().backend,
        rerunOf: options.rerunOf,
      },
      options.onStarted,
    );
  }

  /**
   * Registers a dataset from a File, Blob or text: parsed first (errors name the line and column;
   * nothing is saved), then stored. Resolves with the id to pass as a recipe's `dataset` param.
   */
  importDataset(input: File | Blob | string, options: ImportOptions = {}): Promise<string> {
    return importDataset(this, input, options);
  }

  /** Which backend new runs use and how many workers train at once (kept in this browser). */
  getTrainingSettings(): TrainingSettings {
    return loadSettings();
  }

  /** Changes the settings; a new worker count applies from the next page load. */
  setTrainingSettings(settings: Partial<TrainingSettings>): TrainingSettings {
    const next = { ...loadSettings(), ...settings };
    saveSettings(next);
    return loadSettings();
  }

  private searches: SearchCoordinator | null = null;

  /** The hyperparameter searches of this page (search/searchCoordinator.ts). */
  get searchCoordinator(): SearchCoordinator {
    this.searches ??= new SearchCoordinator({
      client: this,
      pool: () => this.training,
      backend: () => loadSettings().backend,
      experimentId: () => this.getActiveExperimentId(),
      prepare: async (params) => {
        if (typeof params.dataset === 'string' && params.dataset) await ensureBuiltinDataset(this, params.dataset);
      },
    });
    return this.searches;
  }

  /**
   * Hyperparameter search: one parent run, one child run per trial, trials in parallel workers.
   * Resolves with the parent run id when the search ends (finished, or stopped with stopSearch).
   * Invalid requests reject naming every field at fault, and no run is created.
   */
  async search(request: SearchRunRequest, options: { onStarted?: (parentRunId: RunId) => void } = {}): Promise<RunId> {
    const { parentRunId, done } = await this.searchCoordinator.start(request);
    options.onStarted?.(parentRunId);
    await done;
    return parentRunId;
  }

  /**
   * Runs a built-in search (see search/builtinSearches.ts, e.g. 'wine-sgd': MLflow's hyperparameter
   * example), with any of its request's fields replaced by `overrides`.
   */
  async searchBuiltin(id: string, overrides: Partial<SearchRunRequest> = {}, options: { onStarted?: (parentRunId: RunId) => void } = {}): Promise<RunId> {
    const builtin = findBuiltinSearch(id);
    if (!builtin) {
      throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `No built-in search "${id}"; there are: ${BUILTIN_SEARCHES.map((s) => s.id).join(', ')}`);
    }
    return this.search({ ...builtin.request, ...overrides }, options);
  }

  /** Like search(), but resolves as soon as the parent run exists, with the outcome to await. */
  startSearch(request: SearchRunRequest): Promise<{ parentRunId: RunId; done: Promise<SearchOutcome> }> {
    return this.searchCoordinator.start(request);
  }

  /** Stops a search running in this page: its running trials end KILLED, then the parent. */
  stopSearch(parentRunId: RunId): boolean {
    return this.searchCoordinator.stop(parentRunId);
  }

  /** Resumes an interrupted search (its page was reloaded or closed) from its stored state. */
  async resumeSearch(parentRunId: RunId): Promise<RunId> {
    await this.searchCoordinator.resume(parentRunId);
    return parentRunId;
  }

  /** Resumes every interrupted search; resolves with their parent run ids once they are under way. */
  resumeSearches(): Promise<RunId[]> {
    return this.searchCoordinator.resumeInterrupted();
  }

  /**
   * Registers the model a run logged (`runs:/<runId>/model`) as a new version of `name`, creating
   * the registered model on first use, as mlflow.register_model does. Resolves with the version number.
   */
  async registerModel(runId: RunId, name: string, options: { description?: string; tags?: Record<string, string> } = {}): Promise<number> {
    validateModelName(name);
    try {
      await this.createRegisteredModel(name);
    } catch (error) {
      if (!(error instanceof TrackingError && error.code === 'RESOURCE_ALREADY_EXISTS')) throw error;
    }
    return (await this.createModelVersion(name, runsUri(runId), runId, options)).version;
  }

  /** Points `alias` (e.g. 'champion') at a version of the registered model, moving it from any other. */
  setAlias(name: string, alias: string, version: string | number): Promise<void> {
    return this.setRegisteredModelAlias(name, alias, version);
  }

  /** Stops a training run at its next batch; it ends KILLED with what it logged. */
  stopRun(runId: RunId): boolean {
    return this.pool?.stop(runId) ?? false;
  }

  /**
   * Measures training speed on this device in a worker of its own (used by `npm run bench`):
   * e.g. `benchmarkTraining('wasm', { kind: 'reuters', variant: 'fast-sparse' })` resolves with the
   * samples/s of one epoch of the Keras Reuters MLP on synthetic data. Creates no run, except the
   * runs autolog makes in the `autolog-overhead` measurement.
   */
  benchmarkTraining(backend: BackendName, request: TrainingBenchRequest): Promise<TrainingBenchResult> {
    return this.training.bench(backend, request);
  }

  private predictClient: PredictClient | null = null;

  /** The prediction worker's client (started on first use), shared with the playground page. */
  get predictions(): PredictClient {
    this.predictClient ??= new PredictClient({ registry: () => registryOf(this) });
    return this.predictClient;
  }

  /**
   * Predicts with a logged or registered model, in a worker: `modelUri` is `runs:/<run id>/model`,
   * `models:/<name>/<version>` or `models:/<name>@<alias>`; `rows` are objects keyed by feature
   * name (raw values; the run's preprocessing is applied), lists of numbers, or strings for the
   * text classifier. Resolves with a number per row (regression) or { label, probabilities }.
   */
  predict(modelUri: string, rows: unknown[]): Promise<ConsolePrediction[]> {
    return this.predictions.predict(modelUri, rows);
  }

  onTrainingProgress(listener: (runId: RunId, progress: Progress) => void): () => void {
    return this.training.onProgress(listener);
  }

  /**
   * Autologs every tf.LayersModel fit in this page (mlflow.tensorflow.autolog). Pass your own TF.js
   * module as `tf` if you loaded one; otherwise Trainyard's copy is loaded and returned.
   */
  async autolog(options: AutologOptions & { tf?: typeof tfType } = {}): Promise<typeof tfType> {
    const [{ autolog }, tf] = await Promise.all([import('./autolog'), options.tf ?? import('@tensorflow/tfjs')]);
    autolog(tf, this, options);
    return tf;
  }

  /**
   * Runs `fn(trainyard)` in a new module worker with its own tracking client and resolves with
   * its result. Abort the signal to terminate the worker (its RUNNING runs then end KILLED).
   */
  runInWorker<T>(fn: (trainyard: TrackingClient) => T | Promise<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    const worker = new Worker(new URL('../worker/script.worker.ts', import.meta.url), { type: 'module' });
    return new Promise<T>((resolve, reject) => {
      const finish = () => {
        worker.terminate();
        options.signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        finish();
        reject(new DOMException('The worker was terminated.', 'AbortError'));
      };
      options.signal?.addEventListener('abort', onAbort);
      worker.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (!isFromScriptWorker(event.data)) return;
        finish();
        if (event.data.type === 'done') resolve(event.data.result as T);
        else reject(Object.assign(new Error(event.data.error.message), { name: event.data.error.name }));
      });
      worker.addEventListener('error', (event) => {
        finish();
        reject(new Error(`The worker crashed: ${event.message || 'unknown error'}`));
      });
      const message: ToScriptWorker = { type: 'run', source: fn.toString() };
      worker.postMessage(message);
    });
  }
}
