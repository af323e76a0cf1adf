import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { withSeededMathRandom } from '../../tfjs/seededRandom';
import { fastDense, fastDensePath, type DenseArgs } from './fastDense';
import { sparseBatchFromDense } from './sparseBatch';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** rows × width with ~`density` non-zeros: 1s (binary), small whole counts, or real weights. */
function bagOfWords(rows: number, width: number, kind: 'binary' | 'count' | 'real', seed = 1, density = 0.08): tf.Tensor2D {
  const random = seeded(seed);
  const values = new Float32Array(rows * width);
  for (let i = 0; i < values.length; i++) {
    if (i % width === 0 || random() > density) continue; // column 0 stays empty, as Keras's reserved column
    values[i] = kind === 'binary' ? 1 : kind === 'count' ? 1 + Math.floor(random() * 4) : 0.1 + random() * 2;
  }
  return tf.tensor2d(values, [rows, width]);
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

function disposeWeights(...layers: tf.layers.Layer[]): void {
  for (const layer of layers) for (const w of layer.weights) w.dispose();
}

/** A built layer pair (Keras Dense and FastDense) sharing the same weights. */
function layerPair(args: DenseArgs, width: number, options: Parameters<typeof fastDense>[2]) {
  const plain = tf.layers.dense(args);
  const fast = fastDense(tf, args, options);
  plain.build([null, width]);
  fast.build([null, width]);
  fast.setWeights(plain.getWeights());
  return { plain, fast };
}

/** Output and gradients (kernel, bias, and x when wanted) of sum(layer(x) · r). */
function outputAndGrads(layer: tf.layers.Layer, x: tf.Tensor2D, r: tf.Tensor2D, withInput: boolean) {
  const [kernel, bias] = layer.trainableWeights.map((w) => w.read());
  const output = layer.apply(x, { training: true }) as tf.Tensor2D;
  const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, r)) as tf.Scalar, [
    kernel as tf.Variable,
    bias as tf.Variable,
  ]);
  const dx = withInput ? tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, r)))(x) : null;
  return { output, dKernel: grads[(kernel as tf.Variable).name] as tf.Tensor, dBias: grads[(bias as tf.Variable).name] as tf.Tensor, dx };
}

describe('sparseBatchFromDense', () => {
  it('should list entries by row and by column, repeating whole counts', () => {
    const dense = [
      [0, 1, 0, 2, 0, 0, 0, 0],
      [0, 0, 1, 0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0, 0, 0, 1],
    ].flat();
    const batch = sparseBatchFromDense(dense, 3, 8);
    expect(batch).not.toBeNull();
    expect(Array.from(batch?.byRow.rows ?? [])).toEqual([0, 0, 0, 1, 2, 2]);
    expect(Array.from(batch?.byRow.columns ?? [])).toEqual([1, 3, 3, 2, 0, 7]);
    expect(Array.from(batch?.byColumn.columns ?? [])).toEqual([0, 1, 2, 3, 3, 7]);
    expect(Array.from(batch?.byColumn.rows ?? [])).toEqual([2, 0, 1, 0, 0, 2]);
  });

  it('should refuse fractions, negatives, huge counts and dense batches', () => {
    expect(sparseBatchFromDense([0, 0.5, 0, 0], 1, 4)).toBeNull();
    expect(sparseBatchFromDense([0, -1, 0, 0], 1, 4)).toBeNull();
    expect(sparseBatchFromDense([0, 256, 0, 0, 0, 0, 0, 0], 1, 8)).toBeNull();
    expect(sparseBatchFromDense([1, 1, 0, 0], 1, 4)).toBeNull();
    expect(() => sparseBatchFromDense([0, 0], 1, 4)).toThrow(RangeError);
  });

  it('should accept an all-zero batch', () => {
    expect(sparseBatchFromDense(new Float32Array(12), 3, 4)?.byRow.rows.length).toBe(0);
  });
});

