/**
 * Training: recipes run in the training workers (workers/train), a pool this service creates on
 * first use so no worker (and no TF.js) loads before anyone trains. Params are checked on the page
 * before any worker starts; built-in datasets are downloaded once and stored. Also the page's own
 * TF.js: `autolog()` loads TF.js lazily, only when called.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { TrackingClient } from '../../db/trackingClient';
import { TrackingError } from '../../domain/errors';
import type { ExperimentId, RunId } from '../../domain/ids';
import { findEntryPoint, findRecipe } from '../../domain/recipes/recipeCatalogue';
import { validateParams } from '../../domain/recipes/validateRecipe';
import type { BackendName, Progress } from '../../workers/train/protocol';
import type { TrainingBenchRequest, TrainingBenchResult } from '../../workers/train/text/trainingBench';
import type { AutologOptions } from '../../workers/tfjs/autolog';
import { corpusPrefetcher, type CorpusPrefetchOptions } from './corpusPrefetch';
import { ensureBuiltinDataset, importDataset, type ImportOptions } from './datasetImport';
import { loadSettings, saveSettings, type TrainingSettings } from './settings';
import { TrainingPool, type TrainResult } from './trainingPool';

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

export class TrainingService {
  private workers: TrainingPool | null = null;
  private readonly prefetchCorpus: (datasetId: unknown) => void;

  /** `tracking`: the page's writer (ends a crashed worker's run, stores imported datasets). */
  private readonly tracking: TrackingClient;
  private readonly createWorker: (() => Worker) | undefined;

  /** `tracking`: the page's writer; `createWorker` replaces the training workers (tests pass fakes). */
  constructor(tracking: TrackingClient, options: { createWorker?: () => Worker; corpusPrefetch?: CorpusPrefetchOptions } = {}) {
    this.tracking = tracking;
    this.createWorker = options.createWorker;
    this.prefetchCorpus = corpusPrefetcher(options.corpusPrefetch);
  }

  /** The worker pool, created on first use. */
  get pool(): TrainingPool {
    const settings = loadSettings();
    this.workers ??= new TrainingPool({ client: this.tracking, size: settings.workers, wasmThreads: settings.wasmThreads, createWorker: this.createWorker });
    return this.workers;
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
    this.prefetchCorpus(dataset);
    if (typeof dataset === 'string' && dataset) await ensureBuiltinDataset(this.tracking, dataset, options.onDownloadProgress);
    return this.pool.train(
      {
        requestId: crypto.randomUUID(),
        recipe: recipe.name,
        entryPoint: entryPoint.name,
        params: checked.params,
        experimentId: options.experimentId ?? this.tracking.getActiveExperimentId(),
        runName: options.runName,
        backend: options.backend ?? loadSettings().backend,
        rerunOf: options.rerunOf,
      },
      options.onStarted,
    );
  }

  /** Stops a training run at its next batch; it ends KILLED with what it logged. */
  stopRun(runId: RunId): boolean {
    return this.workers?.stop(runId) ?? false;
  }

  /**
   * Registers a dataset from a File, Blob or text: parsed first (errors name the line and column;
   * nothing is saved), then stored. Resolves with the id to pass as a recipe's `dataset` param.
   */
  importDataset(input: File | Blob | string, options: ImportOptions = {}): Promise<string> {
    return importDataset(this.tracking, input, options);
  }

  /** Which backend new runs use and how many workers train at once (kept in this browser). */
  getTrainingSettings(): TrainingSettings {
    return loadSettings();
  }

  /** Changes the settings; a new worker count applies from the next page load. */
  setTrainingSettings(settings: Partial<TrainingSettings>): TrainingSettings {
    saveSettings({ ...loadSettings(), ...settings });
    return loadSettings();
  }

  onTrainingProgress(listener: (runId: RunId, progress: Progress) => void): () => void {
    return this.pool.onProgress(listener);
  }

  /**
   * Measures training speed on this device in a worker of its own (used by `npm run bench`):
   * e.g. `benchmarkTraining('wasm', { kind: 'reuters', variant: 'fast-sparse' })` resolves with the
   * samples/s of one epoch of the Keras Reuters MLP on synthetic data. Creates no run, except the
   * runs autolog makes in the `autolog-overhead` measurement.
   */
  benchmarkTraining(backend: BackendName, request: TrainingBenchRequest): Promise<TrainingBenchResult> {
    return this.pool.bench(backend, request);
  }

  /**
   * Autologs every tf.LayersModel fit in this page (mlflow.tensorflow.autolog). Pass your own TF.js
   * module as `tf` if you loaded one; otherwise Trainyard's copy is loaded and returned.
   */
  async autolog(options: AutologOptions & { tf?: typeof tfType } = {}): Promise<typeof tfType> {
    const [{ autolog }, tf] = await Promise.all([import('../../workers/tfjs/autolog'), options.tf ?? import('@tensorflow/tfjs')]);
    autolog(tf, this.tracking, options);
    return tf;
  }
}
