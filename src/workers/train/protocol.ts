/**
 * The only contract between the page and a training worker. Plain, structured-clone-safe data:
 * commands and light progress go over the boundary; the data of record goes to the store, which
 * the worker writes through its own tracking client.
 */
import type { ExperimentId, RunId } from '../../domain/ids';
import type { TrainingBenchRequest, TrainingBenchResult } from './text/trainingBench';
import type { StoreFault } from '../../db/faults';

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
  /** A search trial: the parent (search) run this run nests under, in the same experiment (mlflow.parentRunId). */
  parentRunId?: RunId;
  /** Extra tags for the run, e.g. `trainyard.search.trial`. */
  tags?: Record<string, string>;
}

export type ToWorker =
  /** First message to every worker: XNNPACK threads for wasm (used only when the page is cross-origin isolated). */
  | { type: 'configure'; wasmThreads: number }
  | { type: 'start'; request: TrainRequest }
  | { type: 'stop'; runId: RunId }
  /** Test only (`trainyard.testing.simulateStorageFault`): a simulated storage fault in the worker's store writes, or none. */
  | { type: 'faults'; fault: StoreFault | null }
  /** Bench only (npm run bench): a training-speed measurement on the given backend, no run. */
  | { type: 'bench'; requestId: string; backend: BackendName; request: TrainingBenchRequest };

export interface Progress {
  /** What `epoch` counts: epochs (the default), or the trees a forest has built (then batch is 0 of 1). */
  unit?: 'epoch' | 'tree';
  epoch: number;
  epochs: number;
  batch: number;
  batchesPerEpoch: number;
  /** Milliseconds since training started, and the estimate to finish. */
  elapsedMs: number;
  etaMs: number | null;
}

export type FromWorker =
  /** `writerId`: the worker's tracking client, whose Web Lock tells the pool when the worker is gone. */
  | { type: 'started'; requestId: string; runId: RunId; backend: BackendName; writerId?: string }
  | { type: 'progress'; runId: RunId; progress: Progress }
  | {
      type: 'ended';
      requestId: string;
      runId: RunId | null;
      status: 'FINISHED' | 'FAILED' | 'KILLED';
      error?: string;
      /** The worker after the run: its tracking client and tf.memory(), to see leaks across runs (soak bench). */
      worker?: WorkerAfterRun;
    }
  | { type: 'bench-result'; requestId: string; result?: TrainingBenchResult; error?: string };

export interface WorkerAfterRun {
  writerId: string;
  numTensors: number;
  numBytes: number;
}

export function isFromWorker(data: unknown): data is FromWorker {
  if (typeof data !== 'object' || data === null || !('type' in data)) return false;
  const type = (data as { type: unknown }).type;
  return type === 'started' || type === 'progress' || type === 'ended' || type === 'bench-result';
}
