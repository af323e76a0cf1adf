/**
 * The training process. It trains one run at a time: picks a backend, creates the run through its
 * own tracking client (so the data of record goes straight to IndexedDB, even if the page is busy
 * or closes), runs the recipe with autolog on, and ends the run FINISHED, KILLED (Stop) or FAILED
 * with the reason. Only progress and the outcome go back to the page.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { TrainyardDB } from '../../db/schema';
import { APP_VERSION, TrackingClient } from '../../db/trackingClient';
import type { RunId } from '../../domain/ids';
import { findEntryPoint, findRecipe } from '../../domain/recipes/recipeCatalogue';
import { validateParams } from '../../domain/recipes/validateRecipe';
import { autolog } from '../autolog';
import { withSeededMathRandom } from '../seededRandom';
import type { BackendName, FromWorker, ToWorker, TrainRequest } from '../protocol';
import { RECIPE_RUNNERS } from '../recipes';
import { benchAutologOverhead, benchReuters } from '../text/trainingBench';
import { BACKEND_ORDER, chooseBackendByTrial, configureWasmThreads, denseTrial, environmentTags, trySetBackend } from './backend';

const client = new TrackingClient({ db: new TrainyardDB() });
let stopAutolog: (() => void) | null = autolog(tf, client);
let current: { runId: RunId | null; stop: boolean } | null = null;

function post(message: FromWorker): void {
  self.postMessage(message);
}

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'configure':
      configureWasmThreads(message.wasmThreads);
      return;
    case 'start':
      void train(message.request);
      return;
    case 'stop':
      if (current && current.runId === message.runId) current.stop = true;
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

/** The measured choice, made once per worker on first use. */
let measured: { backend: BackendName; timings: Partial<Record<BackendName, number>> } | null = null;

async function selectBackend(wanted: TrainRequest['backend']): Promise<{ backend: BackendName; tags: Record<string, string> }> {
  if (wanted === 'auto') {
    measured ??= await chooseBackendByTrial(denseTrial);
    await trySetBackend(measured.backend);
    const timings = Object.entries(measured.timings).map(([name, ms]) => `${name}=${(ms ?? 0).toFixed(1)}ms`);
    return { backend: measured.backend, tags: { 'trainyard.backend_choice': `auto (${timings.join(', ')})` } };
  }
  for (const name of [wanted, ...BACKEND_ORDER]) {
    if (await trySetBackend(name)) return { backend: name, tags: { 'trainyard.backend_choice': `chosen: ${wanted}` } };
  }
  throw new Error('No TensorFlow.js backend could start in this browser.');
}

async function train(request: TrainRequest): Promise<void> {
  const state = { runId: null as RunId | null, stop: false };
  current = state;
  try {
    const recipe = findRecipe(request.recipe);
    const entryPoint = findEntryPoint(recipe, request.entryPoint);
    const checked = validateParams(entryPoint, request.params);
    if (!checked.ok) {
      throw new Error(Object.entries(checked.errors).map(([k, v]) => `${k}: ${v}`).join('; '));
    }
    const runner = RECIPE_RUNNERS[recipe.name];
    if (!runner) throw new Error(`Recipe "${recipe.name}" has no implementation in this version.`);
    const { backend, tags: backendTags } = await selectBackend(request.backend);
    const run = await client.startRun({
      experimentId: request.experimentId,
      runName: request.runName,
      tags: {
        ...environmentTags(),
        ...backendTags,
        'trainyard.recipe': recipe.name,
        'trainyard.entry_point': entryPoint.name,
        'trainyard.app_version': APP_VERSION,
        'mlflow.source.type': 'PROJECT',
        'mlflow.project.entryPoint': entryPoint.name,
        ...(request.rerunOf ? { 'trainyard.rerun_of': request.rerunOf } : {}),
      },
    });
    state.runId = run.runId;
    post({ type: 'started', requestId: request.requestId, runId: run.runId, backend });
    await client.logParams(checked.params, { runId: run.runId });
    const outcome = await withSeededMathRandom(Number(checked.params.seed ?? 0), () =>
      runner({
        tf,
        client,
        runId: run.runId,
        entryPoint: entryPoint.name,
        params: checked.params,
        stopRequested: () => state.stop,
        onProgress: (progress) => post({ type: 'progress', runId: run.runId, progress }),
      }),
    );
    const status = outcome.stopped ? 'KILLED' : 'FINISHED';
    await client.endRun(status, { runId: run.runId });
    post({ type: 'ended', requestId: request.requestId, runId: run.runId, status });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (state.runId) {
      // The run keeps everything it logged and says why it failed.
      await client.setTag('trainyard.error', reason.slice(0, 5000), { runId: state.runId }).catch(() => undefined);
      await client.endRun('FAILED', { runId: state.runId }).catch(() => undefined);
    }
    post({ type: 'ended', requestId: request.requestId, runId: state.runId, status: 'FAILED', error: reason });
  } finally {
    current = null;
  }
}
