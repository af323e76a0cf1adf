/**
 * MLflow's hyperparameter example, ported: the wine-quality network (standardised features →
 * Dense(64, relu) → Dense(1)) trained with SGD with momentum on mean squared error, on a
 * train/validation/test split of 56/19/25 (a quarter for test, then a quarter of the rest for
 * validation, as two calls of sklearn's train_test_split give). The search tunes learning_rate
 * (log-uniform) and momentum (uniform) by validation RMSE; each run logs train, validation and
 * test RMSE. The target is not rescaled, as in the example, so a too-large learning rate diverges
 * (the run then ends FAILED with "loss became NaN", which a search records as a failed trial).
 */
import type * as tf from '@tensorflow/tfjs';
import { WINE_TARGET } from '../../../domain/datasets/builtins';
import { rmse } from '../../../domain/ml/metrics';
import { logRegressionEvaluation } from './evaluate';
import { chooseFitEngine, disposeModel, FIT_YIELD, trainingCallbacks } from './fitLoop';
import { loadTabular } from './loadDataset';
import type { RecipeContext, RecipeOutcome } from './runner.types';
import { logTableInfo, prepareTable } from './tabularData';

/** Rows `[0, cut)` of the training split train and the rest validate, as fit's validationSplit cuts them. */
export function validationCut(trainRows: number, validationFraction: number): number {
  return Math.floor(trainRows * (1 - validationFraction));
}

export async function runWineSgd(context: RecipeContext): Promise<RecipeOutcome> {
  const { tf: tfjs, params, client, runId } = context;
  const { dataset, digest } = await loadTabular(client, String(params.dataset));
  const prepared = prepareTable({
    dataset,
    target: WINE_TARGET,
    testFraction: Number(params.test_fraction),
    seed: Number(params.seed),
    stratify: false,
  });
  await logTableInfo(context, { name: dataset.name, digest, prepared });
  await client.logParams({ target: WINE_TARGET }, { runId });
  const inputs = prepared.features.length;
  const cut = validationCut(prepared.trainRows, Number(params.validation_fraction));
  await client.logParams({ fit_size: cut, validation_size: prepared.trainRows - cut }, { runId });
  await client.setTag('trainyard.task', 'regression', { runId });

  const model = tfjs.sequential({
    layers: [
      tfjs.layers.dense({ units: 64, activation: 'relu', inputShape: [inputs] }),
      tfjs.layers.dense({ units: 1 }),
    ],
  });
  model.compile({
    optimizer: tfjs.train.momentum(Number(params.learning_rate), Number(params.momentum)),
    loss: 'meanSquaredError',
  });
  chooseFitEngine(context, model);
  const x = tfjs.tensor2d(prepared.xTrain, [prepared.trainRows, inputs]);
  const y = tfjs.tensor2d(Float32Array.from(prepared.yTrain), [prepared.trainRows, 1]);
  const xTest = tfjs.tensor2d(prepared.xTest, [prepared.testRows, inputs]);
  const validationSplit = Number(params.validation_fraction);
  try {
    const epochs = Number(params.epochs);
    const batchSize = Number(params.batch_size);
    const progress = trainingCallbacks(context, model, { epochs, batchSize, validationSplit, samples: prepared.trainRows });
    await model.fit(x, y, { epochs, batchSize, validationSplit, shuffle: true, verbose: 0, ...FIT_YIELD, callbacks: [progress.callback] });
    if (progress.stopped()) return { stopped: true };
    const predict = async (input: tf.Tensor): Promise<Float32Array> => {
      const out = model.predict(input) as tf.Tensor;
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    };
    const fitted = await predict(x);
    const yTrain = prepared.yTrain;
    client.logMetrics(
      {
        train_rmse: rmse(yTrain.subarray(0, cut), fitted.subarray(0, cut)),
        val_rmse: rmse(yTrain.subarray(cut), fitted.subarray(cut)),
      },
      { runId },
    );
    await logRegressionEvaluation(context, { yTrain: yTrain.subarray(0, cut), yTest: prepared.yTest, predictions: await predict(xTest) });
    return { stopped: false };
  } finally {
    tfjs.dispose([x, y, xTest]);
    disposeModel(model);
  }
}
