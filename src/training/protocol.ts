/**
 * The only contract between the page and a training worker. Plain, structured-clone-safe data:
 * commands and light progress go over the boundary; the data of record goes to the store, which
 * the worker writes through its own tracking client.
 */
import type { ExperimentId, RunId } from '../domain/ids';
import type { TrainingBenchRequest, TrainingBenchResult } from './text/trainingBench';

export type BackendName = 'wasm' | 'webgl' | 'webgpu' | 'cpu';

export interface TrainRequest {
  requestId: string;
  recipe: string;
  entryPoint: string;
  /** Validated params (validateParams), including the seed. */
  params: Record<string, number | string>;
  experimentId?: ExperimentId;
  runName?: string;
  /** Backend the user chose in settings; `auto` measures a short trial on first use. */
  backend: BackendName | 'auto';
  /** Set by "Re-run": the run whose recipe, params and seed this one repeats. */
  rerunOf?: RunId;
}

export type ToWorker =
  /** First message to every worker: XNNPACK threads for wasm (used only when the page is cross-origin isolated). */
  | { type: 'configure'; wasmThreads: number }
  | { type: 'start'; request: TrainRequest }
  | { type: 'stop'; runId: RunId }
  /** Bench only (npm run bench): a training-speed measurement on the given backend, no run. */
  | { type: 'bench'; requestId: string; backend: BackendName; request: TrainingBenchRequest };

export interface Progress {
  epoch: number;
  epochs: number;
  batch: number;
  batchesPerEpoch: number;
  /** Milliseconds since training started, and the estimate to finish. */
  elapsedMs: number;
  etaMs: number | null;
}

export type FromWorker =
  | { type: 'started'; requestId: string; runId: RunId; backend: BackendName }
  | { type: 'progress'; runId: RunId; progress: Progress }
  | { type: 'ended'; requestId: string; runId: RunId | null; status: 'FINISHED' | 'FAILED' | 'KILLED'; error?: string }
  | { type: 'bench-result'; requestId: string; result?: TrainingBenchResult; error?: string };

export function isFromWorker(data: unknown): data is FromWorker {
  if (typeof data !== 'object' || data === null || !('type' in data)) return false;
  const type = (data as { type: unknown }).type;
  return type === 'started' || type === 'progress' || type === 'ended' || type === 'bench-result';
}
