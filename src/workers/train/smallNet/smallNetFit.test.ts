/**
 * The small-network engine against TF.js's own fit: the same model (weights copied), the same seeded
 * Math.random (so tf.util.shuffle draws the same batches) and the same fit arguments must give the
 * same per-epoch logs and weights to float32 rounding, the same callbacks in the same order, and the
 * same response to Stop. The engine must decline what it does not compute.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../domain/ml/random';
import { runFit, type Fit } from '../../tfjs/fitEngine';
import { networkSpec, trainWithSmallNet } from './smallNetFit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterAll(() => tf.disposeVariables());

const tfFit: Fit = (model, x, y, args) => model.fit(x, y, args);
const TWIN_SEED = 17;

type Build = () => tf.LayersModel;

/**
 * Two identical compiled models (the second gets the first's initial weights). The initial weights
 * are seeded: float32 sums added in another order differ in the last bit, and over a few epochs a
 * ReLU near zero can turn that into 1e-4; with random weights the comparison would pass or fail by
 * chance.
 */
function twins(build: Build): [tf.LayersModel, tf.LayersModel] {
  const original = Math.random;
  Math.random = createRandom(TWIN_SEED);
  let a: tf.LayersModel;
  try {
    a = build();
  } finally {
    Math.random = original;
  }
  const b = build();
  b.setWeights(a.getWeights());
  return [a, b];
}

/** Runs `fn` with Math.random seeded, as the training worker does. */
async function seeded<T>(seed: number, fn: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = createRandom(seed);
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}

/** A table whose target depends on its columns (deterministic). */
function table(rows: number, inputs: number, classes = 0): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const random = createRandom(7);
  const xs = Float32Array.from({ length: rows * inputs }, () => random() * 2 - 1);
  const score = (r: number) => Array.from({ length: inputs }, (_, i) => (xs[r * inputs + i] as number) * (i % 2 ? 1 : -0.5)).reduce((s, v) => s + v, 0);
  const x = tf.tensor2d(xs, [rows, inputs]);
  if (classes > 0) {
    const labels = Array.from({ length: rows }, (_, r) => Math.min(classes - 1, Math.max(0, Math.floor((score(r) + 1) * (classes / 2)))));
    return { x, y: tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat() as tf.Tensor2D };
  }
  return { x, y: tf.tensor2d(Array.from({ length: rows }, (_, r) => 5 + score(r) + 0.1 * Math.sin(r)), [rows, 1]) };
}

interface Trace {
  events: string[];
  epochLogs: tf.Logs[];
}

/** Callbacks recording every call, with the logs' keys and the epoch logs' values. */
function recorder(stopAt?: { epoch: number; batch: number }): { trace: Trace; callbacks: tf.CustomCallbackArgs; model: { current: tf.LayersModel | null } } {
  const trace: Trace = { events: [], epochLogs: [] };
  const model = { current: null as tf.LayersModel | null };
  let epochNow = 0;
  const keys = (logs?: tf.Logs) => Object.keys(logs ?? {}).join(',');
  return {
    trace,
    model,
    callbacks: {
      onTrainBegin: async () => void trace.events.push('trainBegin'),
      onEpochBegin: async (epoch) => {
        epochNow = epoch;
        trace.events.push(`epochBegin ${epoch}`);
      },
      onBatchBegin: async (batch, logs) => {
        trace.events.push(`batchBegin ${batch} [${keys(logs)}]`);
        if (stopAt && model.current && epochNow === stopAt.epoch && batch === stopAt.batch) model.current.stopTraining = true;
      },
      onBatchEnd: async (batch, logs) => void trace.events.push(`batchEnd ${batch} [${keys(logs)}] size ${String(logs?.size)}`),
      onEpochEnd: async (epoch, logs) => {
        trace.events.push(`epochEnd ${epoch} [${keys(logs)}]`);
        trace.epochLogs.push({ ...logs });
      },
      onTrainEnd: async () => void trace.events.push('trainEnd'),
    },
  };
}

