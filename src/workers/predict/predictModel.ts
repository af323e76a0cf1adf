/**
 * Serving a logged model: loads it from the run's artifacts as its MLmodel flavor says (a TF.js
 * layers model, or a random forest through forestModel.ts), reads the preprocessing the run logged
 * (domain/playground), and predicts rows the way training prepared them. Used by the prediction
 * worker; takes the TF.js module and a tracking client so tests can run it on the cpu backend with
 * a test database. Loaded models are kept (a few) so repeated predictions are quick.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { TrackingClient } from '../../db/trackingClient';
import { TrackingError } from '../../domain/errors';
import type { ExperimentId } from '../../domain/ids';
import { ModelFlavorError, readModelFlavor, type ForestFlavorEntry, type ModelFlavor } from '../../domain/model/forestFlavor';
import type { ModelLocation } from '../../domain/model/modelUri';
import type { ModelFormat } from '../../domain/playground/modelFormat';
import { describeModel, mlmodelInputs, PlaygroundError, type ModelSummary, type Predictor } from '../../domain/playground/playgroundModel';
import { tabularInputs, textInputs } from '../../domain/playground/preprocess';
import { interpretOutputs, type RowResult } from '../../domain/playground/results';
import { checkRow } from '../../domain/playground/rows';
import { checkForestInputs, forestRunnable, openForest, type OpenedForest } from './forestModel';
import type { Runnable } from './runnable.types';
import { joinPath as join, loadTfjsModel } from './tfjsModel';

type Tf = typeof tfType;

export interface ModelInfo {
  location: ModelLocation;
  /** The experiment of the run that logged the model (for a link to the run). */
  experimentId: ExperimentId;
  summary: ModelSummary;
  /** The input schema from MLmodel, as MLflow wrote it (JSON text), when there is one. */
  signatureInputs: string | null;
  inputWidth: number;
  outputWidth: number;
  /** What the model is (its MLmodel flavor), and for a forest its trees. */
  format: ModelFormat;
  /** The TF.js backend the model runs on, or NO_BACKEND for a model that needs no TF.js (a forest). */
  backend: string;
}

interface Loaded {
  model: Runnable;
  predictor: Predictor;
  info: ModelInfo;
}

/** Rows per predict call: keeps a large CSV's dense input (rows × width floats) small. */
const CHUNK_ROWS = 512;
const CACHED_MODELS = 4;

export interface ModelServerOptions {
  tf: Tf;
  client: TrackingClient;
  /** Switches to the backend the run trained on (or a fallback); resolves with the one in use. */
  selectBackend?: (trainedOn: string | null) => Promise<string>;
}

export class ModelServer {
  private readonly cache = new Map<string, Promise<Loaded>>();

  private readonly options: ModelServerOptions;

  constructor(options: ModelServerOptions) {
    this.options = options;
  }

  private async readOptional(location: ModelLocation, path: string): Promise<Blob | null> {
    try {
      return await this.options.client.downloadArtifact(location.runId, path);
    } catch (error) {
      if (error instanceof TrackingError && error.code === 'RESOURCE_DOES_NOT_EXIST') return null;
      throw error;
    }
  }

  /** A JSON file next to the model, else at the run's root (where the recipes log preprocessing). */
  private async readJson(location: ModelLocation, file: string): Promise<unknown> {
    const blob = (await this.readOptional(location, join(location.artifactPath, file))) ?? (location.artifactPath ? await this.readOptional(location, file) : null);
    if (!blob) return null;
    try {
      return JSON.parse(await blob.text()) as unknown;
    } catch {
      throw new PlaygroundError(`${file} of run ${location.runId} is not valid JSON.`);
    }
  }

  private async readText(location: ModelLocation, path: string): Promise<string | null> {
    const blob = await this.readOptional(location, path);
    return blob ? blob.text() : null;
  }

  /** MLmodel's flavor; a bad trainyard_forest entry is a PlaygroundError naming the file and field. */
  private async flavorOf(location: ModelLocation): Promise<{ mlmodel: string | null; flavor: ModelFlavor }> {
    const path = join(location.artifactPath, 'MLmodel');
    const mlmodel = await this.readText(location, path);
    try {
      return { mlmodel, flavor: readModelFlavor(mlmodel) };
    } catch (error) {
      if (error instanceof ModelFlavorError) throw new PlaygroundError(`${path} of run ${location.runId}: ${error.field}: ${error.problem}.`);
      throw error;
    }
  }