describe('fastDense', () => {
  const width = 61;
  const units = 17;
  const cases = [
    { name: 'first layer, binary bag of words (sparse kernels)', kind: 'binary', options: { inputIsData: true, sparseInputs: true }, path: 'sparse' },
    { name: 'first layer, word counts (sparse kernels, repeated rows)', kind: 'count', options: { inputIsData: true, sparseInputs: true }, path: 'sparse' },
    { name: 'first layer, tf-idf weights (dense kernels)', kind: 'real', options: { inputIsData: true, sparseInputs: true }, path: 'dense' },
    { name: 'hidden layer (dense kernels with an input gradient)', kind: 'real', options: { inputIsData: false }, path: 'dense' },
  ] as const;

  for (const c of cases) {
    it(`should match tf.layers.dense to 1e-5: ${c.name}`, () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const { plain, fast } = layerPair({ units, activation: 'relu', kernelInitializer: 'glorotUniform', biasInitializer: 'randomNormal' }, width, c.options);
        const x = bagOfWords(9, width, c.kind);
        expect(fastDensePath(tf, fast, x)).toBe(c.path);
        const r = tf.randomNormal([9, units], 0, 1, 'float32', 3) as tf.Tensor2D;
        const withInput = !c.options.inputIsData;
        const a = outputAndGrads(plain, x, r, withInput);
        const b = outputAndGrads(fast, x, r, withInput);
        expect(maxAbsDiff(a.output, b.output)).toBeLessThan(1e-5);
        expect(maxAbsDiff(a.dKernel, b.dKernel)).toBeLessThan(1e-5);
        expect(maxAbsDiff(a.dBias, b.dBias)).toBeLessThan(1e-5);
        if (withInput) expect(maxAbsDiff(a.dx as tf.Tensor, b.dx as tf.Tensor)).toBeLessThan(1e-5);
        // The gradient is not trivially zero.
        expect(tf.max(tf.abs(b.dKernel)).dataSync()[0]).toBeGreaterThan(1e-3);
        disposeWeights(plain, fast);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('should handle documents without words, including the last rows of a batch', () => {
    tf.tidy(() => {
      const { plain, fast } = layerPair({ units: 5, kernelInitializer: 'glorotUniform', biasInitializer: 'ones' }, 8, { inputIsData: true, sparseInputs: true });
      const x = tf.tensor2d([[0, 1, 0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]]);
      const r = tf.randomNormal([4, 5], 0, 1, 'float32', 5) as tf.Tensor2D;
      const a = outputAndGrads(plain, x, r, false);
      const b = outputAndGrads(fast, x, r, false);
      expect(b.output.shape).toEqual([4, 5]);
      expect(maxAbsDiff(a.output, b.output)).toBeLessThan(1e-6);
      expect(maxAbsDiff(a.dKernel, b.dKernel)).toBeLessThan(1e-6);
      const empty = tf.zeros([3, 8]) as tf.Tensor2D;
      expect(maxAbsDiff(plain.apply(empty) as tf.Tensor, fast.apply(empty) as tf.Tensor)).toBe(0);
      disposeWeights(plain, fast);
    });
  });

  it('should refuse sparse inputs on a layer whose input needs a gradient', () => {
    expect(() => fastDense(tf, { units: 2 }, { sparseInputs: true })).toThrow(/inputIsData/);
  });
});

/** The Keras reuters_mlp shape, small: Dense(relu) → Dropout → Dense(softmax), Adam. */
function mlp(kind: 'keras' | 'fast', width: number, hidden: number, classes: number): tf.Sequential {
  const first: DenseArgs = { units: hidden, activation: 'relu', inputShape: [width], kernelInitializer: 'glorotUniform' };
  const last: DenseArgs = { units: classes, activation: 'softmax', kernelInitializer: 'glorotUniform' };
  const model = tf.sequential({
    layers: [
      kind === 'keras' ? tf.layers.dense(first) : fastDense(tf, first, { inputIsData: true, sparseInputs: true }),
      tf.layers.dropout({ rate: 0.5 }),
      kind === 'keras' ? tf.layers.dense(last) : fastDense(tf, last),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

describe('an MLP with fastDense layers', () => {
  const width = 41;
  const x = () => bagOfWords(48, width, 'binary', 7, 0.15);
  const y = () => tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: 48 }, (_, i) => (i * 7) % 4), 'int32'), 4).asType('float32') as tf.Tensor2D);

  async function train(kind: 'keras' | 'fast') {
    return withSeededMathRandom(11, async () => {
      const model = mlp(kind, width, 16, 4);
      const initial = model.getWeights().map((w) => w.dataSync().slice());
      const [xs, ys] = [x(), y()];
      const history = await model.fit(xs, ys, { epochs: 3, batchSize: 8, shuffle: true, verbose: 0 });
      const weights = model.getWeights().map((w) => w.dataSync().slice());
      tf.dispose([xs, ys]);
      return { model, initial, weights, loss: history.history.loss as number[] };
    });
  }

  it('should train like the Keras layers: same initial weights, same losses and weights after 3 epochs', async () => {
    const before = tf.memory().numTensors;
    const keras = await train('keras');
    const fast = await train('fast');
    expect(fast.initial).toEqual(keras.initial);
    fast.loss.forEach((loss, i) => expect(Math.abs(loss - (keras.loss[i] as number))).toBeLessThan(1e-5));
    expect(fast.loss[2]).toBeLessThan(fast.loss[0] as number);
    fast.weights.forEach((w, i) => {
      const k = keras.weights[i] as Float32Array;
      let diff = 0;
      for (let j = 0; j < w.length; j++) diff = Math.max(diff, Math.abs((w[j] as number) - (k[j] as number)));
      expect(diff, `weight ${i}`).toBeLessThan(1e-4);
    });
    for (const m of [keras.model, fast.model]) {
      m.optimizer.dispose();
      m.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('should save as a plain Dense model that tf.loadLayersModel loads and that predicts the same', async () => {
    const model = mlp('fast', width, 8, 3);
    let artifacts: tf.io.ModelArtifacts | null = null;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const topology = JSON.stringify((artifacts as unknown as tf.io.ModelArtifacts).modelTopology);
    expect(topology).toContain('"class_name":"Dense"');
    expect(topology).not.toMatch(/FastDense|inputIsData|sparse/);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts as unknown as tf.io.ModelArtifacts));
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dropout', 'Dense']);
    expect(Object.getPrototypeOf(loaded.layers[0]).constructor).toBe(Object.getPrototypeOf(tf.layers.dense({ units: 1 })).constructor);
    const input = x();
    expect(maxAbsDiff(model.predict(input) as tf.Tensor, loaded.predict(input) as tf.Tensor)).toBeLessThan(1e-6);
    tf.dispose(input);
    model.dispose();
    loaded.dispose();
  });
});
