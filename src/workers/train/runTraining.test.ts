/**
 * Faults during a training run, as the worker meets them, against a real (fake-indexeddb) store:
 * a recipe that throws, a loss that becomes NaN, metric writes that fail, a full disk, and a
 * database upgrade in another tab. Each test checks the store afterwards: the run ends FAILED or
 * KILLED with the reason in a tag, what was logged before is there, another run is untouched.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setStoreFault } from '../../db/faults';
import { TrainyardDB } from '../../db/schema';
import { TrackingClient } from '../../db/trackingClient';
import type { RunId } from '../../domain/ids';
import { autolog } from '../tfjs/autolog';
import type { FromWorker, TrainRequest } from './protocol';
import type { RecipeContext, RecipeRunner } from './recipes/runner.types';
import { newTrainingState, runTraining, Trainer, UPDATED_ELSEWHERE, type TrainingDeps } from './runTraining';

let db: TrainyardDB;
let client: TrackingClient;
let other: TrackingClient;
let stopAutolog: () => void;
let posted: FromWorker[];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(async () => {
  db = new TrainyardDB(`train-${crypto.randomUUID()}`);
  await db.open();
  client = new TrackingClient({ db, flushIntervalMs: 5 });
  other = new TrackingClient({ db, flushIntervalMs: 5 });
  stopAutolog = autolog(tf, client, { logModels: false });
  posted = [];
});

afterEach(async () => {
  setStoreFault(null);
  stopAutolog();
  await client.close().catch(() => undefined);
  await other.close().catch(() => undefined);
  db.close();
  await new TrainyardDB(db.name).delete();
});

afterAll(() => tf.disposeVariables());

function deps(runner: RecipeRunner): TrainingDeps {
  return {
    tf,
    client,
    runners: { iris_logreg: runner },
    selectBackend: async () => ({ backend: 'cpu', tags: {} }),
    environmentTags: () => ({ 'trainyard.backend': 'cpu' }),
    post: (message) => posted.push(message),
  };
}

function request(): TrainRequest {
  return { requestId: crypto.randomUUID(), recipe: 'iris_logreg', entryPoint: 'main', params: { epochs: 10, seed: 1 }, backend: 'cpu' };
}

/**
 * A recipe's fit: a tiny regression, `epochs` epochs of 4 batches. `nanFromEpoch` makes the loss NaN
 * from that epoch on (a custom loss, as a diverging model's). Stop is checked at every batch.
 */
async function fitTiny(context: RecipeContext, options: { epochs: number; nanFromEpoch?: number; onEpoch?: (epoch: number) => void }) {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'zeros' })] });
  let epoch = 0;
  model.compile({
    optimizer: tf.train.sgd(0.01),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => {
      const mse = tf.losses.meanSquaredError(yTrue, yPred);
      return options.nanFromEpoch !== undefined && epoch >= options.nanFromEpoch ? tf.mul(mse, NaN) : mse;
    },
  });
  const x = tf.tensor2d(Array.from({ length: 32 }, (_, i) => [i / 32, 1 - i / 32]));
  const y = tf.tensor2d(Array.from({ length: 32 }, (_, i) => [i / 16]));
  try {
    await model.fit(x, y, {
      epochs: options.epochs,
      batchSize: 8,
      verbose: 0,
      callbacks: {
        onBatchBegin: async () => {
          if (context.stopRequested()) model.stopTraining = true;
        },
        onEpochEnd: async (e: number) => {
          epoch = e + 1;
          // The previous epoch's points land (autolog logs this one after); a failure reaches onError.
          await context.client.flush().catch(() => undefined);
          options.onEpoch?.(e);
        },
      },
    });
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
  }
  return { stopped: context.stopRequested() };
}

function ended(): Extract<FromWorker, { type: 'ended' }> {
  const message = posted.find((m) => m.type === 'ended');
  if (!message || message.type !== 'ended') throw new Error('no ended message');
  return message;
}

async function bystander(): Promise<RunId> {
  const run = await other.createRun({ runName: 'bystander' });
  other.logMetric('loss', 1, { runId: run.runId, step: 0 });
  await other.flush();
  return run.runId;
}

async function expectBystanderUntouched(runId: RunId): Promise<void> {
  const run = await other.getRun(runId);
  expect(run.status).toBe('RUNNING');
  expect(run.tags['trainyard.error']).toBeUndefined();
  expect(await other.getMetricHistory(runId, 'loss')).toHaveLength(1);
}

