/**
 * The page's side of the sync worker: one lazily started worker, requests matched by id, progress
 * passed to the caller. Tests pass `createWorker` with an in-process stand-in.
 */
import { isFromSyncWorker, type FromSyncWorker, type ToSyncWorker } from '../../workers/sync/protocol';

type Handler = (message: FromSyncWorker) => void;
type Request = ToSyncWorker extends infer T ? (T extends ToSyncWorker ? Omit<T, 'id'> : never) : never;

/** What the client needs of a Worker. */
export interface SyncPort {
  postMessage(message: ToSyncWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

export class SyncWorkerClient {
  private worker: SyncPort | null = null;
  private nextId = 1;
  private readonly handlers = new Map<number, Handler>();
  private readonly createWorker: () => SyncPort;

  constructor(createWorker?: () => SyncPort) {
    this.createWorker = createWorker ?? (() => new Worker(new URL('../../workers/sync/sync.worker.ts', import.meta.url), { type: 'module' }) as unknown as SyncPort);
  }

  private get port(): SyncPort {
    if (!this.worker) {
      const worker = this.createWorker();
      worker.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (isFromSyncWorker(event.data)) this.handlers.get(event.data.id)?.(event.data);
      });
      worker.addEventListener('error', (event: ErrorEvent) => {
        event.preventDefault();
        const message = `The sync worker crashed: ${event.message || 'unknown error'}. Nothing was lost; try again.`;
        for (const [id, handler] of this.handlers) handler({ type: 'failed', id, error: { name: 'Error', message } });
        this.handlers.clear();
        this.worker?.terminate();
        this.worker = null;
      });
      this.worker = worker;
    }
    return this.worker;
  }

  /** Sends one request; resolves with its final answer (anything but progress), rejects on `failed`. */
  request(message: Request, onProgress?: (progress: Extract<FromSyncWorker, { type: 'progress' }>) => void): Promise<Exclude<FromSyncWorker, { type: 'progress' | 'failed' }>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.handlers.set(id, (answer) => {
        if (answer.type === 'progress') return onProgress?.(answer);
        this.handlers.delete(id);
        if (answer.type === 'failed') reject(Object.assign(new Error(answer.error.message), { name: answer.error.name }));
        else resolve(answer);
      });
      this.port.postMessage({ ...message, id } as ToSyncWorker);
    });
  }
}
