/**
 * What every recipe's fit shares: progress to the page (epoch, batch, ETA) and Stop at the next
 * batch. autolog (installed by the worker) does the logging; this only adds the two callbacks.
 */
import type * as tf from '@tensorflow/tfjs';
import type { RecipeContext } from './runner.types';

export interface FitOptions {
  epochs: number;
  batchSize: number;
  validationSplit?: number;
  samples: number;
}

/**
 * Callbacks reporting progress at most every 100 ms and stopping the model when Stop is pressed.
 * They use onBatchBegin, not onBatchEnd: TF.js reads the batch's loss and metrics back from the
 * backend (a GPU sync on webgl) before every onBatchEnd callback, and these callbacks need neither.
 * Stop is seen before the next batch starts; that batch still runs, then fit ends.
 */
export function trainingCallbacks(context: RecipeContext, model: tf.LayersModel, options: FitOptions) {
  const trainSamples = Math.floor(options.samples * (1 - (options.validationSplit ?? 0)));
  const batchesPerEpoch = Math.max(1, Math.ceil(trainSamples / options.batchSize));
  const totalBatches = batchesPerEpoch * options.epochs;
  const started = performance.now();
  let epoch = 0;
  let done = 0;
  let lastPost = 0;
  const report = (batch: number, force: boolean) => {
    const now = performance.now();
    if (!force && now - lastPost < 100) return;
    lastPost = now;
    const elapsedMs = now - started;
    context.onProgress({
      epoch,
      epochs: options.epochs,
      batch,
      batchesPerEpoch,
      elapsedMs,
      etaMs: done > 0 ? (elapsedMs / done) * (totalBatches - done) : null,
    });
  };
  return {
    stopped: () => context.stopRequested(),
    callback: {
      onEpochBegin: async (e: number) => {
        epoch = e;
        report(0, true);
      },
      onBatchBegin: async (batch: number) => {
        if (batch > 0) done += 1;
        if (context.stopRequested()) model.stopTraining = true;
        report(batch, false);
      },
      onEpochEnd: async () => {
        done += 1; // the epoch's last batch
        report(batchesPerEpoch, true);
      },
    } satisfies tf.CustomCallbackArgs,
  };
}

/** A model and its optimizer's state (Adam's moments live on the optimizer, not the model). */
export function disposeModel(model: tf.LayersModel): void {
  const optimizer = model.optimizer as (tf.Optimizer & { c?: tf.Tensor }) | undefined;
  optimizer?.dispose();
  // TF.js 4.22: MomentumOptimizer.dispose() skips SGDOptimizer's, leaking its -learning-rate scalar `c`.
  if (optimizer?.getClassName() === 'Momentum' && optimizer.c && !optimizer.c.isDisposed) optimizer.c.dispose();
  model.dispose();
}
