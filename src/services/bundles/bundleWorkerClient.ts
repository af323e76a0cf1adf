/**
 * The page's side of the bundle worker: one lazily started worker, requests matched by id,
 * progress passed to the caller, and errors rebuilt (a BundleImportError keeps its problems).
 */
import type { BundleSelection, ConflictChoice, ImportSummary } from '../../db/bundleStore';
import type { ExportReport, PendingImport } from '../../db/bundleTransfer';
import { BundleImportError } from '../../domain/errors';
import { isFromBundleWorker, type FromBundleWorker, type ToBundleWorker } from '../../workers/bundle/protocol';

type Handler = (message: FromBundleWorker) => void;

export class BundleWorkerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly handlers = new Map<number, Handler>();

  private get port(): Worker {
    if (!this.worker) {
      const worker = new Worker(new URL('../../workers/bundle/bundle.worker.ts', import.meta.url), { type: 'module' });
      worker.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (isFromBundleWorker(event.data)) this.handlers.get(event.data.id)?.(event.data);
      });
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        const message = `The bundle worker crashed: ${event.message || 'unknown error'}`;
        for (const [id, handler] of this.handlers) handler({ type: 'failed', id, error: { name: 'Error', message } });
        this.handlers.clear();
        this.worker?.terminate();
        this.worker = null;
      });
      this.worker = worker;
    }
    return this.worker;
  }

  /** Sends one request and resolves with the first answer that `pick` accepts. */
  private request<T>(message: ToBundleWorker, pick: (answer: FromBundleWorker) => T | undefined, onProgress?: (done: number, total: number) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.handlers.set(message.id, (answer) => {
        if (answer.type === 'progress') return onProgress?.(answer.done, answer.total);
        this.handlers.delete(message.id);
        if (answer.type === 'failed') {
          const { name, message: text, problems } = answer.error;
          reject(problems ? new BundleImportError(problems) : Object.assign(new Error(text), { name }));
          return;
        }
        const value = pick(answer);
        if (value === undefined) reject(new Error(`Unexpected answer from the bundle worker: ${answer.type}`));
        else resolve(value);
      });
      this.port.postMessage(message);
    });
  }

  /** The bundle and what in it MLflow 2.x would refuse. */
  export(selection: BundleSelection, options: { appVersion: string; onProgress?: (done: number, total: number) => void }): Promise<ExportReport> {
    const message: ToBundleWorker = { type: 'export', id: this.nextId++, selection, appVersion: options.appVersion };
    return this.request(message, (a) => (a.type === 'exported' ? { blob: a.blob, warnings: a.warnings } : undefined), options.onProgress);
  }

  async open(file: Blob, options: { onProgress?: (done: number, total: number) => void } = {}): Promise<PendingImport> {
    const id = this.nextId++;
    const notes = await this.request({ type: 'open', id, file }, (a) => (a.type === 'opened' ? a.notes : undefined), options.onProgress);
    const summary = (type: 'plan' | 'write', onConflict: ConflictChoice) =>
      this.request<ImportSummary & { notes: string[] }>({ type, id, onConflict }, (a) => (a.type === 'summary' ? a.summary : undefined));
    return { notes, plan: (onConflict) => summary('plan', onConflict), write: (onConflict) => summary('write', onConflict) };
  }
}
