/**
 * What `window.trainyard` is: the page's tracking client plus helpers that only make sense in the
 * page. Every verb of the client (startRun, logMetric, searchRuns…) is available as is.
 */
import { TrackingClient } from '../db/trackingClient';
import { isFromScriptWorker, type ToScriptWorker } from '../worker/protocol';

export class TrainyardConsole extends TrackingClient {
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
