import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { decodeForest } from '../../../domain/ml/forest/forestFormat';
import { predictForest } from '../../../domain/ml/forest/predict';
import { importDataset } from '../../../services/training/datasetImport';
import { setupRecipeHarness } from '../../../test/recipeHarness';
import { forestOptions } from './forest';
import { runCsv, runWine } from './tabular';

const { harness, runRecipe } = setupRecipeHarness();

/** A wine-like table: quality depends on alcohol and acidity, not on the noise column. */
function wineCsv(rows: number): string {
  const lines = ['"alcohol";"acidity";"noise";"quality"'];
  for (let i = 0; i < rows; i++) {
    const alcohol = 9 + ((i * 37) % 50) / 10;
    const acidity = ((i * 53) % 40) / 10;
    const noise = ((i * 71) % 23) / 7;
    lines.push(`${alcohol.toFixed(1)};${acidity.toFixed(1)};${noise.toFixed(2)};${Math.round(alcohol / 2 - acidity / 2 + 1)}`);
  }
  return lines.join('\n');
}

async function text(runId: string, path: string): Promise<string> {
  return (await harness.client.downloadArtifact(runId as never, path)).text();
}

async function trainWineForest(params: Record<string, number | string> = {}, stopAfterBatches = Infinity) {
  const dataset = await importDataset(harness.client, wineCsv(240), { fileName: 'wine.csv' });
  return runRecipe({ runner: runWine, recipe: 'wine_quality', entryPoint: 'random_forest', params: { dataset, n_estimators: 12, ...params }, stopAfterBatches });
}

describe('random_forest entry point', () => {
  it('should train, log test metrics, importances, fit time and a forest model with its own MLmodel flavor', async () => {
    const { stored, runId, progress } = await trainWineForest();
    expect(stored.status).toBe('FINISHED');
    expect(stored.tags['trainyard.fit_engine']).toBe('forest');
    expect(stored.params).toMatchObject({ train_size: '180', test_size: '60', target: 'quality' });
    for (const key of ['test_rmse', 'test_mae', 'test_r2', 'test_baseline_rmse', 'fit_seconds', 'tree_nodes', 'oob_r2']) expect(stored.metrics[key], key).toBeDefined();
    expect(stored.metrics.test_rmse!.latest.value).toBeLessThan(stored.metrics.test_baseline_rmse!.latest.value / 2);
    // Progress counts trees, up to all of them.
    expect(progress.every((p) => p.unit === 'tree')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ epoch: 12, epochs: 12 });

    const importances = JSON.parse(await text(runId, 'feature_importances.json')) as { features: string[]; importances: number[] };
    expect(importances.features).toEqual(['alcohol', 'acidity', 'noise']);
    expect(importances.importances.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(importances.importances[2]).toBeLessThan(0.1);
    expect((await text(runId, 'feature_importances.csv')).split('\n')[0]).toBe('feature,importance');

    const mlmodel = parse(await text(runId, 'model/MLmodel')) as { flavors: Record<string, unknown>; run_id: string; signature: { inputs: string } };
    expect(mlmodel.flavors).toEqual({ trainyard_forest: { forest_json: 'forest.json', format_version: 1, task: 'regression', n_estimators: 12 } });
    expect(mlmodel.run_id).toBe(runId);
    expect(JSON.parse(mlmodel.signature.inputs)).toEqual([{ type: 'tensor', name: 'features', 'tensor-spec': { dtype: 'float32', shape: [-1, 3] } }]);
    const { forest, meta } = decodeForest(await text(runId, 'model/forest.json'));
    expect(forest.trees).toHaveLength(12);
    expect(meta.featureNames).toEqual(['alcohol', 'acidity', 'noise']);
    // The logged model predicts the logged test predictions.
    const example = JSON.parse(await text(runId, 'model/input_example.json')) as { inputs: number[][] };
    expect(example.inputs).toHaveLength(5);
    expect(Array.from(predictForest(forest, example.inputs.flat(), 5)).every(Number.isFinite)).toBe(true);
    const predictions = (await text(runId, 'predictions.csv')).trim().split('\n');
    expect(predictions).toHaveLength(61);
    const files = (await harness.client.listArtifacts(runId)).map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['model', 'model_summary.txt', 'preprocessing.json', 'feature_importances.json']));
  });

  it('should give the same forest for the same seed, and another for another seed', async () => {
    const a = await trainWineForest({ n_estimators: 5 });
    const b = await trainWineForest({ n_estimators: 5 });
    const c = await trainWineForest({ n_estimators: 5, seed: 7 });
    const forestOf = (runId: string) => text(runId, 'model/forest.json');
    expect(await forestOf(b.runId)).toBe(await forestOf(a.runId));
    expect(await forestOf(c.runId)).not.toBe(await forestOf(a.runId));
  });

  it('should stop between trees when Stop is pressed, without test metrics or a model', async () => {
    const { outcome, stored, runId } = await trainWineForest({ n_estimators: 50 }, 3);
    expect(outcome.stopped).toBe(true);
    expect(stored.status).toBe('KILLED');
    expect(stored.metrics.test_rmse).toBeUndefined();
    expect((await harness.client.listArtifacts(runId)).map((f) => f.path)).not.toContain('model');
  });

  it('should end KILLED when Stop arrives while the last tree grows', async () => {
    // 3 trees: Stop is asked before each tree (3 times) and once after the last; it turns true then.
    const { outcome, stored } = await trainWineForest({ n_estimators: 3 }, 3);
    expect(outcome.stopped).toBe(true);
    expect(stored.status).toBe('KILLED');
    expect(stored.metrics.test_rmse).toBeUndefined();
  });

  it('should classify with the CSV recipe, logging class probabilities and the labels', async () => {
    const csv = ['size,weight,kind', ...Array.from({ length: 150 }, (_, i) => `${i % 10},${(i * 7) % 13},${i % 10 < 5 ? 'small' : 'large'}`)].join('\n');
    const dataset = await importDataset(harness.client, csv, { fileName: 'kinds.csv' });
    const { stored, runId } = await runRecipe({
      runner: runCsv,
      recipe: 'csv',
      entryPoint: 'random_forest',
      params: { dataset, target: 'kind', task: 'auto', n_estimators: 8 },
    });
    expect(stored.status).toBe('FINISHED');
    expect(stored.tags['trainyard.task']).toBe('classification');
    expect(stored.metrics.test_accuracy?.latest.value).toBe(1);
    expect(stored.metrics.oob_accuracy).toBeDefined();
    const { forest, meta } = decodeForest(await text(runId, 'model/forest.json'));
    expect(forest.outputs).toBe(2);
    expect(meta.classLabels).toEqual(['large', 'small']);
  });

  it('should read max_depth 0 as no limit and max_features auto as the task default', () => {
    expect(forestOptions({ n_estimators: 10, max_depth: 0, min_samples_leaf: 2, max_features: 'auto', seed: 1 })).toEqual({
      nEstimators: 10, maxDepth: null, minSamplesLeaf: 2, seed: 1,
    });
    expect(forestOptions({ n_estimators: 10, max_depth: 4, min_samples_leaf: 1, max_features: '1.0', seed: 1 })).toMatchObject({ maxDepth: 4, maxFeatures: 'all' });
    expect(forestOptions({ n_estimators: 10, max_depth: 4, min_samples_leaf: 1, max_features: '0.33', seed: 1 }).maxFeatures).toBeCloseTo(0.33);
  });
});
