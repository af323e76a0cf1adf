/**
 * The `random_forest` entry point of the wine and CSV recipes: scikit-learn's RandomForestRegressor
 * / RandomForestClassifier (domain/ml/forest), as in MLflow's H2O wine example (`ntrees` there is
 * `n_estimators` here). Trained on the same prepared table as the MLP (the same split, the same
 * standardised features, which a forest's splits don't care about but the playground's
 * preprocessing then serves unchanged), one tree per task so progress reaches the page and Stop is
 * heard between trees. Logs the MLP's test metrics and predictions.csv, the feature importances,
 * fit_seconds, the out-of-bag score, and the model: forest.json with an MLmodel of its own flavor.
 */
import type { TabularDataset, TaskKind } from '../../../domain/datasets/dataset.types';
import { featureImportances } from '../../../domain/ml/forest/featureImportance';
import { encodeForest } from '../../../domain/ml/forest/forestFormat';
import { parseMaxFeatures } from '../../../domain/ml/forest/options';
import { predictForest } from '../../../domain/ml/forest/predict';
import { ForestTrainer } from '../../../domain/ml/forest/randomForest';
import type { Forest, ForestOptions } from '../../../domain/ml/forest/forest.types';
import { buildMlmodelYaml, FOREST_JSON_FILE } from '../../../domain/model/mlmodel';
import { TAG_FIT_ENGINE } from '../../../domain/tracking/computedOn';
import { logClassificationEvaluation, logRegressionEvaluation } from './evaluate';
import { nextTask } from './nextTask';
import type { RecipeContext, RecipeOutcome } from './runner.types';
import { logTableInfo, prepareTable, type PreparedTable } from './tabularData';

export const FEATURE_IMPORTANCES_FILE = 'feature_importances.json';
const MODEL_FOLDER = 'model';
const EXAMPLE_ROWS = 5;

/**
 * The forest's options from the run's params: max_depth 0 is no limit (scikit-learn's None), and
 * max_features `auto` leaves scikit-learn's default for the task (all features for regression, sqrt
 * for classification).
 */
export function forestOptions(params: Record<string, number | string>): ForestOptions {
  const maxDepth = Number(params.max_depth);
  const maxFeatures = String(params.max_features);
  return {
    nEstimators: Number(params.n_estimators),
    maxDepth: maxDepth > 0 ? maxDepth : null,
    minSamplesLeaf: Number(params.min_samples_leaf),
    ...(maxFeatures === 'auto' ? {} : { maxFeatures: parseMaxFeatures(maxFeatures) }),
    seed: Number(params.seed),
  };
}

/** Builds the trees one per task, reporting "trees built / total"; null when Stop was pressed. */
async function growForest(context: RecipeContext, trainer: ForestTrainer): Promise<Forest | null> {
  const started = performance.now();
  let lastPost = 0;
  while (!trainer.done) {
    if (context.stopRequested()) return null;
    trainer.buildNextTree();
    const now = performance.now();
    if (now - lastPost >= 100 || trainer.done) {
      lastPost = now;
      const elapsedMs = now - started;
      context.onProgress({
        unit: 'tree',
        epoch: trainer.built,
        epochs: trainer.total,
        batch: 0,
        batchesPerEpoch: 1,
        elapsedMs,
        etaMs: (elapsedMs / trainer.built) * (trainer.total - trainer.built),
      });
    }
    // Lets the Stop message, the metric writer's timer and IndexedDB's events in between trees.
    await nextTask();
  }
  // Stop may have arrived while the last tree grew: the run ends KILLED, as an MLP stopped in its last epoch.
  return context.stopRequested() ? null : trainer.forest();
}

/** The model folder's files: forest.json, MLmodel (flavor trainyard_forest) and the input example. */
function modelFiles(context: RecipeContext, forest: Forest, prepared: PreparedTable, labels: readonly string[]) {
  const forestJson = encodeForest(forest, { featureNames: prepared.features, ...(labels.length > 0 ? { classLabels: [...labels] } : {}) });
  const width = prepared.features.length;
  const rows = Math.min(EXAMPLE_ROWS, prepared.trainRows);
  const example = Array.from({ length: rows }, (_, r) => Array.from(prepared.xTrain.subarray(r * width, (r + 1) * width)));
  const tensor = (name: string, shape: number[]) => ({ type: 'tensor' as const, name, 'tensor-spec': { dtype: 'float32', shape } });
  const mlmodel = buildMlmodelYaml({
    runId: context.runId,
    artifactPath: MODEL_FOLDER,
    forest: { task: forest.task, nEstimators: forest.trees.length },
    utcTimeCreated: new Date(),
    signature: {
      inputs: [tensor('features', [-1, width])],
      outputs: [tensor(forest.task === 'classification' ? 'probabilities' : 'prediction', [-1, forest.outputs])],
    },
    inputExample: { artifactPath: 'input_example.json', type: 'ndarray' },
    modelSizeBytes: forestJson.length,
  });
  return [
    { path: `${MODEL_FOLDER}/${FOREST_JSON_FILE}`, content: forestJson },
    { path: `${MODEL_FOLDER}/MLmodel`, content: mlmodel },
    { path: `${MODEL_FOLDER}/input_example.json`, content: JSON.stringify({ inputs: example }) },
  ];
}

