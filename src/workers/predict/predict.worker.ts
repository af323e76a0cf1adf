/**
 * The prediction worker: loads logged models from the store with its own tracking client and
 * predicts (predictModel.ts), so TF.js never loads in the page. It uses the training worker's
 * backend setup (wasm binaries shipped with the build, no CDN) and runs a model on the backend
 * its run trained on when this browser has it, else wasm, else cpu.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { TrainyardDB } from '../../db/schema';
import { TrackingClient } from '../../db/trackingClient';
import type { BackendName } from '../train/protocol';
import { configureWasmThreads, trySetBackend } from '../tfjs/backend';
import { ModelServer } from './predictModel';
import type { FromPredictWorker, ToPredictWorker } from './protocol';

// One thread: a prediction is a few small matmuls, and the plain SIMD build starts fastest.
configureWasmThreads(1);

const FALLBACKS: readonly BackendName[] = ['wasm', 'cpu'];

async function selectBackend(trainedOn: string | null): Promise<string> {
  const wanted = (['webgpu', 'webgl', 'wasm', 'cpu'] as const).find((name) => name === trainedOn);
  for (const name of wanted ? [wanted, ...FALLBACKS] : FALLBACKS) {
    if (await trySetBackend(name)) return name;
  }
  throw new Error('No TensorFlow.js backend could start in this browser.');
}

const server = new ModelServer({ tf, client: new TrackingClient({ db: new TrainyardDB() }), selectBackend });

function post(message: FromPredictWorker): void {
  self.postMessage(message);
}

function failure(id: number, error: unknown): FromPredictWorker {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  return { type: 'failed', id, error: { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}) } };
}

self.addEventListener('message', (event: MessageEvent<ToPredictWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'describe':
      server.describe(message.location).then(
        (info) => post({ type: 'described', id: message.id, info }),
        (error: unknown) => post(failure(message.id, error)),
      );
      return;
    case 'predict':
      server.predict(message.location, message.rows).then(
        (results) => post({ type: 'predicted', id: message.id, results }),
        (error: unknown) => post(failure(message.id, error)),
      );
      return;
  }
});
