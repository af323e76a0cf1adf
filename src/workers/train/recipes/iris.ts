/**
 * iris_logreg: the beginner's first run. Multinomial logistic regression (one softmax layer) on
 * the four standardised Iris measurements, with a stratified test split.
 */
import { irisDataset, IRIS_TARGET } from '../../../domain/datasets/builtins';
import { logClassificationEvaluation } from './evaluate';
import { chooseFitEngine, disposeModel, FIT_YIELD, trainingCallbacks } from './fitLoop';
import type { RecipeRunner } from './runner.types';
import { logTableInfo, prepareTable, tableDigest } from './tabularData';

export const runIris: RecipeRunner = async (context) => {
  const { tf, params } = context;
  const dataset = irisDataset();
  const labels = dataset.categorical?.[IRIS_TARGET] ?? [];
  const prepared = prepareTable({
    dataset,
    target: IRIS_TARGET,
    testFraction: Number(params.test_fraction),
    seed: Number(params.seed),
    stratify: true,
  });
  await logTableInfo(context, { name: dataset.name, digest: await tableDigest(dataset), prepared, labels });

  const features = prepared.features.length;
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: labels.length, inputShape: [features], activation: 'softmax' })],
  });
  model.compile({ optimizer: tf.train.adam(Number(params.learning_rate)), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  chooseFitEngine(context, model);
  const xTrain = tf.tensor2d(prepared.xTrain, [prepared.trainRows, features]);
  const yTrain = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(prepared.yTrain), 'int32'), labels.length));
  const xTest = tf.tensor2d(prepared.xTest, [prepared.testRows, features]);
  try {
    const epochs = Number(params.epochs);
    const batchSize = 16;
    const progress = trainingCallbacks(context, model, { epochs, batchSize, samples: prepared.trainRows });
    await model.fit(xTrain, yTrain, { epochs, batchSize, shuffle: true, verbose: 0, ...FIT_YIELD, callbacks: [progress.callback] });
    if (progress.stopped()) return { stopped: true };
    const probabilities = tf.tidy(() => model.predict(xTest) as ReturnType<typeof tf.tensor2d>);
    const values = (await probabilities.data()) as Float32Array;
    probabilities.dispose();
    await logClassificationEvaluation(context, { yTrue: prepared.yTest, probabilities: values, labels, yTrain: prepared.yTrain });
    return { stopped: false };
  } finally {
    tf.dispose([xTrain, yTrain, xTest]);
    disposeModel(model);
  }
};
