import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { averageWeights } from './weightAveraging';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function oneWeightModel() {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [1] })] });
  const set = (v: number) => model.setWeights([tf.tensor2d([[v, 2 * v]]), tf.tensor1d([v, -v])]);
  const read = () => model.getWeights().map((w) => Array.from(w.dataSync()));
  return { model, set, read };
}

describe('averageWeights', () => {
  it('should make the final weights the mean of the weights at the end of every epoch from the 1-based start epoch', async () => {
    const { model, set, read } = oneWeightModel();
    const swa = averageWeights(tf, model, { startEpoch: 3 });
    const kernels = [100, 200, 1, 2, 6]; // epochs 1..5; averaging from epoch 3 takes 1, 2 and 6
    for (const [epoch, v] of kernels.entries()) {
      set(v);
      await swa.callback.onEpochEnd(epoch);
    }
    const before = tf.memory().numTensors;
    await swa.callback.onTrainEnd();
    expect(swa.averaged()).toBe(3);
    expect(read()).toEqual([[3, 6], [3, -3]]);
    // The running means were released: only setWeights' own copies remain.
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    model.dispose();
  });

  it('should leave the weights alone when training ends before the start epoch', async () => {
    const { model, set, read } = oneWeightModel();
    const swa = averageWeights(tf, model, { startEpoch: 10 });
    set(7);
    await swa.callback.onEpochEnd(0);
    await swa.callback.onTrainEnd();
    expect(swa.averaged()).toBe(0);
    expect(read()).toEqual([[7, 14], [7, -7]]);
    model.dispose();
  });

  it('should release its tensors when fit fails before the end', async () => {
    const { model, set } = oneWeightModel();
    set(1);
    const baseline = tf.memory().numTensors;
    const swa = averageWeights(tf, model, { startEpoch: 1 });
    await swa.callback.onEpochEnd(0);
    await swa.callback.onEpochEnd(1);
    expect(tf.memory().numTensors).toBeGreaterThan(baseline);
    swa.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    model.dispose();
  });
});