async function trainBoth(build: Build, data: { x: tf.Tensor2D; y: tf.Tensor2D }, args: tf.ModelFitArgs, stopAt?: { epoch: number; batch: number }) {
  const [reference, engine] = twins(build);
  expect(trainWithSmallNet(tf, engine)).toBeNull();
  const run = async (model: tf.LayersModel) => {
    const r = recorder(stopAt);
    r.model.current = model;
    const history = await seeded(3, () => runFit(model, tfFit, data.x, data.y, { ...args, callbacks: r.callbacks, yieldEvery: 'never' }));
    return { trace: r.trace, history, weights: model.getWeights().map((w) => Array.from(w.dataSync())) };
  };
  return { tfjs: await run(reference), engine: await run(engine), models: [reference, engine] as const };
}

function expectClose(actual: number[], expected: number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(0, ...actual.map((a, i) => Math.abs(a - (expected[i] as number)) / Math.max(1, Math.abs(expected[i] as number))));
  expect(worst).toBeLessThan(tolerance);
}

function compare(result: Awaited<ReturnType<typeof trainBoth>>, tolerance: number): void {
  expect(result.engine.trace.events).toEqual(result.tfjs.trace.events);
  result.tfjs.trace.epochLogs.forEach((expected, epoch) => {
    const actual = result.engine.trace.epochLogs[epoch] ?? {};
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    expectClose(Object.values(actual) as number[], Object.values(expected) as number[], tolerance);
  });
  result.tfjs.weights.forEach((w, i) => expectClose(result.engine.weights[i] as number[], w, tolerance));
  expect(Object.keys(result.engine.history.history)).toEqual(Object.keys(result.tfjs.history.history));
}

