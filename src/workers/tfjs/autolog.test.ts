import * as tf from '@tensorflow/tfjs';
import { parse } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TrainyardDB } from '../../db/schema';
import { TrackingClient } from '../../db/trackingClient';
import { autolog } from './autolog';
import { setFitEngine } from './fitEngine';

let db: TrainyardDB;
let client: TrackingClient;
let stop: () => void;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(async () => {
  db = new TrainyardDB(`autolog-${crypto.randomUUID()}`);
  await db.open();
  client = new TrackingClient({ db, flushIntervalMs: 5 });
  stop = autolog(tf, client);
});

afterEach(async () => {
  stop();
  await client.close();
  await db.delete();
});

afterAll(() => tf.disposeVariables());

function tinyModel(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, inputShape: [3], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  return model;
}

function data(n: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const xs = Array.from({ length: n }, (_, i) => [i / n, (i % 3) / 3, 1 - i / n]);
  return { x: tf.tensor2d(xs), y: tf.tensor2d(xs.map((r) => [(r[0] ?? 0) * 2 - (r[2] ?? 0)])) };
}

describe('autolog', () => {
  it('should log fit params, optimizer config, per-epoch metrics and the model into the active run', async () => {
    const model = tinyModel();
    const { x, y } = data(20);
    const run = await client.startRun({ runName: 'tiny' });
    const history = await model.fit(x, y, { epochs: 3, batchSize: 8, validationSplit: 0.25, verbose: 0 });
    await client.endRun();

    const stored = await client.getRun(run.runId);
    expect(stored.status).toBe('FINISHED');
    expect(stored.params).toEqual({
      epochs: '3',
      initial_epoch: '0',
      batch_size: '8',
      validation_split: '0.25',
      validation_data: 'None',
      opt_name: 'Adam',
      opt_learning_rate: '0.01',
      opt_beta_1: '0.9',
      opt_beta_2: '0.999',
      opt_epsilon: '1e-7',
      loss: 'meanSquaredError',
    });
    expect(stored.tags['mlflow.autologging']).toBe('tfjs');
    for (const key of ['loss', 'val_loss'] as const) {
      const points = await client.getMetricHistory(run.runId, key);
      expect(points.map((p) => p.step)).toEqual([0, 1, 2]);
      expect(points.map((p) => p.value)).toEqual(history.history[key]);
    }
    const files = (await client.listArtifacts(run.runId, 'model')).map((f) => f.path);
    expect(files).toEqual(['model/input_example.json', 'model/MLmodel', 'model/model.json', 'model/weights.bin']);
    const summary = await (await client.downloadArtifact(run.runId, 'model_summary.txt')).text();
    expect(summary).toContain('Total params: 21');

    const mlmodel = parse(await (await client.downloadArtifact(run.runId, 'model/MLmodel')).text()) as Record<string, unknown>;
    expect(mlmodel.run_id).toBe(run.runId);
    expect(mlmodel.artifact_path).toBe('model');
    const signature = mlmodel.signature as { inputs: string; outputs: string };
    expect(JSON.parse(signature.inputs)[0]['tensor-spec']).toEqual({ dtype: 'float32', shape: [-1, 3] });
    const example = JSON.parse(await (await client.downloadArtifact(run.runId, 'model/input_example.json')).text());
    expect(example.inputs).toHaveLength(5);

    // The logged model loads back and predicts what the trained one predicts.
    const modelJson = JSON.parse(await (await client.downloadArtifact(run.runId, 'model/model.json')).text());
    const weights = await (await client.downloadArtifact(run.runId, 'model/weights.bin')).arrayBuffer();
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData: weights }),
    );
    const probe = tf.tensor2d([[0.1, 0.2, 0.3]]);
    expect((loaded.predict(probe) as tf.Tensor).dataSync()[0]).toBeCloseTo((model.predict(probe) as tf.Tensor).dataSync()[0] ?? NaN, 6);
    tf.dispose([x, y, probe]);
    model.dispose();
    loaded.dispose();
  });

  it('should start a run when none is active and end it FINISHED, or FAILED when fit throws', async () => {
    const model = tinyModel();
    const { x, y } = data(8);
    await model.fit(x, y, { epochs: 1, verbose: 0 });
    expect(client.activeRunId()).toBeNull();
    const [finished] = (await client.searchRuns('')).runs;
    expect(finished?.status).toBe('FINISHED');
    expect(finished?.tags['mlflow.autologging']).toBe('tfjs');

    const bad = tf.tensor2d([[1, 2]]); // wrong width: fit throws
    await expect(model.fit(bad, tf.tensor2d([[1]]), { epochs: 1, verbose: 0 })).rejects.toThrow();
    const failed = (await client.searchRuns("attributes.status = 'FAILED'")).runs;
    expect(failed).toHaveLength(1);
    expect(failed[0]?.tags['trainyard.error']).toMatch(/shape|expected/i);
    tf.dispose([x, y, bad]);
    model.dispose();
  });

  it('should stop a fit whose loss becomes NaN and fail its run with the epoch, by default (TerminateOnNaN)', async () => {
    const model = tinyModel();
    const x = tf.tensor2d([[0, 0, 1], [1, 1, 0], [0.5, 0.5, 0.5], [1, 0, 1]]);
    const y = tf.tensor2d([[0], [NaN], [1], [2]]); // a missing target: the loss is NaN from the first epoch
    await expect(model.fit(x, y, { epochs: 20, batchSize: 4, verbose: 0 })).rejects.toThrow(/^loss became NaN at epoch 1 \(step 0\)/);
    const [failed] = (await client.searchRuns("attributes.status = 'FAILED'")).runs;
    expect(failed?.tags['trainyard.error']).toMatch(/^loss became NaN at epoch 1/);
    expect(failed?.tags['trainyard.failure_kind']).toBe('nan');
    // Training stopped at the first NaN epoch instead of running all 20.
    expect(failed?.metrics.loss?.count).toBe(1);

    // Turned off, the fit runs to its end as TF.js's own fit does.
    stop();
    stop = autolog(tf, client, { terminateOnNaN: false });
    await model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0 });
    const [finished] = (await client.searchRuns("attributes.status = 'FINISHED'")).runs;
    expect(finished?.metrics.loss?.count).toBe(3);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('should log early-stopping settings and the stopped epoch', async () => {
    const model = tinyModel();
    const { x, y } = data(20);
    await client.startRun();
    // A huge minDelta means no epoch counts as an improvement, so training stops after `patience`.
    const stopper = tf.callbacks.earlyStopping({ monitor: 'loss', patience: 1, minDelta: 1e9 });
    await model.fit(x, y, { epochs: 10, verbose: 0, callbacks: [stopper] });
    const runId = client.activeRunId();
    await client.endRun();
    if (!runId) throw new Error('no run');
    const run = await client.getRun(runId);
    expect(run.params).toMatchObject({ monitor: 'loss', patience: '1', min_delta: '-1000000000', mode: 'auto' });
    expect(run.metrics.stopped_epoch?.latest.value).toBe(1);
    expect(run.metrics.loss?.count).toBe(2);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('should return the tensor count to its baseline after a logged fit', async () => {
    const model = tinyModel();
    const { x, y } = data(16);
    await client.startRun();
    await model.fit(x, y, { epochs: 1, verbose: 0 }); // creates the optimizer's slots
    const baseline = tf.memory().numTensors;
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
    expect(tf.memory().numTensors).toBe(baseline);
    // A second fit in one run keeps the first fit's params (MLflow's rule) and says so, without failing.
    const run = await client.getRun(client.activeRunId() as never);
    expect(run.params.epochs).toBe('1');
    expect(run.tags['trainyard.autolog_warning']).toContain('epochs');
    await client.endRun();
    tf.dispose([x, y]);
    model.dispose();
  });

  it("should keep the fit's yieldEvery for the callbacks it wraps (no animation-frame waits with 'never')", async () => {
    const model = tinyModel();
    const { x, y } = data(40);
    let frames = 0;
    let batches = 0;
    const callback = { nextFrameFunc: async () => void (frames += 1), onBatchEnd: async () => void (batches += 1) };
    await client.startRun({ runName: 'yield' });
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, yieldEvery: 'never', callbacks: [callback] });
    expect([batches, frames]).toEqual([20, 0]);
    await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0, yieldEvery: 'batch', callbacks: [callback] });
    expect([batches, frames]).toEqual([30, 10]);
    await client.endRun();
    tf.dispose([x, y]);
    model.dispose();
  });

  it('should log fitDataset runs too, with batch metrics every N batches when asked', async () => {
    stop();
    stop = autolog(tf, client, { logEveryNBatches: 2, logModels: false });
    const model = tinyModel();
    const { x, y } = data(16);
    const dataset = tf.data.zip({ xs: tf.data.array(x.arraySync()), ys: tf.data.array(y.arraySync()) }).batch(4);
    const run = await client.startRun();
    await model.fitDataset(dataset as never, { epochs: 2, verbose: 0 });
    await client.endRun();
    const stored = await client.getRun(run.runId);
    expect(stored.params).toMatchObject({ epochs: '2', initial_epoch: '0', opt_name: 'Adam', loss: 'meanSquaredError' });
    expect(stored.metrics.loss?.count).toBe(2);
    // 4 batches an epoch, 8 in all, logged at every 2nd: steps 2, 4, 6, 8.
    expect((await client.getMetricHistory(run.runId, 'batch/loss')).map((p) => p.step)).toEqual([2, 4, 6, 8]);
    expect((await client.listArtifacts(run.runId)).map((f) => f.path)).toEqual(['model_summary.txt']);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('should not log anything once turned off', async () => {
    stop();
    const model = tinyModel();
    const { x, y } = data(8);
    await model.fit(x, y, { epochs: 1, verbose: 0 });
    expect((await client.searchRuns('')).runs).toHaveLength(0);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('autolog with a fit engine', () => {
  it("should run a tf.Sequential's fit through the engine set for it (its inner model's fit is what autolog patches)", async () => {
    const model = tinyModel();
    const { x, y } = data(12);
    const calls: string[] = [];
    setFitEngine(model, async (fitting, _x, _y, args) => {
      calls.push(`fit ${String(args?.epochs)} ${fitting === model ? 'outer' : 'inner'}`);
      await (args?.callbacks as tf.CustomCallback[] | undefined)?.at(-1)?.onEpochEnd(0, { loss: 0.5 });
      return { epoch: [0], history: { loss: [0.5] }, params: {} } as unknown as tf.History;
    });
    const run = await client.startRun({ runName: 'engine' });
    await model.fit(x, y, { epochs: 2, verbose: 0 });
    await client.endRun();
    expect(calls).toEqual(['fit 2 inner']);
    // autolog's session was around it: its params and the engine's epoch logs are in the run.
    const stored = await client.getRun(run.runId);
    expect(stored.params.epochs).toBe('2');
    expect(stored.metrics.loss?.latest.value).toBe(0.5);
  });

  it("should fall back to TF.js's fit when the engine declines", async () => {
    const model = tinyModel();
    const { x, y } = data(12);
    setFitEngine(model, () => null);
    const history = await model.fit(x, y, { epochs: 2, verbose: 0 });
    expect(history.history.loss).toHaveLength(2);
  });
});