  private async loadForest(location: ModelLocation, flavor: ForestFlavorEntry): Promise<Runnable & { opened: OpenedForest }> {
    const path = join(location.artifactPath, flavor.forest_json);
    const text = await this.readText(location, path);
    if (text === null) {
      throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `Run ${location.runId} has no model at "${location.artifactPath || '(root)'}": ${path}, which MLmodel's trainyard_forest flavor names, is missing.`);
    }
    return forestRunnable(openForest(text, { path, runId: location.runId, flavor }));
  }

  private async loadModel(location: ModelLocation): Promise<Loaded> {
    const run = await this.options.client.getRun(location.runId);
    const { mlmodel, flavor } = await this.flavorOf(location);
    const forest = flavor.kind === 'forest' ? await this.loadForest(location, flavor.flavor) : null;
    const model =
      forest ??
      (await loadTfjsModel({
        tf: this.options.tf,
        location,
        flavor,
        read: (path) => this.readOptional(location, path),
        backend: () => (this.options.selectBackend ? this.options.selectBackend(run.tags['trainyard.backend'] ?? null) : Promise.resolve(this.options.tf.getBackend())),
      }));
    try {
      const { inputWidth, outputWidth } = model;
      const [inputExample, preprocessing, vocabulary, labels, report] = await Promise.all([
        this.readJson(location, 'input_example.json'),
        this.readJson(location, 'preprocessing.json'),
        this.readJson(location, 'vocabulary.json'),
        this.readJson(location, 'labels.json'),
        this.readJson(location, 'classification_report.json'),
      ]);
      // Older tabular classifiers recorded their labels only in the evaluation report; a forest names its classes itself.
      const fallbackLabels = model.classLabels ? { labels: model.classLabels } : outputWidth > 1 ? report : null;
      const predictor = describeModel({
        mlmodel,
        inputExample,
        preprocessing,
        vocabulary,
        labels: labels ?? fallbackLabels,
        inputWidth,
        outputWidth,
        ...(model.featureNames ? { featureNames: model.featureNames } : {}),
      });
      if (forest) checkForestInputs(forest.opened, predictor, join(location.artifactPath, forest.opened.format.file));
      const info: ModelInfo = {
        location,
        experimentId: run.experimentId,
        summary: predictor.summary,
        signatureInputs: mlmodelInputs(mlmodel),
        inputWidth,
        outputWidth,
        format: model.format,
        backend: model.backend,
      };
      return { model, predictor, info };
    } catch (error) {
      model.dispose();
      throw error;
    }
  }

  /** The model at `location`, loaded once (the oldest of more than a few is dropped). */
  load(location: ModelLocation): Promise<Loaded> {
    const key = `${location.runId}/${location.artifactPath}`;
    let loading = this.cache.get(key);
    if (!loading) {
      loading = this.loadModel(location);
      this.cache.set(key, loading);
      loading.catch(() => this.cache.delete(key));
      if (this.cache.size > CACHED_MODELS) {
        const [oldestKey, oldest] = this.cache.entries().next().value as [string, Promise<Loaded>];
        this.cache.delete(oldestKey);
        void oldest.then((l) => l.model.dispose(), () => undefined);
      }
    }
    return loading;
  }

  /**
   * Requests run one at a time: TF.js has one global backend, so two loads switching backends
   * at once (or a switch during another request's predict) leave a backend half-initialised
   * ("Backend 'wasm' has not yet been initialized").
   */
  private queue: Promise<unknown> = Promise.resolve();

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  describe(location: ModelLocation): Promise<ModelInfo> {
    return this.serial(async () => (await this.load(location)).info);
  }

  /**
   * One result per row: its prediction, or why the row doesn't fit the model (a bad row never
   * stops the others). Rows are as checkRow takes them: objects by feature name, lists of numbers,
   * or strings for the text model.
   */
  predict(location: ModelLocation, rows: readonly unknown[]): Promise<RowResult[]> {
    return this.serial(() => this.predictNow(location, rows));
  }

  private async predictNow(location: ModelLocation, rows: readonly unknown[]): Promise<RowResult[]> {
    const { model, predictor, info } = await this.load(location);
    if (this.options.selectBackend && info.format.flavor === 'tfjs') await this.options.selectBackend(info.backend);
    const checks = rows.map((row, i) => checkRow(predictor.summary, row, i));
    const good = checks.flatMap((c, i) => (c.ok ? [i] : []));
    const results: RowResult[] = checks.map((c) => (c.ok ? { ok: false, error: '' } : c));
    for (let start = 0; start < good.length; start += CHUNK_ROWS) {
      const chunk = good.slice(start, start + CHUNK_ROWS);
      const inputs = chunk.map((i) => (checks[i] as { ok: true; input: number[] | string }).input);
      const x =
        predictor.input === 'text'
          ? textInputs(inputs as string[], predictor.transform)
          : tabularInputs(inputs as number[][], predictor.transform, info.inputWidth);
      const values = await model.run(x, chunk.length);
      interpretOutputs(values, predictor.summary.output).forEach((prediction, k) => {
        results[chunk[k] as number] = { ok: true, prediction };
      });
    }
    return results;
  }

  dispose(): void {
    for (const loading of this.cache.values()) void loading.then((l) => l.model.dispose(), () => undefined);
    this.cache.clear();
  }
}