/** A plain-text description of the forest (model_summary.txt, as TF.js models have theirs). */
function forestSummary(forest: Forest, features: readonly string[]): string {
  const nodes = forest.trees.reduce((n, t) => n + t.nodeCount, 0);
  const leaves = forest.trees.reduce((n, t) => n + t.leaf.filter((l) => l >= 0).length, 0);
  const o = forest.options;
  return [
    `Random forest (${forest.task}): ${forest.trees.length} trees, ${nodes} nodes, ${leaves} leaves`,
    `max_depth=${o.maxDepth ?? 'None'} min_samples_leaf=${o.minSamplesLeaf} max_features=${String(o.maxFeatures)} bootstrap=${String(o.bootstrap)} seed=${o.seed}`,
    `inputs (${features.length}): ${features.join(', ')}`,
    `outputs: ${forest.outputs}`,
    '',
  ].join('\n');
}

export async function runForest(
  context: RecipeContext,
  table: { dataset: TabularDataset; digest: string; target: string; task: TaskKind; labels: readonly string[]; prepared: PreparedTable },
): Promise<RecipeOutcome> {
  const { client, runId } = context;
  const { prepared, task, labels } = table;
  await logTableInfo(context, { name: table.dataset.name, digest: table.digest, prepared, ...(task === 'classification' ? { labels } : {}) });
  await client.logParams({ target: table.target }, { runId });
  await client.setTags({ 'trainyard.task': task, [TAG_FIT_ENGINE]: 'forest' }, { runId });
  const started = performance.now();
  const trainer = new ForestTrainer(
    {
      x: prepared.xTrain,
      y: prepared.yTrain,
      rows: prepared.trainRows,
      features: prepared.features.length,
      task,
      ...(task === 'classification' ? { classes: labels.length } : {}),
    },
    forestOptions(context.params),
  );
  const forest = await growForest(context, trainer);
  if (!forest) return { stopped: true };
  const fitSeconds = (performance.now() - started) / 1000;
  const oob = trainer.oob();
  client.logMetrics(
    {
      fit_seconds: fitSeconds,
      tree_nodes: forest.trees.reduce((n, t) => n + t.nodeCount, 0),
      ...(oob ? { [task === 'classification' ? 'oob_accuracy' : 'oob_r2']: oob.score } : {}),
    },
    { runId },
  );
  const predictions = predictForest(forest, prepared.xTest, prepared.testRows);
  if (task === 'classification') {
    await logClassificationEvaluation(context, { yTrue: prepared.yTest, probabilities: Float32Array.from(predictions), labels, yTrain: prepared.yTrain });
  } else {
    await logRegressionEvaluation(context, { yTrain: prepared.yTrain, yTest: prepared.yTest, predictions });
  }
  const importances = Array.from(featureImportances(forest));
  await Promise.all([
    client.logDict({ method: 'mean_decrease_in_impurity', features: prepared.features, importances }, FEATURE_IMPORTANCES_FILE, { runId }),
    client.logText(['feature,importance', ...prepared.features.map((f, i) => `${csvField(f)},${importances[i]}`)].join('\n') + '\n', 'feature_importances.csv', { runId }),
    client.logText(forestSummary(forest, prepared.features), 'model_summary.txt', { runId }),
    ...modelFiles(context, forest, prepared, labels).map((file) => client.logArtifact(file.content, file.path, { runId })),
  ]);
  return { stopped: false };
}

/** A CSV field, quoted when it holds a comma, quote or line break. */
function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Prepares the table as the MLP recipes do (no log transform: a forest's splits don't change with it). */
export function prepareForestTable(context: RecipeContext, dataset: TabularDataset, target: string, task: TaskKind): PreparedTable {
  return prepareTable({
    dataset,
    target,
    testFraction: Number(context.params.test_fraction),
    seed: Number(context.params.seed),
    stratify: task === 'classification',
  });
}
