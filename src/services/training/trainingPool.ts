/**
 * The page's side of training: a pool of module workers (one per core by default), each training
 * one run at a time. It starts runs, relays progress to subscribers, stops runs, and when a worker
 * crashes it ends that worker's run FAILED with the reason (through the page's tracking client)
 * and replaces the worker. A worker that vanishes without an error event (terminated, killed by
 * the browser) is noticed through its tracking client's Web Lock: its run ends KILLED, the next
 * queued run gets a fresh worker.
 */
import type { RunId } from '../../domain/ids';
import type { StoreFault } from '../../db/faults';
import type { TrackingClient } from '../../db/trackingClient';
import { whenWriterGone as realWhenWriterGone } from '../../db/writerLiveness';
import { failureTags } from '../../domain/tracking/failure';
import { isFromWorker, type BackendName, type FromWorker, type Progress, type ToWorker, type TrainRequest, type WorkerAfterRun } from '../../workers/train/protocol';
import type { TrainingBenchRequest, TrainingBenchResult } from '../../workers/train/text/trainingBench';

export interface TrainResult {
  runId: RunId | null;
  status: 'FINISHED' | 'FAILED' | 'KILLED';
  error?: string;
  /** The worker's tf.memory() after the run, when it could say (not after a crash). */
  worker?: WorkerAfterRun;
}

interface Slot {
  worker: Worker;
  /** The worker's tracking client, once it has said (in its first `started`); watched for its end. */
  writerId?: string;
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
  private readonly whenWriterGone: (writerId: string) => Promise<void>;
  /** Test only: the simulated storage fault every worker gets (simulateStorageFault). */
  private storeFault: StoreFault | null = null;

  /** Whether wasm may use its threaded build (settings.wasmThreads); without, one thread per worker. */
  private readonly threaded: boolean;

  constructor(options: {
    client: TrackingClient;
    size?: number;
    wasmThreads?: boolean;
    createWorker?: () => Worker;
    /** Resolves when a writer's Web Lock is released (writerLiveness.ts); tests pass their own. */
    whenWriterGone?: (writerId: string) => Promise<void>;
  }) {
    this.client = options.client;
    this.whenWriterGone = options.whenWriterGone ?? realWhenWriterGone;
    this.threaded = options.wasmThreads ?? false;
    this.size = Math.max(1, options.size ?? globalThis.navigator?.hardwareConcurrency ?? 2);
    this.createWorker =
      options.createWorker ?? (() => new Worker(new URL('../../workers/train/train.worker.ts', import.meta.url), { type: 'module' }));
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

  /** Runs training, starting (choosing a backend, before they have an id) or queued in this pool. */
  activeRunCount(): number {
    return this.queue.length + this.slots.filter((s) => s.busy !== null).length;
  }

  /**
   * Test only: a simulated storage fault (db/faults.ts) in every worker's store writes, or none with
   * null. The page's own writes are the caller's business (setStoreFault).
   */
  simulateStorageFault(fault: StoreFault | null): void {
    this.storeFault = fault;
    for (const slot of this.slots) this.sendFault(slot.worker);
  }

  /**
   * Test only: terminates the worker training `runId` without telling the pool, as the browser
   * does when it kills a worker (out of memory). The pool must notice on its own.
   */
  simulateWorkerLoss(runId: RunId): boolean {
    const slot = this.slots.find((s) => s.busy?.runId === runId);
    slot?.worker.terminate();
    return slot !== undefined;
  }

  /** Ends every worker; their runs end KILLED with the reason, and pending trainings resolve. */
  terminateAll(): void {
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      slot.worker.terminate();
      const busy = slot.busy;
      slot.busy = null;
      if (!busy) continue;
      const reason = 'The training workers were shut down.';
      const ended = busy.runId
        ? this.client.endRun('KILLED', { runId: busy.runId, tags: { 'trainyard.killedReason': reason } }).catch((error: unknown) => {
            console.error('Could not end the run of a shut-down worker:', error);
          })
        : Promise.resolve();
      void ended.then(() => busy.resolve({ runId: busy.runId, status: 'KILLED', error: reason }));
    }
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
    if (this.storeFault) this.sendFault(worker);
    return worker;
  }

  private sendFault(worker: Worker): void {
    const message: ToWorker = { type: 'faults', fault: this.storeFault };
    worker.postMessage(message);
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
        if (message.writerId && !slot.writerId) this.watchWriter(slot, message.writerId);
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
        busy?.resolve({ runId: message.runId, status: message.status, error: message.error, ...(message.worker ? { worker: message.worker } : {}) });
        this.dispatch();
        return;
      }
    }
  }

  /**
   * Notices the worker going away without a word (its Web Lock is released): its run is ended
   * KILLED by the orphan sweep (with the reason tag), the training resolves, the queue goes on.
   */
  private watchWriter(slot: Slot, writerId: string): void {
    slot.writerId = writerId;
    void this.whenWriterGone(writerId).then(async () => {
      const index = this.slots.indexOf(slot);
      if (index === -1) return; // crashed, or terminated by the pool itself: already handled
      this.slots.splice(index, 1);
      const busy = slot.busy;
      slot.busy = null;
      slot.worker.terminate();
      if (busy) {
        try {
          await this.client.killOrphanedRuns();
        } catch (error) {
          console.error('Could not end the run of a lost worker:', error);
        }
        busy.resolve({ runId: busy.runId, status: 'KILLED', error: 'The training worker stopped unexpectedly.' });
      }
      this.dispatch();
    });
  }

  /** A crashed worker's run ends FAILED with the reason; the worker is replaced by a fresh one. */
  private async crash(slot: Slot, reason: string): Promise<void> {
    const busy = slot.busy;
    slot.busy = null;
    const index = this.slots.indexOf(slot);
    if (index !== -1) this.slots.splice(index, 1);
    if (busy?.runId) {
      try {
        const message = `Training worker crashed: ${reason}`;
        await this.client.endRun('FAILED', { runId: busy.runId, tags: failureTags({ kind: 'crash', message }) });
      } catch (error) {
        console.error('Could not mark the crashed run FAILED:', error);
      }
    }
    slot.worker.terminate();
    busy?.resolve({ runId: busy.runId, status: 'FAILED', error: reason });
    this.dispatch();
  }
}
