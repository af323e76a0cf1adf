/**
 * Every recipe as the training worker runs it (Trainer, the real runners, autolog, a store), with
 * the page's two expectations of a run in progress: its per-epoch metrics reach the store while it
 * trains (so the Train panel and the run page, in any tab, draw them live), and Stop, which reaches
 * the worker as a message (a task of its own), ends it at the next batch. A fit loop that never
 * lets another task run meets neither: the metric writer's timer, IndexedDB's events and the Stop
 * message all wait until training is over.
 *
 * The harness in src/test/recipeHarness.ts answers Stop from inside the loop (a batch counter), so it
 * cannot show this; these tests deliver Stop through a MessageChannel, as the worker receives it.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TrainyardDB } from '../../../db/schema';
import { TrackingClient } from '../../../db/trackingClient';
import type { RunId } from '../../../domain/ids';
import { importDataset } from '../../../services/training/datasetImport';
import { autolog } from '../../tfjs/autolog';
import type { FromWorker } from '../protocol';
import { Trainer } from '../runTraining';
import { RECIPE_RUNNERS } from './index';
import type { RecipeContext } from './runner.types';

let db: TrainyardDB;
let client: TrackingClient;
let stopAutolog: () => void;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(async () => {
  db = new TrainyardDB(`live-${crypto.randomUUID()}`);
  await db.open();
  // The worker's client writes every 200 ms; a shorter interval keeps these runs short.
  client = new TrackingClient({ db, flushIntervalMs: 10 });
  // Every batch's loss is logged too: `batch/loss` counts the batches trained.
  stopAutolog = autolog(tf, client, { logModels: false, logEveryNBatches: 1 });
});

afterEach(async () => {
  stopAutolog();
  await client.close();
  db.close();
  await new TrainyardDB(db.name).delete();
});

afterAll(() => tf.disposeVariables());

/** A small labelled corpus: four topics, each document mixing topic words with common words. */
function newsCsv(docs: number): string {
  const topics = [
    ['wheat', 'corn', 'harvest', 'crop'],
    ['crude', 'barrel', 'opec', 'refinery'],
    ['rate', 'bank', 'dollar', 'bond'],
    ['port', 'vessel', 'cargo', 'tanker'],
  ];
  const common = ['the', 'said', 'of', 'in', 'market', 'week'];
  const lines = ['text,label'];
  for (let i = 0; i < docs; i++) {
    const topic = topics[i % 4] as string[];
    const words = Array.from({ length: 10 }, (_, k) => (k % 2 === 0 ? topic[(i + k) % 4] : common[(i * 7 + k) % 6]));
    lines.push(`${words.join(' ')},topic${i % 4}`);
  }
  return lines.join('\n');
}

/** A wine-like table: a few measurements and a `quality` score that depends on them. */
function wineCsv(rows: number): string {
  const lines = ['acidity,sugar,alcohol,quality'];
  for (let i = 0; i < rows; i++) {
    const a = ((i * 37) % 101) / 10;
    const s = ((i * 53) % 97) / 20;
    const alc = 9 + ((i * 29) % 41) / 10;
    lines.push(`${a.toFixed(2)},${s.toFixed(2)},${alc.toFixed(2)},${Math.round(3 + alc / 3 - a / 10)}`);
  }
  return lines.join('\n');
}

interface Case {
  name: string;
  recipe: string;
  entryPoint: string;
  /** The run's params (epochs large enough that the run is still training when the test acts). */
  params: (client: TrackingClient) => Promise<Record<string, number | string>>;
}

const CASES: Case[] = [
  { name: 'text_classifier', recipe: 'text_classifier', entryPoint: 'mlp', params: async (c) => ({
    dataset: await importDataset(c, newsCsv(320), { kind: 'text', fileName: 'news.csv' }),
    epochs: 200, hidden_units: 16, max_words: 100, seed: 1,
  }) },
  { name: 'iris_logreg', recipe: 'iris_logreg', entryPoint: 'main', params: async () => ({ epochs: 1000, seed: 1 }) },
  { name: 'wine_quality mlp', recipe: 'wine_quality', entryPoint: 'mlp', params: async (c) => ({
    dataset: await importDataset(c, wineCsv(400), { fileName: 'wine.csv' }), epochs: 2000, hidden_layers: '8', seed: 1,
  }) },
  { name: 'wine_quality sgd', recipe: 'wine_quality', entryPoint: 'sgd', params: async (c) => ({
    dataset: await importDataset(c, wineCsv(400), { fileName: 'wine.csv' }), epochs: 2000, seed: 1,
  }) },
  { name: 'csv', recipe: 'csv', entryPoint: 'mlp', params: async (c) => ({
    dataset: await importDataset(c, wineCsv(400), { fileName: 'table.csv' }), target: 'quality', task: 'regression', epochs: 1000, hidden_layers: '8', seed: 1,
  }) },
];

