/**
 * `runInWorker(fn)`: a user's function run in a new script worker (workers/script) with its own
 * tracking client on the same store. This service owns that hop: one worker per call, terminated
 * when the function settles or the signal aborts (its RUNNING runs then end KILLED by the sweep).
 */
import type { TrackingClient } from '../../db/trackingClient';
import { isFromScriptWorker, type ToScriptWorker } from '../../workers/script/protocol';

export class ScriptService {
  /** Runs `fn(trainyard)` in a new module worker and resolves with its result. */
  runInWorker<T>(fn: (trainyard: TrackingClient) => T | Promise<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    const worker = new Worker(new URL('../../workers/script/script.worker.ts', import.meta.url), { type: 'module' });
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
