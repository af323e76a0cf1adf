/**
 * What every recipe's fit shares: progress to the page (epoch, batch, ETA), Stop at the next batch,
 * and a turn for the worker's other tasks before every batch. autolog (installed by the worker)
 * does the logging; this only adds the callbacks.
 */
import type * as tf from '@tensorflow/tfjs';
import { smallNetAvailable, trainedBySmallNet, trainWithSmallNet } from '../smallNet/smallNetFit';
import { TAG_FIT_ENGINE } from '../../../domain/tracking/computedOn';
import { nextTask } from './nextTask';
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
 *
 * Before every batch the fit lets the worker's waiting tasks run (`nextTask`): the Stop message,
 * the tracking client's timed write of the epoch metrics autolog buffered, IndexedDB's events.
 * Without that, a fit whose steps never wait for anything (every fit with `yieldEvery: 'never'`)
 * runs as one task: its metrics reach the store only when it ends, and Stop is read only then.
 * So Stop is seen before the next batch starts; that batch still runs, then fit ends. The fit must
 * be given `yieldEvery: 'never'` (`FIT_YIELD`): TF.js's own yield waits for an animation frame.
 */
export function trainingCallbacks(context: RecipeContext, model: tf.LayersModel, options: FitOptions) {
  const trainSamples = Math.floor(options.samples * (1 - (options.validationSplit ?? 0)));
  const batchesPerEpoch = Math.max(1, Math.ceil(trainSamples / options.batchSize));
  const totalBatches = batchesPerEpoch * options.epochs;
  const started = performance.now();
  let epoch = 0;
  let done = 0;
  let lastPost = 0;
  let trainedThisEpoch = 0;
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
      onTrainBegin: async () => {
        await context.client.setTag(TAG_FIT_ENGINE, trainedBySmallNet(model) ? 'smallnet' : 'tfjs', { runId: context.runId });
      },
      onEpochBegin: async (e: number) => {
        epoch = e;
        trainedThisEpoch = 0;
        report(0, true);
      },
      onBatchBegin: async (batch: number) => {
        await nextTask();
        if (batch > 0) done += 1;
        trainedThisEpoch = batch + 1;
        if (context.stopRequested()) model.stopTraining = true;
        report(batch, false);
      },
      onEpochEnd: async () => {
        done += 1; // the epoch's last batch
        // An epoch cut short by Stop ends at the batch it reached, not at the epoch's last.
        report(trainedThisEpoch, true);
      },
    } satisfies tf.CustomCallbackArgs,
  };
}

/**
 * The fit's `yieldEvery`: no waits of TF.js's own (an animation frame every 125 ms by default, which a
 * worker draws nothing for and a hidden tab's worker may not get); `trainingCallbacks` yields instead.
 */
export const FIT_YIELD = { yieldEvery: 'never' } as const;

/** A model and its optimizer's state (Adam's moments live on the optimizer, not the model). */
export function disposeModel(model: tf.LayersModel): void {
  const optimizer = model.optimizer as (tf.Optimizer & { c?: tf.Tensor }) | undefined;
  optimizer?.dispose();
  // TF.js 4.22: MomentumOptimizer.dispose() skips SGDOptimizer's, leaking its -learning-rate scalar `c`.
  if (optimizer?.getClassName() === 'Momentum' && optimizer.c && !optimizer.c.isDisposed) optimizer.c.dispose();
  model.dispose();
}

/**
 * Hands a compiled model to the small-network engine, which trains it when it can (Dense layers on
 * tables: several times faster than TF.js's fit, same math); otherwise TF.js's fit does. The run's
 * TAG_FIT_ENGINE says which did (set when training begins, by `trainingCallbacks`).
 */
export function chooseFitEngine(context: RecipeContext, model: tf.LayersModel): void {
  if (smallNetAvailable()) trainWithSmallNet(context.tf, model);
}