/**
 * Starts a run in a Trainer (the worker's), counting the batches the recipe starts (each asks
 * `stopRequested` once; `onBatch` sees the count). `stop()` delivers Stop as the worker gets it: a
 * message, handled in a task of its own.
 */
async function startRun(c: Case, onBatch: (batches: number) => void = () => undefined) {
  const posted: FromWorker[] = [];
  const live = { batches: 0, runId: null as RunId | null, batchesWhenStopArrived: null as number | null };
  const counted = (context: RecipeContext): RecipeContext => ({
    ...context,
    stopRequested: () => {
      live.runId = context.runId;
      live.batches += 1;
      onBatch(live.batches);
      return context.stopRequested();
    },
  });
  const trainer = new Trainer({
    tf,
    client,
    runners: Object.fromEntries(
      Object.entries(RECIPE_RUNNERS).map(([name, runner]) => [name, runner && ((context: RecipeContext) => runner(counted(context)))]),
    ),
    selectBackend: async () => ({ backend: 'cpu', tags: {} }),
    environmentTags: () => ({}),
    post: (message) => posted.push(message),
  });
  const params = await c.params(client);
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    live.batchesWhenStopArrived = live.batches;
    if (live.runId) trainer.stop(live.runId);
  };
  const done = trainer
    .train({ requestId: crypto.randomUUID(), recipe: c.recipe, entryPoint: c.entryPoint, params, backend: 'cpu' })
    .finally(() => channel.port1.close());
  const ended = () => posted.find((m): m is Extract<FromWorker, { type: 'ended' }> => m.type === 'ended');
  return { live, done, ended, epochs: Number(params.epochs), stop: () => channel.port2.postMessage('stop') };
}

/** Long enough for a run that ignores Stop to train all its epochs (and fail the test, not time out). */
const TIMEOUT = 120_000;

/** Resolves in a later task (after a timer of its own). */
const later = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe.each(CASES)('$name in the training worker', (c) => {
  it("should store each epoch's metrics while the run is still RUNNING", async () => {
    const run = await startRun(c);
    // Watch the store from other tasks, as the page does; press Stop once an epoch's loss is there.
    let seenWhileRunning: { status: string; losses: number } | null = null;
    while (!run.ended()) {
      if (run.live.runId && !seenWhileRunning) {
        const stored = await client.getRun(run.live.runId);
        const losses = stored.metrics.loss?.count ?? 0;
        if (stored.status === 'RUNNING' && losses > 0) {
          seenWhileRunning = { status: stored.status, losses };
          run.stop();
        }
      }
      await later();
    }
    await run.done;
    expect(run.ended()).toMatchObject({ status: 'KILLED' });
    const final = await client.getRun(run.ended()?.runId as RunId);
    expect(seenWhileRunning?.status).toBe('RUNNING');
    expect(seenWhileRunning?.losses).toBeLessThan(run.epochs);
    expect(final.status).toBe('KILLED');
    expect(final.metrics.loss?.count).toBeLessThan(run.epochs);
  }, TIMEOUT);

  it('should honour Stop within one batch of its message arriving', async () => {
    const POSTED_AT = 3;
    // Stop is posted as the third batch begins, so the message waits in the queue while that batch trains.
    const run = await startRun(c, (batches) => {
      if (batches === POSTED_AT) run.stop();
    });
    await run.done;
    expect(run.ended()).toMatchObject({ status: 'KILLED' });
    const stored = await client.getRun(run.ended()?.runId as RunId);
    // The worker read the message before the next batch, which saw it, trained, and was the last.
    expect(run.live.batchesWhenStopArrived).toBe(POSTED_AT);
    expect(stored.metrics['batch/loss']?.count).toBe(POSTED_AT + 1);
  }, TIMEOUT);
});