describe('runTraining', () => {
  it('should end a run FINISHED with every epoch when nothing goes wrong', async () => {
    await runTraining(request(), deps((context) => fitTiny(context, { epochs: 3 })));
    expect(ended()).toMatchObject({ status: 'FINISHED', worker: { writerId: client.writerId, numTensors: tf.memory().numTensors } });
    const run = await client.getRun(ended().runId as RunId);
    expect(run.status).toBe('FINISHED');
    expect(run.metrics.loss?.count).toBe(3);
  });

  it('should start the preload with the checked params before the backend starts', async () => {
    const order: string[] = [];
    await runTraining(request(), {
      ...deps(async () => {
        order.push('recipe');
        return { stopped: false };
      }),
      preload: (recipe, params) => order.push(`preload ${recipe} epochs=${params.epochs} lr=${params.learning_rate}`),
      selectBackend: async () => {
        order.push('backend');
        return { backend: 'cpu', tags: {} };
      },
    });
    // The defaults are filled in: the preload sees what the recipe will train with.
    expect(order).toEqual(['preload iris_logreg epochs=10 lr=0.05', 'backend', 'recipe']);
    expect(ended().status).toBe('FINISHED');
  });

  it('should create a search trial as a child of its parent run, with its extra tags', async () => {
    const parent = await other.createRun({ runName: 'search' });
    await runTraining(
      { ...request(), parentRunId: parent.runId, tags: { 'trainyard.search.trial': '4' } },
      deps((context) => fitTiny(context, { epochs: 1 })),
    );
    const run = await client.getRun(ended().runId as RunId);
    expect(run.parentRunId).toBe(parent.runId);
    expect(run.tags['mlflow.parentRunId']).toBe(parent.runId);
    expect(run.tags['trainyard.search.trial']).toBe('4');
    expect(run.experimentId).toBe(parent.experimentId);
  });

  it('should end the run FAILED with the reason when the recipe throws, keeping what it logged', async () => {
    const bystanderId = await bystander();
    await runTraining(
      request(),
      deps(async (context) => {
        await fitTiny(context, { epochs: 2 });
        throw new Error('the recipe broke after training');
      }),
    );
    expect(ended()).toMatchObject({ status: 'FAILED', error: 'the recipe broke after training' });
    const run = await client.getRun(ended().runId as RunId);
    expect(run.status).toBe('FAILED');
    expect(run.endTime).not.toBeNull();
    expect(run.tags['trainyard.error']).toBe('the recipe broke after training');
    expect(run.tags['trainyard.failure_kind']).toBe('error');
    expect(run.params).toMatchObject({ epochs: '10', seed: '1' });
    expect(await client.getMetricHistory(run.runId, 'loss')).toHaveLength(2);
    await expectBystanderUntouched(bystanderId);
  });

  it('should end the run FAILED with "loss became NaN at epoch N" and stop training there', async () => {
    const bystanderId = await bystander();
    await runTraining(request(), deps((context) => fitTiny(context, { epochs: 10, nanFromEpoch: 2 })));
    const run = await client.getRun(ended().runId as RunId);
    expect(run.status).toBe('FAILED');
    expect(run.tags['trainyard.failure_kind']).toBe('nan');
    expect(run.tags['trainyard.error']).toMatch(/^loss became NaN at epoch 3 \(step 2\)/);
    const history = await client.getMetricHistory(run.runId, 'loss');
    // Epochs 0 and 1 are kept as they were; training stopped after the NaN epoch, not at epoch 10.
    expect(history.map((p) => p.step)).toEqual([0, 1, 2]);
    expect(history.slice(0, 2).every((p) => Number.isFinite(p.value))).toBe(true);
    expect(history[2]?.value).toBeNaN();
    await expectBystanderUntouched(bystanderId);
  });

  it('should end the run FAILED as a storage error when metric writes fail, keeping the points written before', async () => {
    const bystanderId = await bystander();
    let failedAt: number | null = null;
    let lastEpoch = 0;
    await runTraining(
      request(),
      deps((context) =>
        fitTiny(context, {
          epochs: 50,
          onEpoch: (epoch) => {
            lastEpoch = epoch;
            if (epoch === 2) {
              failedAt = epoch;
              setStoreFault({ kind: 'error', writes: ['metrics'] });
            }
          },
        }),
      ),
    );
    expect(failedAt).toBe(2);
    // Epoch 2's write failed at epoch 3's end; Stop took at epoch 4's first batch: not 50 epochs.
    expect(lastEpoch).toBe(4);
    const run = await client.getRun(ended().runId as RunId);
    expect(run.status).toBe('FAILED');
    expect(run.tags['trainyard.failure_kind']).toBe('storage');
    expect(run.tags['trainyard.error']).toMatch(/^Could not save this run's data: Simulated storage error/);
    const history = await client.getMetricHistory(run.runId, 'loss');
    // Epochs 0-1 were written before the fault; the failed write stopped training (not 50 epochs).
    expect(history.map((p) => p.step)).toEqual([0, 1]);
    expect(run.metrics.loss?.count).toBe(2);
    expect(run.metrics.loss?.latest.step).toBe(1);
    setStoreFault(null);
    await expectBystanderUntouched(bystanderId);
  });

  it('should end the run FAILED with a "Storage is full" message and kind quota, and train again once space is back', async () => {
    setStoreFault({ kind: 'quota', writes: ['metrics'], after: 1 });
    await runTraining(request(), deps((context) => fitTiny(context, { epochs: 50 })));
    const run = await client.getRun(ended().runId as RunId);
    expect(run.status).toBe('FAILED');
    expect(run.tags['trainyard.failure_kind']).toBe('quota');
    expect(run.tags['trainyard.error']).toMatch(/^Storage is full: .* Free space on the Storage page \(#\/storage\) and train again\.$/);
    expect(ended().error).toBe(run.tags['trainyard.error']);
    expect(run.params).toMatchObject({ epochs: '10' });
    expect(run.metrics.loss?.count).toBeGreaterThanOrEqual(1);
    expect((await client.getMetricHistory(run.runId, 'loss')).length).toBe(run.metrics.loss?.count);

    setStoreFault(null);
    posted = [];
    await runTraining(request(), deps((context) => fitTiny(context, { epochs: 2 })));
    expect(ended()).toMatchObject({ status: 'FINISHED' });
    expect((await client.getRun(ended().runId as RunId)).metrics.loss?.count).toBe(2);
  });

  it('should fail as quota when the model artifact cannot be stored', async () => {
    stopAutolog();
    stopAutolog = autolog(tf, client, { logModels: true });
    setStoreFault({ kind: 'quota', writes: ['artifacts'] });
    await runTraining(request(), deps((context) => fitTiny(context, { epochs: 2 })));
    const run = await client.getRun(ended().runId as RunId);
    expect(run.status).toBe('FAILED');
    expect(run.tags['trainyard.failure_kind']).toBe('quota');
    expect(run.metrics.loss?.count).toBe(2);
    expect(await client.listArtifacts(run.runId)).toEqual([]);
  });

  it('should end the run KILLED when Stop is pressed', async () => {
    const state = newTrainingState();
    await runTraining(
      request(),
      deps((context) => fitTiny(context, { epochs: 50, onEpoch: (e) => {
        if (e === 1) state.stop = true;
      } })),
      state,
    );
    expect(ended()).toMatchObject({ status: 'KILLED' });
    // Stop is seen at the next batch (epoch 2's first), which still runs and ends its epoch.
    expect((await client.getRun(ended().runId as RunId)).metrics.loss?.count).toBe(3);
  });
});

describe('Trainer and a database upgrade in another tab', () => {
  it('should end the current run KILLED with the reason, then close so the upgrade goes ahead', async () => {
    const trainer = new Trainer(deps((context) => fitTiny(context, { epochs: 100_000 })));
    const done = trainer.train(request());
    await expect.poll(async () => (await db.runs.toArray())[0]?.metrics.loss?.count ?? 0).toBeGreaterThan(1);
    const runId = (await db.runs.toArray())[0]?.runId as RunId;

    // Another tab opens the database at a higher version (Dexie's version 3 is IndexedDB's 30).
    const upgraded = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(db.name, 1000);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await done;
    expect(db.versionChanged).toBe(true);
    expect(db.isOpen()).toBe(false);
    upgraded.close();

    const reader = new TrainyardDB(db.name);
    // Read with the plain connection: today's schema can't open the newer version.
    const row = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const open = indexedDB.open(db.name);
      open.onsuccess = () => {
        const get = open.result.transaction('runs').objectStore('runs').get(runId);
        get.onsuccess = () => {
          resolve(get.result as Record<string, unknown>);
          open.result.close();
        };
        get.onerror = () => reject(get.error);
      };
      open.onerror = () => reject(open.error);
    });
    reader.close();
    expect(row.status).toBe('KILLED');
    expect((row.tags as Record<string, string>)['trainyard.killedReason']).toBe(UPDATED_ELSEWHERE);
    expect(ended()).toMatchObject({ status: 'KILLED', error: UPDATED_ELSEWHERE });
  });
});
