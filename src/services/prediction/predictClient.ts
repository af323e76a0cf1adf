/**
 * The page's side of the prediction worker: resolves a model URI (runs:/… directly, models:/…
 * through the registry), starts one worker lazily, matches answers to requests by id, and rebuilds
 * errors (a TrackingError keeps its code). `trainyard.predict` and the playground page both use it.
 */
import { TrackingError, type TrackingErrorCode } from '../../domain/errors';
import { formatModelUri, parseModelUri, resolveModelUri, type ModelLocation, type ModelVersionLookup } from '../../domain/model/modelUri';
import type { Prediction, RowResult } from '../../domain/playground/results';
import type { ModelInfo } from '../../workers/predict/predictModel';
import { isFromPredictWorker, type FromPredictWorker, type ToPredictWorker } from '../../workers/predict/protocol';

const TRACKING_CODES: readonly string[] = ['INVALID_PARAMETER_VALUE', 'RESOURCE_ALREADY_EXISTS', 'RESOURCE_DOES_NOT_EXIST', 'INVALID_STATE'];

/** What the console returns per row: a number (regression), a class with its probabilities, or numbers. */
export type ConsolePrediction = number | { label: string; probabilities: Record<string, number> } | number[];

export interface DescribedModel extends ModelInfo {
  /** The URI as asked for, in canonical spelling. */
  uri: string;
}

function rebuildError(error: { name: string; message: string; code?: string }): Error {
  if (error.name === 'TrackingError' && error.code && TRACKING_CODES.includes(error.code)) {
    return new TrackingError(error.code as TrackingErrorCode, error.message);
  }
  return Object.assign(new Error(error.message), { name: error.name });
}

/** A prediction as the console returns it; `labels` are the model's classes, in output order. */
export function toConsolePrediction(prediction: Prediction, labels: readonly string[]): ConsolePrediction {
  if (prediction.kind === 'value') return prediction.value;
  if (prediction.kind === 'vector') return prediction.values;
  const probabilities: Record<string, number> = {};
  prediction.probabilities.forEach((p, k) => {
    probabilities[labels[k] ?? String(k)] = p;
  });
  return { label: prediction.label, probabilities };
}

export class PredictClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (answer: FromPredictWorker) => void>();

  private readonly options: { registry: () => ModelVersionLookup | null; createWorker?: () => Worker };

  constructor(options: { registry: () => ModelVersionLookup | null; createWorker?: () => Worker }) {
    this.options = options;
  }

  private get port(): Worker {
    if (!this.worker) {
      const worker = this.options.createWorker?.() ?? new Worker(new URL('../../workers/predict/predict.worker.ts', import.meta.url), { type: 'module' });
      worker.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (isFromPredictWorker(event.data)) this.pending.get(event.data.id)?.(event.data);
      });
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        const message = `The prediction worker crashed: ${event.message || 'unknown error'}`;
        for (const [id, handler] of this.pending) handler({ type: 'failed', id, error: { name: 'Error', message } });
        this.pending.clear();
        this.terminate();
      });
      this.worker = worker;
    }
    return this.worker;
  }

  private request<T>(message: ToPredictWorker, pick: (answer: FromPredictWorker) => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.set(message.id, (answer) => {
        this.pending.delete(message.id);
        if (answer.type === 'failed') return reject(rebuildError(answer.error));
        const value = pick(answer);
        if (value === undefined) reject(new Error(`Unexpected answer from the prediction worker: ${answer.type}`));
        else resolve(value);
      });
      try {
        this.port.postMessage(message);
      } catch (error) {
        // e.g. a row that can't be cloned (a function, a DOM node): nothing reached the worker.
        this.pending.delete(message.id);
        reject(new TrackingError('INVALID_PARAMETER_VALUE', `The rows could not be sent to the prediction worker: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  }

  /** Where the URI's model files are (a registered version's source run). */
  resolve(uri: string): Promise<ModelLocation> {
    return resolveModelUri(uri, this.options.registry());
  }

  /** Loads the model in the worker and describes its inputs and outputs (for the form). */
  async describe(uri: string): Promise<DescribedModel> {
    const parsed = parseModelUri(uri);
    const location = await resolveModelUri(parsed, this.options.registry());
    const info = await this.request({ type: 'describe', id: this.nextId++, location }, (a) => (a.type === 'described' ? a.info : undefined));
    return { ...info, uri: formatModelUri(parsed) };
  }

  /** One result per row: the prediction, or the row's error (the other rows are still predicted). */
  async predictRows(uri: string, rows: readonly unknown[]): Promise<RowResult[]> {
    return this.predictAt(await this.resolve(uri), rows);
  }

  /**
   * predictRows with the model a describe() found: the page predicts with the version it shows,
   * even if an alias has moved since.
   */
  predictAt(location: ModelLocation, rows: readonly unknown[]): Promise<RowResult[]> {
    return this.request({ type: 'predict', id: this.nextId++, location, rows: [...rows] }, (a) => (a.type === 'predicted' ? a.results : undefined));
  }

  /**
   * `trainyard.predict`: every row's prediction, or (as MLflow's schema enforcement does) an
   * INVALID_PARAMETER_VALUE error naming each row that doesn't fit the model.
   */
  async predict(uri: string, rows: readonly unknown[]): Promise<ConsolePrediction[]> {
    if (!Array.isArray(rows)) throw new TrackingError('INVALID_PARAMETER_VALUE', 'predict(modelUri, rows): rows must be a list (one object, list of numbers or text per row).');
    // Resolved once, so an alias that moves meanwhile can't make the check and the prediction use different versions.
    const location = await this.resolve(uri);
    const { summary } = await this.request({ type: 'describe', id: this.nextId++, location }, (a) => (a.type === 'described' ? a.info : undefined));
    const labels = summary.output.kind === 'classes' ? summary.output.labels : [];
    const results = await this.predictAt(location, rows);
    const errors = results.flatMap((r) => (r.ok ? [] : [r.error]));
    if (errors.length > 0) {
      const shown = errors.slice(0, 5).join('; ');
      throw new TrackingError('INVALID_PARAMETER_VALUE', `${errors.length} of ${rows.length} rows don't fit the model, nothing was predicted: ${shown}${errors.length > 5 ? '; …' : ''}`);
    }
    return results.map((r) => toConsolePrediction((r as { ok: true; prediction: Prediction }).prediction, labels));
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
