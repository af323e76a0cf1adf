/**
 * A worker that runs a user's function with its own tracking client, so code off the main thread
 * logs straight into the store (the same path the training worker takes). The function arrives as
 * source text: it can't close over page variables, only use its `trainyard` argument and globals.
 */
import { TrainyardDB } from '../../db/schema';
import { TrackingClient } from '../../db/trackingClient';
import type { FromScriptWorker, ToScriptWorker } from './protocol';

const client = new TrackingClient({ db: new TrainyardDB() });

function post(message: FromScriptWorker): void {
  self.postMessage(message);
}

self.addEventListener('message', (event: MessageEvent<ToScriptWorker>) => {
  const message = event.data;
  if (message.type !== 'run') return;
  void (async () => {
    try {
      const fn = new Function(`return (${message.source});`)() as (trainyard: TrackingClient) => unknown;
      const result = await fn(client);
      await client.flush();
      post({ type: 'done', result: structuredCloneable(result) });
    } catch (error) {
      await client.flush().catch(() => undefined); // the run keeps whatever was logged before the error
      const e = error instanceof Error ? error : new Error(String(error));
      post({ type: 'failed', error: { name: e.name, message: e.message } });
    }
  })();
});

function structuredCloneable(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return String(value);
  }
}
