/**
 * Keras's EarlyStopping(restore_best_weights=True), which TF.js lacks: stop when the validation
 * loss has not improved for `patience` epochs, and put back the weights of the best epoch. Small
 * tabular networks overfit within a few dozen epochs (red wine: test RMSE 0.73 after 60 epochs,
 * 0.77 after 200), so the recipe's epoch count becomes a ceiling rather than a guess.
 */
import type * as tf from '@tensorflow/tfjs';

export function restoreBestWeights(model: tf.LayersModel, options: { monitor: string; patience: number }) {
  let best = Infinity;
  let bestEpoch = -1;
  let snapshot: tf.Tensor[] | null = null;
  const drop = () => {
    for (const t of snapshot ?? []) t.dispose();
    snapshot = null;
  };
  return {
    bestEpoch: () => bestEpoch,
    callback: {
      onEpochEnd: async (epoch: number, logs?: tf.Logs) => {
        const value = logs?.[options.monitor];
        if (typeof value !== 'number' || !Number.isFinite(value)) return;
        if (value < best) {
          best = value;
          bestEpoch = epoch;
          drop();
          snapshot = model.getWeights().map((w) => w.clone());
        } else if (epoch - bestEpoch >= options.patience) {
          model.stopTraining = true;
        }
      },
      onTrainEnd: async () => {
        if (snapshot) model.setWeights(snapshot);
        drop();
      },
    } satisfies tf.CustomCallbackArgs,
  };
}
