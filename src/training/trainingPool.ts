/**
 * The page's side of training: a pool of module workers (one per core by default), each training
 * one run at a time. It starts runs, relays progress to subscribers, stops runs, and when a worker
 * crashes it ends that worker's run FAILED with the reason (through the page's tracking client)
 * and replaces the worker.
 */
import type { RunId } from '../domain/ids';
import type { TrackingClient } from '../db/trackingClient';
import { isFromWorker, type BackendName, type FromWorker, type Progress, type ToWorker, type TrainRequest } from './protocol';
import type { TrainingBenchRequest, TrainingBenchResult } from './text/trainingBench';

export interface TrainResult {
  runId: RunId | null;
  status: 'FINISHED' | 'FAILED' | 'KILLED';
  error?: string;
}

interface Slot {
  worker: Worker;
  busy: { requestId: string; runId: RunId | null; resolve: (r: TrainResult) => void } | null;
}

type ProgressListener = (runId: RunId, progress: Progress) => void;

export class TrainingPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Array<{ request: TrainRequest; resolve: (r: TrainResult) => void }> = [];
  private readonly progressListeners = new Set<ProgressListener>();
  private readonly startListeners = new Map<string, (runId: RunId) => void>();
  private readonly size: number;
  private readonly client: TrackingClient;
  private readonly createWorker: () => Worker;
  private benchWorker: Worker | null = null;
  private benchQueue: Promise<unknown> = Promise.resolve();

  /** Whether wasm may use its threaded build (settings.wasmThreads); without, one thread per worker. */
  private readonly threaded: boolean;

  constructor(options: { client: TrackingClient; size?: number; wasmThreads?: boolean; createWorker?: () => Worker }) {
    this.client = options.client;
    this.threaded = options.wasmThreads ?? false;
    this.size = Math.max(1, options.size ?? globalThis.navigator?.hardwareConcurrency ?? 2);
    this.createWorker =
      options.createWorker ?? (() => new Worker(new URL('./worker/train.worker.ts', import.meta.url), { type: 'module' }));
  }

  /** Trains in a free worker (queued when all are busy); resolves when the run ends. */
  train(request: TrainRequest, onStarted?: (runId: RunId) => void): Promise<TrainResult> {
    if (onStarted) this.startListeners.set(request.requestId, onStarted);
    return new Promise<TrainResult>((resolve) => {
      this.queue.push({ request, resolve });
      this.dispatch();
    });
  }

  stop(runId: RunId): boolean {
    const slot = this.slots.find((s) => s.busy?.runId === runId);
    if (!slot) return false;
    const message: ToWorker = { type: 'stop', runId };
    slot.worker.postMessage(message);
    return true;
  }

  /**
   * Bench only: runs a training-speed measurement in a worker of its own, outside the pool (runs
   * are not delayed by it), one measurement at a time. The worker is reused for the next
   * measurement: creating and ending a worker per measurement made Chromium fail to start new
   * ones after a few large wasm heaps. A crashed bench worker is replaced.
   */
  bench(backend: BackendName, request: TrainingBenchRequest): Promise<TrainingBenchResult> {
    const run = async (): Promise<TrainingBenchResult> => {
      // The bench measures one model alone on the machine, as a single run trains: every core.
      this.benchWorker ??= this.configured(this.createWorker(), this.threaded ? (globalThis.navigator?.hardwareConcurrency ?? 1) : 1);
      const worker = this.benchWorker;
      const requestId = crypto.randomUUID();
      return new Promise<TrainingBenchResult>((resolve, reject) => {
        const done = () => {
          worker.removeEventListener('message', onMessage);
          worker.removeEventListener('error', onError);
        };
        const onMessage = (event: MessageEvent<unknown>) => {
          if (!isFromWorker(event.data) || event.data.type !== 'bench-result' || event.data.requestId !== requestId) return;
          done();
          if (event.data.result) resolve(event.data.result);
          else reject(new Error(event.data.error ?? 'the bench failed'));
        };
        const onError = (event: ErrorEvent) => {
          event.preventDefault();
          done();
          worker.terminate();
          if (this.benchWorker === worker) this.benchWorker = null;
          reject(new Error(`The bench worker crashed: ${event.message || 'unknown error'}`));
        };
        worker.addEventListener('message', onMessage);
        worker.addEventListener('error', onError);
        const message: ToWorker = { type: 'bench', requestId, backend, request };
        worker.postMessage(message);
      });
    };
    const result = this.benchQueue.then(run, run);
    this.benchQueue = result.catch(() => undefined);
    return result;
  }

  onProgress(listener: ProgressListener): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Runs training now; the UI shows them as busy. */
  runningRunIds(): RunId[] {
    return this.slots.flatMap((s) => (s.busy?.runId ? [s.busy.runId] : []));
  }

  terminateAll(): void {
    for (const slot of this.slots) slot.worker.terminate();
    this.slots.length = 0;
    this.benchWorker?.terminate();
    this.benchWorker = null;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.busy === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const next = this.queue.shift();
      if (!next) return;
      slot.busy = { requestId: next.request.requestId, runId: null, resolve: next.resolve };
      const message: ToWorker = { type: 'start', request: next.request };
      slot.worker.postMessage(message);
    }
  }

  /**
   * Threads per worker for threaded wasm: the cores shared among the pool's workers, so several
   * runs at once don't oversubscribe the CPU (tfjs's own default is half the cores per worker).
   */
  private get wasmThreads(): number {
    const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
    return this.threaded ? Math.max(1, Math.floor(cores / this.size)) : 1;
  }

  private configured(worker: Worker, wasmThreads: number): Worker {
    const message: ToWorker = { type: 'configure', wasmThreads };
    worker.postMessage(message);
    return worker;
  }

  private spawn(): Slot {
    const slot: Slot = { worker: this.configured(this.createWorker(), this.wasmThreads), busy: null };
    slot.worker.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (isFromWorker(event.data)) this.handle(slot, event.data);
    });
    slot.worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      void this.crash(slot, event.message || 'the training worker crashed');
    });
    slot.worker.addEventListener('messageerror', () => void this.crash(slot, 'a message from the worker could not be read'));
    this.slots.push(slot);
    return slot;
  }

  private handle(slot: Slot, message: FromWorker): void {
    switch (message.type) {
      case 'started':
        if (slot.busy) slot.busy.runId = message.runId;
        this.startListeners.get(message.requestId)?.(message.runId);
        this.startListeners.delete(message.requestId);
        return;
      case 'progress':
        for (const listener of this.progressListeners) listener(message.runId, message.progress);
        return;
      case 'bench-result':
        return; // answered to bench(), which has its own worker
      case 'ended': {
        const busy = slot.busy;
        slot.busy = null;
        this.startListeners.delete(message.requestId);
        busy?.resolve({ runId: message.runId, status: message.status, error: message.error });
        this.dispatch();
        return;
      }
    }
  }

  /** A crashed worker's run ends FAILED with the reason; the worker is replaced by a fresh one. */
  private async crash(slot: Slot, reason: string): Promise<void> {
    const busy = slot.busy;
    slot.busy = null;
    const index = this.slots.indexOf(slot);
    if (index !== -1) this.slots.splice(index, 1);
    if (busy?.runId) {
      try {
        await this.client.setTag('trainyard.error', `Training worker crashed: ${reason}`, { runId: busy.runId });
        await this.client.endRun('FAILED', { runId: busy.runId });
      } catch (error) {
        console.error('Could not mark the crashed run FAILED:', error);
      }
    }
    slot.worker.terminate();
    busy?.resolve({ runId: busy.runId, status: 'FAILED', error: reason });
    this.dispatch();
  }
}