describe('smallNetEngine', () => {
  it('should train a ReLU MLP with a rescaled output like TF.js (Adam, MSE, mae, validation split, partial last batch)', async () => {
    const build: Build = () => {
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ units: 8, activation: 'relu', inputShape: [5] }),
          tf.layers.dense({ units: 6, activation: 'relu' }),
          tf.layers.dense({ units: 1 }),
          tf.layers.rescaling({ scale: 0.8, offset: 5 }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError', metrics: ['mae'] });
      return model;
    };
    const result = await trainBoth(build, table(90, 5), { epochs: 6, batchSize: 16, validationSplit: 0.2, shuffle: true, verbose: 0 });
    compare(result, 2e-5);
    expect(Object.keys(result.engine.trace.epochLogs[0] ?? {})).toEqual(['val_loss', 'val_mae', 'loss', 'mae']);
  });

  it('should train softmax regression with cross-entropy and accuracy like TF.js', async () => {
    const build: Build = () => {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })] });
      model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      return model;
    };
    compare(await trainBoth(build, table(60, 4, 3), { epochs: 15, batchSize: 16, verbose: 0 }), 2e-5);
  });

  it('should train a hidden layer with momentum SGD, and a linear model with L1/L2 penalties, like TF.js', async () => {
    const momentum: Build = () => {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 7, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 1 })] });
      model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'meanSquaredError' });
      return model;
    };
    compare(await trainBoth(momentum, table(50, 3), { epochs: 5, batchSize: 8, validationSplit: 0.25, verbose: 0 }), 2e-5);
    const elastic: Build = () => {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [6], kernelRegularizer: tf.regularizers.l1l2({ l1: 0.05, l2: 0.02 }) })] });
      model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError', metrics: ['mae'] });
      return model;
    };
    compare(await trainBoth(elastic, table(70, 6), { epochs: 8, batchSize: 32, verbose: 0 }), 2e-5);
    const plain: Build = () => {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, activation: 'softmax', inputShape: [3], useBias: false })] });
      model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy', metrics: ['acc'] });
      return model;
    };
    compare(await trainBoth(plain, table(40, 3, 2), { epochs: 4, batchSize: 10, verbose: 0 }), 2e-5);
  });

  it('should stop where TF.js stops when a callback sets stopTraining mid-epoch', async () => {
    const build: Build = () => {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 1 })] });
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError', metrics: ['mae'] });
      return model;
    };
    const result = await trainBoth(build, table(64, 3), { epochs: 5, batchSize: 8, validationSplit: 0.25, verbose: 0 }, { epoch: 1, batch: 2 });
    compare(result, 2e-5);
    expect(result.engine.trace.events.at(-2)).toBe('epochEnd 1 [loss,mae]');
  });

  it('should log no loss, as TF.js, when the validation split leaves no training row', async () => {
    const build: Build = () => {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError', metrics: ['mae'] });
      return model;
    };
    // 1 row, validation_split 0.5: floor(1 × 0.5) = 0 rows train, the one row validates.
    const result = await trainBoth(build, table(1, 2), { epochs: 2, batchSize: 4, validationSplit: 0.5, verbose: 0 });
    expect(result.engine.trace.epochLogs.map((l) => Object.keys(l))).toEqual(result.tfjs.trace.epochLogs.map((l) => Object.keys(l)));
    expect(result.engine.trace.epochLogs.every((l) => l.loss === undefined)).toBe(true);
  });

  it('should repeat a seeded run bit for bit', async () => {
    const build = () => {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 6, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })] });
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
      return model;
    };
    const data = table(50, 4);
    const once = async () => {
      const model = await seeded(11, async () => build());
      trainWithSmallNet(tf, model);
      await seeded(12, () => runFit(model, tfFit, data.x, data.y, { epochs: 4, batchSize: 8, verbose: 0 }));
      return model.getWeights().map((w) => Array.from(w.dataSync()));
    };
    expect(await once()).toEqual(await once());
  });

  it('should decline models and fits it does not compute, leaving them to TF.js', async () => {
    const sigmoid = tf.sequential({ layers: [tf.layers.dense({ units: 2, activation: 'sigmoid', inputShape: [3] }), tf.layers.dense({ units: 1 })] });
    sigmoid.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    expect(networkSpec(tf, sigmoid)).toBe('activation sigmoid');
    expect(trainWithSmallNet(tf, sigmoid)).toBe('activation sigmoid');
    const linearHidden = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] }), tf.layers.dense({ units: 1 })] });
    linearHidden.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    expect(networkSpec(tf, linearHidden)).toBe('a hidden layer that is not ReLU');
    const dropout = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], activation: 'relu' }), tf.layers.dropout({ rate: 0.5 }), tf.layers.dense({ units: 1 })] });
    dropout.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    expect(networkSpec(tf, dropout)).toBe('layer Dropout');
    const rms = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
    rms.compile({ optimizer: tf.train.rmsprop(0.01), loss: 'meanSquaredError' });
    expect(networkSpec(tf, rms)).toBe('optimizer RMSProp');
    const hinge = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
    hinge.compile({ optimizer: 'sgd', loss: 'meanAbsoluteError' });
    expect(networkSpec(tf, hinge)).toBe('loss meanAbsoluteError');

    // A fit with validationData goes to TF.js: its History comes back with the val_ keys TF.js logs.
    const [reference, engine] = twins(() => {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
      model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
      return model;
    });
    trainWithSmallNet(tf, engine);
    const data = table(20, 3);
    const args = { epochs: 2, batchSize: 5, verbose: 0 as const, validationData: [data.x, data.y] as [tf.Tensor, tf.Tensor] };
    const expected = await seeded(1, () => reference.fit(data.x, data.y, args));
    const actual = await seeded(1, () => runFit(engine, tfFit, data.x, data.y, args));
    expect(actual.history).toEqual(expected.history);
  });

  it('should leave a plain model that TF.js saves and loads with the trained weights', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }), tf.layers.dense({ units: 1 }), tf.layers.rescaling({ scale: 2, offset: 1 })] });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    trainWithSmallNet(tf, model);
    const data = table(30, 2);
    const before = (model.predict(data.x) as tf.Tensor).dataSync().slice();
    await runFit(model, tfFit, data.x, data.y, { epochs: 3, batchSize: 10, verbose: 0 });
    const after = (model.predict(data.x) as tf.Tensor).dataSync();
    expect(Array.from(after)).not.toEqual(Array.from(before));
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved as unknown as tf.io.ModelArtifacts));
    expect(Array.from((loaded.predict(data.x) as tf.Tensor).dataSync())).toEqual(Array.from(after));
  });
});
