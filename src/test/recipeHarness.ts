/**
 * Test harness for recipe runners: each test gets a fresh database, a tracking client with autolog
 * on the cpu backend, and `runRecipe`, which runs a recipe the way the training worker does (seeded
 * randomness, a run around it, Stop after N batches, progress collected).
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { TrainyardDB } from '../db/schema';
import { TrackingClient } from '../db/trackingClient';
import { defaultParams, findEntryPoint, findRecipe } from '../domain/recipes/recipeCatalogue';
import { autolog } from '../workers/tfjs/autolog';
import type { Progress } from '../workers/train/protocol';
import { withSeededMathRandom } from '../workers/tfjs/seededRandom';
import type { RecipeRunner } from '../workers/train/recipes/runner.types';

export function setupRecipeHarness() {
  const harness = { client: null as unknown as TrackingClient };
  let db: TrainyardDB;
  let stopAutolog: () => void;

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  beforeEach(async () => {
    db = new TrainyardDB(`recipe-${crypto.randomUUID()}`);
    await db.open();
    harness.client = new TrackingClient({ db });
    stopAutolog = autolog(tf, harness.client);
  });
  afterEach(async () => {
    stopAutolog();
    await harness.client.close();
    await db.delete();
  });

  async function runRecipe(options: {
    runner: RecipeRunner;
    recipe: string;
    entryPoint: string;
    params: Record<string, number | string>;
    stopAfterBatches?: number;
  }) {
    const { client } = harness;
    const recipe = findRecipe(options.recipe);
    const params = { ...defaultParams(recipe, findEntryPoint(recipe, options.entryPoint)), ...options.params };
    const run = await client.startRun({ runName: options.recipe });
    const progress: Progress[] = [];
    let batches = 0;
    const stopAfter = options.stopAfterBatches ?? Infinity;
    const outcome = await withSeededMathRandom(Number(params.seed), () =>
      options.runner({
        tf,
        client,
        runId: run.runId,
        entryPoint: options.entryPoint,
        params,
        stopRequested: () => ++batches > stopAfter,
        onProgress: (p) => progress.push(p),
      }),
    );
    await client.endRun(outcome.stopped ? 'KILLED' : 'FINISHED');
    return { runId: run.runId, outcome, progress, stored: await client.getRun(run.runId) };
  }

  return { harness, runRecipe };
}
