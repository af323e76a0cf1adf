/**
 * The training process. It trains one run at a time: picks a backend, creates the run through its
 * own tracking client (so the data of record goes straight to IndexedDB, even if the page is busy
 * or closes), runs the recipe with autolog on, and ends the run FINISHED, KILLED (Stop) or FAILED
 * with the reason (runTraining.ts). Only progress and the outcome go back to the page.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setStoreFault } from '../../db/faults';
import { TrainyardDB } from '../../db/schema';
import { TrackingClient } from '../../db/trackingClient';
import { autolog } from '../tfjs/autolog';
import type { BackendName, FromWorker, ToWorker, TrainRequest } from './protocol';
import { RECIPE_RUNNERS } from './recipes';
import { preloadText } from './recipes/text';
import { benchAutologOverhead, benchReuters } from './text/trainingBench';
import { BACKEND_ORDER, chooseBackendByTrial, configureWasmThreads, denseTrial, environmentTags, trySetBackend } from '../tfjs/backend';
import { describeAutoChoice } from '../tfjs/pickBackend';
import { Trainer } from './runTraining';

const client = new TrackingClient({ db: new TrainyardDB() });
let stopAutolog: (() => void) | null = autolog(tf, client);

function post(message: FromWorker): void {
  self.postMessage(message);
}

/** The measured choice, made once per worker on first use. */
let measured: { backend: BackendName; timings: Partial<Record<BackendName, number>> } | null = null;

async function selectBackend(wanted: TrainRequest['backend']): Promise<{ backend: BackendName; tags: Record<string, string> }> {
  if (wanted === 'auto') {
    measured ??= await chooseBackendByTrial(denseTrial);
    await trySetBackend(measured.backend);
    return { backend: measured.backend, tags: { 'trainyard.backend_choice': describeAutoChoice(measured.backend, measured.timings) } };
  }
  for (const name of [wanted, ...BACKEND_ORDER]) {
    if (await trySetBackend(name)) return { backend: name, tags: { 'trainyard.backend_choice': `chosen: ${wanted}` } };
  }
  throw new Error('No TensorFlow.js backend could start in this browser.');
}

// The built-in corpus downloads while the backend starts (recipes/text.ts keeps it for the next run).
const preload = (recipe: string, params: Record<string, number | string>) => {
  if (recipe === 'text_classifier') preloadText(params);
};

const trainer = new Trainer({ tf, client, runners: RECIPE_RUNNERS, selectBackend, environmentTags, post, preload });

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'configure':
      configureWasmThreads(message.wasmThreads);
      return;
    case 'start':
      void trainer.train(message.request);
      return;
    case 'stop':
      trainer.stop(message.runId);
      return;
    case 'faults':
      setStoreFault(message.fault);
      return;
    case 'bench':
      void bench(message);
      return;
  }
});

/** Bench only: one measurement on the requested backend, in a worker that trains nothing else. */
async function bench(message: Extract<ToWorker, { type: 'bench' }>): Promise<void> {
  try {
    if (!(await trySetBackend(message.backend))) throw new Error(`The ${message.backend} backend is not available here.`);
    const request = message.request;
    const result =
      request.kind === 'reuters'
        ? await benchReuters(tf, request.variant, request)
        : await benchAutologOverhead(
            tf,
            (on) => {
              stopAutolog?.();
              stopAutolog = on ? autolog(tf, client) : null;
            },
            request,
          );
    post({ type: 'bench-result', requestId: message.requestId, result });
  } catch (error) {
    post({ type: 'bench-result', requestId: message.requestId, error: error instanceof Error ? error.message : String(error) });
  }
}
