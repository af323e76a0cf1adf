import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { restoreBestWeights } from './bestWeights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('restoreBestWeights', () => {
  it('should stop after `patience` epochs without improvement and restore the best epoch\u2019s weights', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], useBias: false })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const setKernel = (v: number) => model.setWeights([tf.tensor2d([[v]])]);
    const kernel = () => (model.getWeights()[0]?.dataSync()[0] ?? NaN);
    const before = tf.memory().numTensors;
    const best = restoreBestWeights(model, { monitor: 'val_loss', patience: 2 });
    const losses = [5, 3, 4, 4.5]; // best at epoch 1; epochs 2 and 3 don't improve
    for (const [epoch, loss] of losses.entries()) {
      setKernel(epoch + 10);
      await best.callback.onEpochEnd(epoch, { val_loss: loss });
    }
    expect(model.stopTraining).toBe(true);
    await best.callback.onTrainEnd();
    expect(best.bestEpoch()).toBe(1);
    expect(kernel()).toBe(11);
    // The snapshots were released (setKernel's inputs were kept by setWeights' copies only).
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + losses.length);
    model.dispose();
  });

  it('should ignore epochs without the monitored value', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const best = restoreBestWeights(model, { monitor: 'val_loss', patience: 1 });
    await best.callback.onEpochEnd(0, { loss: 1 });
    await best.callback.onTrainEnd();
    expect(best.bestEpoch()).toBe(-1);
    expect(model.stopTraining).toBeFalsy();
    model.dispose();
  });
});
